using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using QualityZone.Features.Enterprises;
using QualityZone.Infrastructure.Data;
using QualityZone.Infrastructure.Localization;

namespace QualityZone.Features.Surveys;

/// <summary>A campaign is built (Draft), sent to its enterprises (Open) and closed at or after its deadline (Closed).</summary>
public enum SurveyState { Draft, Open, Closed }

public enum QuestionType { Single, Multiple, Number, Text, Table, File }

public enum ResponseState { NotStarted, Draft, Submitted }

/// <summary>
/// An industry survey campaign (seed task 2: "开展奉化气动元件产业现状调研 … 产品质量安全状况调研 … 形成产业
/// 发展研究报告"): the questionnaire, the enterprises it is sent to, the deadline and reminders. The answers
/// of each enterprise are a <see cref="SurveyResponse"/>; the research report is an analysis report of
/// the research kind, linked back here once it is drafted.
/// </summary>
public sealed class SurveyCampaign
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public required string Title { get; set; }
    public string? Description { get; set; }
    public DateOnly Deadline { get; set; }
    /// <summary>Enterprises that have not submitted are reminded this many days before the deadline (and on the day after it).</summary>
    public int RemindDaysBefore { get; set; } = 3;
    public SurveyState State { get; set; }
    public required string CreatedBy { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset? OpenedAt { get; set; }
    public DateTimeOffset? ClosedAt { get; set; }
    /// <summary>When the last automatic reminder went out, so the job reminds once per milestone.</summary>
    public DateOnly? RemindedOn { get; set; }
    /// <summary>The research report drafted from this survey (an analysis report of the research kind).</summary>
    public Guid? ResearchReportId { get; set; }
    public int Version { get; set; }
    public List<SurveyQuestion> Questions { get; set; } = [];
}

/// <summary>One question of the questionnaire, under a section heading.</summary>
public sealed class SurveyQuestion : IAggregatePart
{
    Guid IAggregatePart.AggregateId => SurveyId;
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public Guid SurveyId { get; set; }
    public int Position { get; set; }
    public required string Section { get; set; }
    public required string Text { get; set; }
    public QuestionType Type { get; set; }
    public bool Required { get; set; }
    /// <summary>Choices (single and multiple choice), one per line.</summary>
    public string? Options { get; set; }
    /// <summary>Column headings of a table question, one per line.</summary>
    public string? Columns { get; set; }
    public string? Unit { get; set; }
    public decimal? Min { get; set; }
    public decimal? Max { get; set; }
    /// <summary>Longest text answer, or most rows of a table.</summary>
    public int? Limit { get; set; }
    /// <summary>Where the answer is pre-filled from (see <see cref="SurveyPrefill.Sources"/>).</summary>
    public string? Prefill { get; set; }

    public IReadOnlyList<string> OptionList => Lines(Options);
    public IReadOnlyList<string> ColumnList => Lines(Columns);

    public static IReadOnlyList<string> Lines(string? text) =>
        (text ?? "").Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Distinct().ToList();
}

/// <summary>One enterprise's answers to a campaign: its own, seen by the organizers and by no other enterprise.</summary>
public sealed class SurveyResponse : IEnterpriseOwned
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public Guid SurveyId { get; set; }
    public Guid EnterpriseId { get; set; }
    public ResponseState State { get; set; }
    public DateTimeOffset? SavedAt { get; set; }
    public DateTimeOffset? SubmittedAt { get; set; }
    public string? SubmittedBy { get; set; }
    public DateTimeOffset? RemindedAt { get; set; }
    public int Version { get; set; }
    public List<SurveyAnswer> Answers { get; set; } = [];
}

/// <summary>
/// An answer in its stored form: a choice's text, a number in invariant notation, the text, a JSON
/// array of choices, a JSON array of table rows, or a JSON object naming a stored file (see <see cref="SurveyAnswers"/>).
/// </summary>
public sealed class SurveyAnswer : IAggregatePart
{
    Guid IAggregatePart.AggregateId => ResponseId;
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public Guid ResponseId { get; set; }
    public Guid QuestionId { get; set; }
    public required string Value { get; set; }
}

