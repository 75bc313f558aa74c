using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using QualityZone.Features.Enterprises;
using QualityZone.Infrastructure.Data;
using QualityZone.Infrastructure.Localization;

namespace QualityZone.Features.Testing;

/// <summary>An enterprise's own commission (委托检验), or supervision sampling (监督抽检) ordered by a department at an enterprise.</summary>
public enum RequestKind { Commission, Supervision }

/// <summary>
/// The request's flow in the testing center (质量监督检验中心): submitted → sample received (or refused)
/// → in test → in review → issued → delivered; cancelled before testing. A report once issued may be
/// withdrawn with a reason; it stays visible as withdrawn.
/// </summary>
public enum RequestState { Submitted, SampleReceived, InTest, InReview, Issued, Delivered, Cancelled, SampleRefused }

public enum Verdict { Pass, Fail }

/// <summary>A test the center offers: method and standard, unit, limits, CNAS scope, price, turnaround, sample quantity.</summary>
public sealed class TestItem
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public required string Code { get; set; }
    public required string NameZh { get; set; }
    public string? NameEn { get; set; }
    /// <summary>The method: the standard and clause the test follows.</summary>
    public required string Standard { get; set; }
    /// <summary>Unit of the measured value; null for a pass / fail check (marking, documents).</summary>
    public string? Unit { get; set; }
    public decimal? Min { get; set; }
    public decimal? Max { get; set; }
    public bool CnasScope { get; set; }
    /// <summary>Price in yuan.</summary>
    public decimal Price { get; set; }
    public int TurnaroundDays { get; set; }
    public int SampleQuantity { get; set; }
    public int Position { get; set; }

    public string Name => Text.Pick(NameZh, NameEn);
    public bool PassFail => Unit is null;
}

/// <summary>A package of items sold together (e.g. the EU export type test of a standard cylinder).</summary>
public sealed class TestPackage
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public required string Code { get; set; }
    public required string NameZh { get; set; }
    public string? NameEn { get; set; }
    /// <summary>The items' codes, comma separated.</summary>
    public required string ItemCodes { get; set; }

    public string Name => Text.Pick(NameZh, NameEn);
    public IReadOnlyList<string> Codes => ItemCodes.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
}

/// <summary>
/// The subsidy of a year (task 17.2 "降低检测费用"): a share of the fee for enterprises in the zone, a higher
/// share for grade A, a cap per enterprise for the year and the year's budget; set by the zone office
/// with the finance bureau. Supervision sampling is paid by the ordering department, never by the enterprise.
/// </summary>
public sealed class SubsidyRule
{
    public int Year { get; set; }
    public decimal SharePercent { get; set; }
    public decimal GradeASharePercent { get; set; }
    public decimal CapPerEnterprise { get; set; }
    public decimal Budget { get; set; }
    public string? UpdatedBy { get; set; }
}

