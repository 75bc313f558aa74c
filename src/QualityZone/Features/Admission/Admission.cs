using QualityZone.Features.Enterprises;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using QualityZone.Infrastructure;
using QualityZone.Infrastructure.Auth;
using QualityZone.Infrastructure.Localization;

namespace QualityZone.Features.Admission;

/// <summary>
/// An admission criterion (入区条件) of the zone's management measures (task 6.1). The zone office
/// edits the list; the defaults follow the founding document (tasks 8–11).
/// </summary>
public sealed class AdmissionCriterion
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public required string Code { get; set; }
    public required string TextZh { get; set; }
    public string? TextEn { get; set; }
    public int SortOrder { get; set; }
    public bool IsActive { get; set; } = true;

    public string Text => Infrastructure.Localization.Text.Pick(TextZh, TextEn);
}

public enum ApplicationState { Draft, Submitted, Returned, Approved, Rejected }

public enum Opinion { Support, Oppose }

/// <summary>
/// An enterprise's application to join the zone: evidence per criterion → opinions of customs/
/// inspection (检验检疫局) and of the association (气动协会) → the zone office's decision with reasons.
/// Transitions only through the methods; an illegal one throws.
/// </summary>
public sealed class AdmissionApplication : IEnterpriseOwned
{
    /// <summary>The two reviewing bodies named by task 6 (responsible departments beside the zone office).</summary>
    public static readonly string[] Reviewers = ["ciq", "association"];

    public Guid Id { get; private set; } = Guid.CreateVersion7();
    public Guid EnterpriseId { get; private set; }
    public ApplicationState State { get; private set; } = ApplicationState.Draft;
    public DateTimeOffset CreatedAt { get; private set; }
    public DateTimeOffset? SubmittedAt { get; private set; }
    public DateTimeOffset? DecidedAt { get; private set; }
    public string? DecidedBy { get; private set; }
    public string? DecisionReason { get; private set; }
    public int Version { get; private set; }
    public List<ApplicationItem> Items { get; private set; } = [];
    public List<ApplicationReview> Reviews { get; private set; } = [];

    private AdmissionApplication() { }

    public static AdmissionApplication Start(Guid enterpriseId, DateTimeOffset now) => new() { EnterpriseId = enterpriseId, CreatedAt = now };

    public bool IsEditable => State is ApplicationState.Draft or ApplicationState.Returned;

    public void SetItem(Guid criterionId, string? statement, (string Sha256, string Name, string ContentType)? file)
    {
        if (!IsEditable) throw new BusinessRuleException(Text.Get("申请已提交，不能修改"));
        var item = Items.FirstOrDefault(i => i.CriterionId == criterionId);
        if (item is null) Items.Add(item = new ApplicationItem { ApplicationId = Id, CriterionId = criterionId });
        item.Statement = string.IsNullOrWhiteSpace(statement) ? null : statement.Trim();
        if (file is { } f) (item.FileSha256, item.FileName, item.FileContentType) = (f.Sha256, f.Name, f.ContentType);
        Version++;
    }

    /// <summary>Submits for review: every active criterion needs a statement or a document.</summary>
    public void Submit(IReadOnlyCollection<AdmissionCriterion> criteria, DateTimeOffset now)
    {
        if (!IsEditable) throw new BusinessRuleException(Text.Get("申请已提交，不能重复提交"));
        var missing = criteria.Where(c => c.IsActive && !Items.Any(i => i.CriterionId == c.Id && (i.Statement is not null || i.FileSha256 is not null))).ToList();
        if (missing.Count > 0)
            throw new BusinessRuleException(Text.Format("以下入区条件尚未说明或提供材料：{0}", string.Join("；", missing.Select(c => c.Text))));
        State = ApplicationState.Submitted;
        SubmittedAt = now;
        Reviews.Clear(); // a resubmission is reviewed afresh
        Version++;
    }

    public void Review(string reviewer, Opinion opinion, string? comment, string reviewerName, DateTimeOffset now)
    {
        if (State != ApplicationState.Submitted) throw new BusinessRuleException(Text.Get("只能对已提交的申请提出审核意见"));
        if (!Reviewers.Contains(reviewer)) throw new BusinessRuleException(Text.Get("只有检验检疫局和气动协会提出审核意见"));
        if (string.IsNullOrWhiteSpace(comment)) throw new BusinessRuleException(Text.Get("请填写审核意见"));
        var review = Reviews.FirstOrDefault(r => r.Reviewer == reviewer);
        if (review is null) Reviews.Add(review = new ApplicationReview { ApplicationId = Id, Reviewer = reviewer, Comment = "", ReviewerName = "" });
        (review.Opinion, review.Comment, review.ReviewerName, review.At) = (opinion, comment.Trim(), reviewerName, now);
        Version++;
    }

    public enum Decision { Approve, Return, Reject }