public static class SurveyLabels
{
    public static string State(SurveyState state) => Text.Get(state switch
    {
        SurveyState.Open => "调查中",
        SurveyState.Closed => "已结束",
        _ => "编辑中",
    });

    public static string State(ResponseState state) => Text.Get(state switch
    {
        ResponseState.Draft => "已暂存",
        ResponseState.Submitted => "已提交",
        _ => "未填写",
    });

    public static string Css(ResponseState state) => state switch
    {
        ResponseState.Draft => "warning",
        ResponseState.Submitted => "success",
        _ => "secondary",
    };

    public static string Type(QuestionType type) => Text.Get(type switch
    {
        QuestionType.Single => "单选",
        QuestionType.Multiple => "多选",
        QuestionType.Number => "数值",
        QuestionType.Text => "文字",
        QuestionType.Table => "表格",
        _ => "附件",
    });
}

public sealed class SurveysConfiguration : IEntityTypeConfiguration<SurveyCampaign>, IEntityTypeConfiguration<SurveyQuestion>,
    IEntityTypeConfiguration<SurveyResponse>, IEntityTypeConfiguration<SurveyAnswer>
{
    public void Configure(EntityTypeBuilder<SurveyCampaign> builder)
    {
        builder.ToTable("survey_campaigns");
        builder.Property(s => s.Id).ValueGeneratedNever();
        builder.Property(s => s.Title).HasMaxLength(200);
        builder.Property(s => s.Description).HasMaxLength(2000);
        builder.Property(s => s.State).HasConversion<string>().HasMaxLength(16);
        builder.Property(s => s.CreatedBy).HasMaxLength(256);
        builder.Property(s => s.Version).IsConcurrencyToken();
        builder.HasMany(s => s.Questions).WithOne().HasForeignKey(q => q.SurveyId).OnDelete(DeleteBehavior.Cascade);
    }

    public void Configure(EntityTypeBuilder<SurveyQuestion> builder)
    {
        builder.ToTable("survey_questions");
        builder.Property(q => q.Id).ValueGeneratedNever();
        builder.Property(q => q.Section).HasMaxLength(100);
        builder.Property(q => q.Text).HasMaxLength(500);
        builder.Property(q => q.Type).HasConversion<string>().HasMaxLength(16);
        builder.Property(q => q.Options).HasMaxLength(2000);
        builder.Property(q => q.Columns).HasMaxLength(500);
        builder.Property(q => q.Unit).HasMaxLength(20);
        builder.Property(q => q.Min).HasPrecision(18, 4);
        builder.Property(q => q.Max).HasPrecision(18, 4);
        builder.Property(q => q.Prefill).HasMaxLength(40);
        builder.HasIndex(q => new { q.SurveyId, q.Position });
    }

    public void Configure(EntityTypeBuilder<SurveyResponse> builder)
    {
        builder.ToTable("survey_responses");
        builder.Property(r => r.Id).ValueGeneratedNever();
        builder.Property(r => r.State).HasConversion<string>().HasMaxLength(16);
        builder.Property(r => r.SubmittedBy).HasMaxLength(256);
        builder.Property(r => r.Version).IsConcurrencyToken();
        builder.HasIndex(r => new { r.SurveyId, r.EnterpriseId }).IsUnique();
        builder.HasIndex(r => r.EnterpriseId);
        builder.HasOne<SurveyCampaign>().WithMany().HasForeignKey(r => r.SurveyId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<Enterprise>().WithMany().HasForeignKey(r => r.EnterpriseId).OnDelete(DeleteBehavior.Restrict);
        builder.HasMany(r => r.Answers).WithOne().HasForeignKey(a => a.ResponseId).OnDelete(DeleteBehavior.Cascade);
    }

    public void Configure(EntityTypeBuilder<SurveyAnswer> builder)
    {
        builder.ToTable("survey_answers");
        builder.Property(a => a.Id).ValueGeneratedNever();
        builder.Property(a => a.Value).HasMaxLength(20000);
        builder.HasIndex(a => new { a.ResponseId, a.QuestionId }).IsUnique();
        builder.HasIndex(a => a.QuestionId);
        builder.HasOne<SurveyQuestion>().WithMany().HasForeignKey(a => a.QuestionId).OnDelete(DeleteBehavior.Cascade);
    }
}