public sealed class TestRequest : IEnterpriseOwned
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public required string Number { get; set; }
    public Guid EnterpriseId { get; set; }
    public RequestKind Kind { get; set; }
    /// <summary>The department that ordered supervision sampling.</summary>
    public Guid? OrderedByDepartmentId { get; set; }
    public required string ProductName { get; set; }
    public string? Model { get; set; }
    /// <summary>The production batch tested (traceability), when the enterprise names one.</summary>
    public Guid? BatchId { get; set; }
    public string? TargetMarket { get; set; }
    /// <summary>The package requested, if any: the product type of the dashboards' turnaround and pass rates.</summary>
    public string? PackageCode { get; set; }
    public RequestState State { get; set; }
    public decimal Fee { get; set; }
    public decimal Subsidy { get; set; }
    public decimal EnterpriseShare { get; set; }
    public DateOnly DueOn { get; set; }
    public required string RequestedBy { get; set; }
    public DateTimeOffset RequestedAt { get; set; }
    public string? SampleNumber { get; set; }
    public string? SampleCondition { get; set; }
    public DateTimeOffset? SampleReceivedAt { get; set; }
    public string? RefusalReason { get; set; }
    public string? ReportNumber { get; set; }
    /// <summary>Printed on the report with its number; with it anyone can verify the report.</summary>
    public string? VerificationCode { get; set; }
    public DateTimeOffset? IssuedAt { get; set; }
    public string? IssuedBy { get; set; }
    public string? ReviewedBy { get; set; }
    public string? Conclusion { get; set; }
    public string? ReportDocxSha256 { get; set; }
    public string? ReportPdfSha256 { get; set; }
    /// <summary>
    /// The issued report has a failed item: fixed when the report is issued (a later retest is a new
    /// request), kept on the request so the dashboards and signals count failures without reading every result.
    /// </summary>
    public bool ReportFailed { get; set; }
    public DateTimeOffset? WithdrawnAt { get; set; }
    public string? WithdrawalReason { get; set; }
    public int Version { get; set; }
    public List<RequestItem> Items { get; set; } = [];
    public List<TestResult> Results { get; set; } = [];
    public List<RequestEvent> History { get; set; } = [];
    public List<RequestAttachment> Attachments { get; set; } = [];

    /// <summary>The result that counts for each item: the latest (a retest keeps the earlier one as superseded).</summary>
    public IEnumerable<TestResult> Current => Results.Where(r => !r.Superseded);

    public bool Passed => Current.All(r => r.Verdict == Verdict.Pass);

    public void Record(string actor, DateTimeOffset at, string action, string? note = null) =>
        History.Add(new RequestEvent { RequestId = Id, Actor = actor, At = at, Action = action, Note = note });
}

/// <summary>An item as requested: the catalogue's values at the time, so a later price or limit change never rewrites a request.</summary>
public sealed class RequestItem : IAggregatePart
{
    Guid IAggregatePart.AggregateId => RequestId;
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public Guid RequestId { get; set; }
    public int Position { get; set; }
    public required string Code { get; set; }
    public required string NameZh { get; set; }
    public string? NameEn { get; set; }
    public required string Standard { get; set; }
    public string? Unit { get; set; }
    public decimal? Min { get; set; }
    public decimal? Max { get; set; }
    public bool CnasScope { get; set; }
    public decimal Price { get; set; }

    public string Name => Text.Pick(NameZh, NameEn);
    public bool PassFail => Unit is null;

    /// <summary>Out of specification against the limits (a pass / fail check gives its verdict itself).</summary>
    public Verdict Judge(decimal value) => (Min is { } min && value < min) || (Max is { } max && value > max) ? Verdict.Fail : Verdict.Pass;
}

public sealed class TestResult : IAggregatePart
{
    Guid IAggregatePart.AggregateId => RequestId;
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public Guid RequestId { get; set; }
    public Guid RequestItemId { get; set; }
    public decimal? Value { get; set; }
    public Verdict Verdict { get; set; }
    public string? Instrument { get; set; }
    public required string Operator { get; set; }
    public DateOnly TestedOn { get; set; }
    /// <summary>The account that entered the result: it may not review the request.</summary>
    public required string EnteredBy { get; set; }
    public DateTimeOffset EnteredAt { get; set; }
    /// <summary>Replaced by a retest; kept, shown struck through.</summary>
    public bool Superseded { get; set; }
}

/// <summary>What a file kept with a request shows: the sample as received, or the raw record of a test (curves, instrument print-outs).</summary>
public enum AttachmentKind { SamplePhoto, TestRecord }

/// <summary>A file kept with a request (in the file store, by its hash); never removed, as the lab's records are kept.</summary>
public sealed class RequestAttachment : IAggregatePart
{
    Guid IAggregatePart.AggregateId => RequestId;
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public Guid RequestId { get; set; }
    public AttachmentKind Kind { get; set; }
    /// <summary>The item the test record belongs to, when it belongs to one.</summary>
    public Guid? RequestItemId { get; set; }
    public required string Sha256 { get; set; }
    public required string FileName { get; set; }
    public required string ContentType { get; set; }
    public long Size { get; set; }
    public required string UploadedBy { get; set; }
    public DateTimeOffset UploadedAt { get; set; }
}

