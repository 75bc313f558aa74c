using QualityZone.Features.Enterprises;
using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using QualityZone.Infrastructure.Auth;
using QualityZone.Infrastructure.Data;

namespace QualityZone.Features.Evaluations;

/// <summary>
/// A weighted criterion of the yearly evaluation of admitted enterprises (dynamic management,
/// task 6.2). Computed criteria are scored from the platform's own data; the others are entered by
/// the zone office. Weights add up to 100.
/// </summary>
public sealed class EvaluationCriterion
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public required string Code { get; set; }
    public required string NameZh { get; set; }
    public string? NameEn { get; set; }
    public int Weight { get; set; }
    public bool Computed { get; set; }
    public int SortOrder { get; set; }
    public bool IsActive { get; set; } = true;

    public string Name => Infrastructure.Localization.Text.Pick(NameZh, NameEn);
}

/// <summary>One enterprise's evaluation for one year: scores per criterion, the weighted total, the grade.</summary>
public sealed class Evaluation : IAggregatePart, IEnterpriseOwned
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public Guid EnterpriseId { get; set; }
    public int Year { get; set; }
    public decimal Total { get; set; }
    public required string Grade { get; set; }
    public required string EvaluatedBy { get; set; }
    public DateTimeOffset EvaluatedAt { get; set; }
    public List<EvaluationScore> Scores { get; set; } = [];
    Guid IAggregatePart.AggregateId => EnterpriseId;
}

public sealed class EvaluationScore
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public Guid EvaluationId { get; set; }
    public Guid CriterionId { get; set; }
    public int Weight { get; set; }
    public int Score { get; set; }
    public bool Computed { get; set; }
    public string? Note { get; set; }
}

/// <summary>Grade thresholds: a total at or above A, B or C gets that grade; below C is D.</summary>
public sealed record GradeThresholds(int A, int B, int C)
{
    public const string SettingKey = "evaluation.grade-thresholds";
    public static readonly GradeThresholds Default = new(90, 75, 60);

    public string GradeOf(decimal total) => total >= A ? "A" : total >= B ? "B" : total >= C ? "C" : "D";

    public bool IsValid => A is > 0 and <= 100 && B > 0 && C > 0 && A > B && B > C;

    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{A},{B},{C}");

    public static GradeThresholds Parse(string? value)
    {
        var parts = (value ?? "").Split(',').Select(p => int.TryParse(p, NumberStyles.Integer, CultureInfo.InvariantCulture, out var i) ? i : -1).ToArray();
        var thresholds = parts.Length == 3 ? new GradeThresholds(parts[0], parts[1], parts[2]) : Default;
        return thresholds.IsValid ? thresholds : Default;
    }
}

public sealed class EvaluationConfiguration :
    IEntityTypeConfiguration<EvaluationCriterion>, IEntityTypeConfiguration<Evaluation>, IEntityTypeConfiguration<EvaluationScore>
{
    public void Configure(EntityTypeBuilder<EvaluationCriterion> builder)
    {
        builder.ToTable("evaluation_criteria");
        builder.Property(c => c.Id).ValueGeneratedNever();
        builder.Property(c => c.Code).HasMaxLength(64);
        builder.Property(c => c.NameZh).HasMaxLength(200);
        builder.Property(c => c.NameEn).HasMaxLength(300);
        builder.HasIndex(c => c.Code).IsUnique();
        builder.Ignore(c => c.Name);
    }

    public void Configure(EntityTypeBuilder<Evaluation> builder)
    {
        builder.ToTable("evaluations");
        builder.Property(e => e.Id).ValueGeneratedNever();
        builder.Property(e => e.Total).HasPrecision(6, 2);
        builder.Property(e => e.Grade).HasMaxLength(2);
        builder.Property(e => e.EvaluatedBy).HasMaxLength(256);
        builder.HasIndex(e => new { e.EnterpriseId, e.Year }).IsUnique();
        builder.HasMany(e => e.Scores).WithOne().HasForeignKey(s => s.EvaluationId);
    }

    public void Configure(EntityTypeBuilder<EvaluationScore> builder)
    {
        builder.ToTable("evaluation_scores");
        builder.Property(s => s.Id).ValueGeneratedNever();
        builder.Property(s => s.Note).HasMaxLength(500);
    }
}

public sealed class EvaluationsPermissions : IModulePermissions
{
    public const string Evaluate = "Evaluations.Evaluate";
    public const string Configure = "Evaluations.Configure";

    public static IReadOnlyList<Permission> All { get; } =
    [
        new(Evaluate, "年度评价打分、评定等级", Roles.ZoneAdmin),
        new(Configure, "设置评价指标权重与等级分数线", Roles.ZoneAdmin),
    ];
}