    /// <summary>The zone office decides, with reasons; approval needs both reviewers' opinions.</summary>
    public void Decide(Decision decision, string? reason, string actor, DateTimeOffset now)
    {
        if (State != ApplicationState.Submitted) throw new BusinessRuleException(Text.Get("只能对已提交的申请作出决定"));
        if (string.IsNullOrWhiteSpace(reason)) throw new BusinessRuleException(Text.Get("请填写决定理由"));
        if (decision == Decision.Approve && Reviewers.Any(r => Reviews.All(v => v.Reviewer != r)))
            throw new BusinessRuleException(Text.Get("检验检疫局和气动协会均提出审核意见后才能批准入区"));
        State = decision switch { Decision.Approve => ApplicationState.Approved, Decision.Return => ApplicationState.Returned, _ => ApplicationState.Rejected };
        (DecidedAt, DecidedBy, DecisionReason) = (now, actor, reason.Trim());
        Version++;
    }
}

public sealed class ApplicationItem
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public Guid ApplicationId { get; set; }
    public Guid CriterionId { get; set; }
    public string? Statement { get; set; }
    public string? FileSha256 { get; set; }
    public string? FileName { get; set; }
    public string? FileContentType { get; set; }
}

public sealed class ApplicationReview
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public Guid ApplicationId { get; set; }
    public required string Reviewer { get; set; }
    public Opinion Opinion { get; set; }
    public required string Comment { get; set; }
    public required string ReviewerName { get; set; }
    public DateTimeOffset At { get; set; }
}

public sealed class AdmissionConfiguration :
    IEntityTypeConfiguration<AdmissionCriterion>, IEntityTypeConfiguration<AdmissionApplication>,
    IEntityTypeConfiguration<ApplicationItem>, IEntityTypeConfiguration<ApplicationReview>
{
    public void Configure(EntityTypeBuilder<AdmissionCriterion> builder)
    {
        builder.ToTable("admission_criteria");
        builder.Property(c => c.Id).ValueGeneratedNever();
        builder.Property(c => c.Code).HasMaxLength(64);
        builder.Property(c => c.TextZh).HasMaxLength(500);
        builder.Property(c => c.TextEn).HasMaxLength(500);
        builder.HasIndex(c => c.Code).IsUnique();
        builder.Ignore(c => c.Text);
    }

    public void Configure(EntityTypeBuilder<AdmissionApplication> builder)
    {
        builder.ToTable("admission_applications");
        builder.Property(a => a.Id).ValueGeneratedNever();
        builder.Property(a => a.State).HasConversion<string>().HasMaxLength(16);
        builder.Property(a => a.DecidedBy).HasMaxLength(256);
        builder.Property(a => a.DecisionReason).HasMaxLength(2000);
        builder.Property(a => a.Version).IsConcurrencyToken();
        builder.HasIndex(a => new { a.EnterpriseId, a.State });
        builder.HasMany(a => a.Items).WithOne().HasForeignKey(i => i.ApplicationId);
        builder.HasMany(a => a.Reviews).WithOne().HasForeignKey(r => r.ApplicationId);
        builder.Ignore(a => a.IsEditable);
    }

    public void Configure(EntityTypeBuilder<ApplicationItem> builder)
    {
        builder.ToTable("admission_application_items");
        builder.Property(i => i.Id).ValueGeneratedNever();
        builder.Property(i => i.Statement).HasMaxLength(2000);
        builder.Property(i => i.FileSha256).HasMaxLength(64);
        builder.Property(i => i.FileName).HasMaxLength(255);
        builder.Property(i => i.FileContentType).HasMaxLength(128);
        builder.HasIndex(i => new { i.ApplicationId, i.CriterionId }).IsUnique();
    }

    public void Configure(EntityTypeBuilder<ApplicationReview> builder)
    {
        builder.ToTable("admission_application_reviews");
        builder.Property(r => r.Id).ValueGeneratedNever();
        builder.Property(r => r.Reviewer).HasMaxLength(64);
        builder.Property(r => r.Opinion).HasConversion<string>().HasMaxLength(16);
        builder.Property(r => r.Comment).HasMaxLength(2000);
        builder.Property(r => r.ReviewerName).HasMaxLength(256);
        builder.HasIndex(r => new { r.ApplicationId, r.Reviewer }).IsUnique();
    }
}

public sealed class AdmissionPermissions : IModulePermissions
{
    /// <summary>See applications: the office, the reviewers and every department (read).</summary>
    public const string View = "Admission.View";
    /// <summary>Open one application: staff, or the applying enterprise itself.</summary>
    public const string Read = "Admission.Read";
    /// <summary>An enterprise prepares and submits its own application.</summary>
    public const string Apply = "Admission.Apply";
    /// <summary>Customs/inspection and association staff give their opinion (the department is checked per application).</summary>
    public const string Review = "Admission.Review";
    /// <summary>The zone office decides.</summary>
    public const string Decide = "Admission.Decide";
    /// <summary>A new enterprise registers itself online to apply (anyone).</summary>
    public const string Register = "Admission.Register";

    public static IReadOnlyList<Permission> All { get; } =
    [
        new(View, "查看入区申请列表", Roles.Staff),
        new(Read, "查看入区申请（企业用户仅限本企业）", [.. Roles.Staff, Roles.EnterpriseUser]),
        new(Apply, "企业填报、提交入区申请", Roles.EnterpriseUser),
        new(Review, "提出入区审核意见（检验检疫局、气动协会）", Roles.DepartmentStaff, Roles.AssociationStaff),
        new(Decide, "作出入区决定", Roles.ZoneAdmin),
        new(Register, "企业在线登记申请入区", Roles.All),
    ];
}