public sealed class RequestEvent : IAggregatePart
{
    Guid IAggregatePart.AggregateId => RequestId;
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public Guid RequestId { get; set; }
    public DateTimeOffset At { get; set; }
    public required string Actor { get; set; }
    public required string Action { get; set; }
    public string? Note { get; set; }
}

public static class TestingLabels
{
    /// <summary>
    /// A report's conclusion as the platform keeps it: a message, which the request's page, the API, the verification
    /// page and the enterprise's notification show in the reader's language, failed items by their name in it. The
    /// report document states it in Chinese (TestReports).
    /// </summary>
    public static string Conclusion(IEnumerable<(string NameZh, string? NameEn)> failedItems)
    {
        var failed = failedItems.Select(i => (object?)Msg.Pick(i.NameZh, i.NameEn)).ToList();
        return (failed.Count == 0 ? Msg.Of("所检项目符合标准要求。") : Msg.Of("所检项目中 {0} 不符合标准要求。", Msg.List(failed))).Store();
    }

    public static string State(RequestState state) => Text.Get(state switch
    {
        RequestState.Submitted => "待收样",
        RequestState.SampleReceived => "已收样",
        RequestState.InTest => "检测中",
        RequestState.InReview => "待审核",
        RequestState.Issued => "已出报告",
        RequestState.Delivered => "已交付",
        RequestState.Cancelled => "已取消",
        _ => "拒收样品",
    });

    public static string Css(RequestState state) => state switch
    {
        RequestState.Issued or RequestState.Delivered => "success",
        RequestState.InReview => "warning",
        RequestState.Cancelled or RequestState.SampleRefused => "secondary",
        _ => "info",
    };

    public static string Kind(RequestKind kind) => Text.Get(kind == RequestKind.Supervision ? "监督抽检" : "委托检验");

    public static string Verdict(Verdict verdict) => Text.Get(VerdictKey(verdict));

    /// <summary>A verdict's message key (the Chinese text), for texts stored as messages and shown in each reader's language.</summary>
    public static string VerdictKey(Verdict verdict) => verdict == Testing.Verdict.Pass ? "合格" : "不合格";

    public static string VerdictCss(Verdict verdict) => verdict == Testing.Verdict.Pass ? "success" : "danger";

    /// <summary>An issued report's state as shown beside its number: withdrawn, or its verdict.</summary>
    public static string Report(bool withdrawn, bool failed) => withdrawn ? Text.Get("已撤回") : Verdict(failed ? Testing.Verdict.Fail : Testing.Verdict.Pass);

    public static string ReportCss(bool withdrawn, bool failed) => withdrawn ? "dark" : failed ? "danger" : "success";

    /// <summary>An item's requirement as printed: at least, at most, a range (with the unit), or a pass / fail check.</summary>
    public static string Limits(decimal? min, decimal? max, string? unit) => (min, max) switch
    {
        (null, null) => unit is null ? Text.Get("符合要求") : "—",
        ({ } a, null) => $"≥ {Number(a)} {unit}",
        (null, { } b) => $"≤ {Number(b)} {unit}",
        ({ } a, { } b) => $"{Number(a)} ~ {Number(b)} {unit}",
    };

    private static string Number(decimal value) => value.ToString("0.####", System.Globalization.CultureInfo.InvariantCulture);
}

