using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using QualityZone.Infrastructure.Data;
using QualityZone.Infrastructure.Localization;

namespace QualityZone.Features.Indicators;

/// <summary>Whether a rising value is good (own-brand share) or a falling one (notifications per USD 100 million).</summary>
public enum IndicatorDirection { Up, Down }

/// <summary>
/// One of the zone's indicators (示范区建设成效指标, task 21: more famous brands, diversified markets,
/// more own-brand and ODM exports, rising quality, falling notifications and recalls): computed each
/// year by its formula over the platform's data, or entered by hand with evidence when it has none.
/// </summary>
public sealed class ZoneIndicator
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public required string Code { get; set; }
    public required string NameZh { get; set; }
    public string? NameEn { get; set; }
    public required string Unit { get; set; }
    /// <summary>The formula over <see cref="IndicatorMetrics.Names"/>; null for an indicator entered by hand.</summary>
    public string? Formula { get; set; }
    public IndicatorDirection Direction { get; set; }
    public int BaselineYear { get; set; }
    public decimal? BaselineValue { get; set; }
    public int Position { get; set; }
    public bool Active { get; set; } = true;
    public int Version { get; set; }
    public List<IndicatorYear> Years { get; set; } = [];

    public string Name => Text.Pick(NameZh, NameEn);
    public bool Manual => Formula is null;

    /// <summary>Whether a value meets the target in the indicator's good direction; null when either is missing.</summary>
    public bool? Meets(decimal? value, decimal? target) =>
        value is { } v && target is { } t ? (Direction == IndicatorDirection.Up ? v >= t : v <= t) : null;
}

/// <summary>An indicator's year: the target the office set, the value (computed or entered), and whether the office approved it for publication.</summary>
public sealed class IndicatorYear : IAggregatePart
{
    Guid IAggregatePart.AggregateId => IndicatorId;
    public Guid IndicatorId { get; set; }
    public int Year { get; set; }
    public decimal? Target { get; set; }
    public decimal? Value { get; set; }
    public DateTimeOffset? ComputedAt { get; set; }
    /// <summary>Where a hand-entered value comes from (a statistics bulletin, a certificate list).</summary>
    public string? Note { get; set; }
    public string? EvidenceSha256 { get; set; }
    public string? EvidenceFileName { get; set; }
    public string? EvidenceContentType { get; set; }
    /// <summary>Approved figures are frozen (a recomputation leaves them alone) and published on the portal.</summary>
    public bool Approved { get; set; }
    public string? ApprovedBy { get; set; }
    public DateTimeOffset? ApprovedAt { get; set; }
}

public static class IndicatorLabels
{
    public static string Direction(IndicatorDirection direction) => Text.Get(direction == IndicatorDirection.Up ? "越高越好" : "越低越好");

    public static string Status(bool? meets) => Text.Get(meets switch { true => "达标", false => "未达标", _ => "—" });

    public static string Css(bool? meets) => meets switch { true => "success", false => "danger", _ => "secondary" };

    // <data>
    private static readonly Dictionary<string, string> EnglishUnits = new() { ["个"] = "", ["起"] = "cases", ["家"] = "enterprises" };
    // </data>

    /// <summary>The unit as the reader's language writes it (个 has no English word: a count).</summary>
    public static string Unit(string unit) => Text.IsEnglish ? EnglishUnits.GetValueOrDefault(unit, unit) : unit;

    public static string Value(decimal? value) => value is { } v
        ? (Math.Abs(v) >= 1000 ? v.ToString("#,0", System.Globalization.CultureInfo.InvariantCulture) : v.ToString("0.##", System.Globalization.CultureInfo.InvariantCulture))
        : "—";
}

public sealed class IndicatorsConfiguration : IEntityTypeConfiguration<ZoneIndicator>, IEntityTypeConfiguration<IndicatorYear>
{
    public void Configure(EntityTypeBuilder<ZoneIndicator> builder)
    {
        builder.ToTable("zone_indicators");
        builder.Property(i => i.Id).ValueGeneratedNever();
        builder.Property(i => i.Code).HasMaxLength(64);
        builder.HasIndex(i => i.Code).IsUnique();
        builder.Property(i => i.NameZh).HasMaxLength(100);
        builder.Property(i => i.NameEn).HasMaxLength(200);
        builder.Property(i => i.Unit).HasMaxLength(20);
        builder.Property(i => i.Formula).HasMaxLength(500);
        builder.Property(i => i.Direction).HasConversion<string>().HasMaxLength(8);
        builder.Property(i => i.Version).IsConcurrencyToken();
        builder.HasMany(i => i.Years).WithOne().HasForeignKey(y => y.IndicatorId).OnDelete(DeleteBehavior.Cascade);
    }

    public void Configure(EntityTypeBuilder<IndicatorYear> builder)
    {
        builder.ToTable("zone_indicator_years");
        builder.HasKey(y => new { y.IndicatorId, y.Year });
        builder.Property(y => y.Note).HasMaxLength(500);
        builder.Property(y => y.EvidenceSha256).HasMaxLength(64);
        builder.Property(y => y.EvidenceFileName).HasMaxLength(255);
        builder.Property(y => y.EvidenceContentType).HasMaxLength(100);
        builder.Property(y => y.ApprovedBy).HasMaxLength(256);
    }
}