public sealed class TestingConfiguration : IEntityTypeConfiguration<TestItem>, IEntityTypeConfiguration<TestPackage>, IEntityTypeConfiguration<SubsidyRule>,
    IEntityTypeConfiguration<TestRequest>, IEntityTypeConfiguration<RequestItem>, IEntityTypeConfiguration<TestResult>, IEntityTypeConfiguration<RequestEvent>,
    IEntityTypeConfiguration<RequestAttachment>
{
    public void Configure(EntityTypeBuilder<TestItem> builder)
    {
        builder.ToTable("test_items");
        builder.Property(i => i.Id).ValueGeneratedNever();
        builder.Property(i => i.Code).HasMaxLength(20);
        builder.Property(i => i.NameZh).HasMaxLength(100);
        builder.Property(i => i.NameEn).HasMaxLength(150);
        builder.Property(i => i.Standard).HasMaxLength(200);
        builder.Property(i => i.Unit).HasMaxLength(20);
        builder.Property(i => i.Min).HasPrecision(18, 4);
        builder.Property(i => i.Max).HasPrecision(18, 4);
        builder.Property(i => i.Price).HasPrecision(18, 2);
        builder.HasIndex(i => i.Code).IsUnique();
    }

    public void Configure(EntityTypeBuilder<TestPackage> builder)
    {
        builder.ToTable("test_packages");
        builder.Property(p => p.Id).ValueGeneratedNever();
        builder.Property(p => p.Code).HasMaxLength(20);
        builder.Property(p => p.NameZh).HasMaxLength(100);
        builder.Property(p => p.NameEn).HasMaxLength(150);
        builder.Property(p => p.ItemCodes).HasMaxLength(500);
        builder.HasIndex(p => p.Code).IsUnique();
    }

    public void Configure(EntityTypeBuilder<SubsidyRule> builder)
    {
        builder.ToTable("test_subsidy_rules");
        builder.HasKey(r => r.Year);
        builder.Property(r => r.Year).ValueGeneratedNever();
        builder.Property(r => r.SharePercent).HasPrecision(5, 2);
        builder.Property(r => r.GradeASharePercent).HasPrecision(5, 2);
        builder.Property(r => r.CapPerEnterprise).HasPrecision(18, 2);
        builder.Property(r => r.Budget).HasPrecision(18, 2);
        builder.Property(r => r.UpdatedBy).HasMaxLength(256);
    }

    public void Configure(EntityTypeBuilder<TestRequest> builder)
    {
        builder.ToTable("test_requests");
        builder.Property(r => r.Id).ValueGeneratedNever();
        builder.Property(r => r.Number).HasMaxLength(20);
        builder.Property(r => r.Kind).HasConversion<string>().HasMaxLength(16);
        builder.Property(r => r.State).HasConversion<string>().HasMaxLength(16);
        builder.Property(r => r.ProductName).HasMaxLength(200);
        builder.Property(r => r.Model).HasMaxLength(100);
        builder.Property(r => r.TargetMarket).HasMaxLength(2);
        builder.Property(r => r.PackageCode).HasMaxLength(20);
        builder.Property(r => r.Fee).HasPrecision(18, 2);
        builder.Property(r => r.Subsidy).HasPrecision(18, 2);
        builder.Property(r => r.EnterpriseShare).HasPrecision(18, 2);
        builder.Property(r => r.RequestedBy).HasMaxLength(256);
        builder.Property(r => r.SampleNumber).HasMaxLength(20);
        builder.Property(r => r.SampleCondition).HasMaxLength(500);
        builder.Property(r => r.RefusalReason).HasMaxLength(500);
        builder.Property(r => r.ReportNumber).HasMaxLength(20);
        builder.Property(r => r.VerificationCode).HasMaxLength(16);
        builder.Property(r => r.IssuedBy).HasMaxLength(256);
        builder.Property(r => r.ReviewedBy).HasMaxLength(256);
        builder.Property(r => r.Conclusion).HasMaxLength(1000);
        builder.Property(r => r.ReportDocxSha256).HasMaxLength(64);
        builder.Property(r => r.ReportPdfSha256).HasMaxLength(64);
        builder.Property(r => r.WithdrawalReason).HasMaxLength(500);
        builder.Property(r => r.Version).IsConcurrencyToken();
        builder.Ignore(r => r.Current);
        builder.Ignore(r => r.Passed);
        builder.HasIndex(r => r.Number).IsUnique();
        builder.HasIndex(r => r.ReportNumber).IsUnique();
        builder.HasIndex(r => new { r.EnterpriseId, r.RequestedAt });
        builder.HasIndex(r => r.State);
        builder.HasIndex(r => r.IssuedAt);
        builder.HasIndex(r => r.BatchId);
        builder.HasOne<Enterprise>().WithMany().HasForeignKey(r => r.EnterpriseId).OnDelete(DeleteBehavior.Restrict);
        builder.HasMany(r => r.Items).WithOne().HasForeignKey(i => i.RequestId).OnDelete(DeleteBehavior.Cascade);
        builder.HasMany(r => r.Results).WithOne().HasForeignKey(x => x.RequestId).OnDelete(DeleteBehavior.Cascade);
        builder.HasMany(r => r.History).WithOne().HasForeignKey(e => e.RequestId).OnDelete(DeleteBehavior.Cascade);
        builder.HasMany(r => r.Attachments).WithOne().HasForeignKey(a => a.RequestId).OnDelete(DeleteBehavior.Cascade);
    }

    public void Configure(EntityTypeBuilder<RequestItem> builder)
    {
        builder.ToTable("test_request_items");
        builder.Property(i => i.Id).ValueGeneratedNever();
        builder.Property(i => i.Code).HasMaxLength(20);
        builder.Property(i => i.NameZh).HasMaxLength(100);
        builder.Property(i => i.NameEn).HasMaxLength(150);
        builder.Property(i => i.Standard).HasMaxLength(200);
        builder.Property(i => i.Unit).HasMaxLength(20);
        builder.Property(i => i.Min).HasPrecision(18, 4);
        builder.Property(i => i.Max).HasPrecision(18, 4);
        builder.Property(i => i.Price).HasPrecision(18, 2);
        builder.HasIndex(i => new { i.RequestId, i.Position });
    }

    public void Configure(EntityTypeBuilder<TestResult> builder)
    {
        builder.ToTable("test_results");
        builder.Property(r => r.Id).ValueGeneratedNever();
        builder.Property(r => r.Value).HasPrecision(18, 4);
        builder.Property(r => r.Verdict).HasConversion<string>().HasMaxLength(8);
        builder.Property(r => r.Instrument).HasMaxLength(100);
        builder.Property(r => r.Operator).HasMaxLength(100);
        builder.Property(r => r.EnteredBy).HasMaxLength(256);
        builder.HasIndex(r => r.RequestId);
        // Covering the testers' workload of a period (who entered how many results), read from the index alone.
        builder.HasIndex(r => new { r.EnteredAt, r.Operator });
        builder.HasOne<RequestItem>().WithMany().HasForeignKey(r => r.RequestItemId).OnDelete(DeleteBehavior.Restrict);
    }

    public void Configure(EntityTypeBuilder<RequestEvent> builder)
    {
        builder.ToTable("test_request_events");
        builder.Property(e => e.Id).ValueGeneratedNever();
        builder.Property(e => e.Actor).HasMaxLength(256);
        builder.Property(e => e.Action).HasMaxLength(100);
        builder.Property(e => e.Note).HasMaxLength(1000);
        builder.HasIndex(e => e.RequestId);
    }

    public void Configure(EntityTypeBuilder<RequestAttachment> builder)
    {
        builder.ToTable("test_request_attachments");
        builder.Property(a => a.Id).ValueGeneratedNever();
        builder.Property(a => a.Kind).HasConversion<string>().HasMaxLength(16);
        builder.Property(a => a.Sha256).HasMaxLength(64);
        builder.Property(a => a.FileName).HasMaxLength(255);
        builder.Property(a => a.ContentType).HasMaxLength(100);
        builder.Property(a => a.UploadedBy).HasMaxLength(256);
        builder.HasIndex(a => a.RequestId);
    }
}
