using System.Security.Claims;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using QualityZone.Infrastructure;
using QualityZone.Infrastructure.Auth;
using QualityZone.Infrastructure.Data;
using QualityZone.Infrastructure.Localization;

namespace QualityZone.Features.Enterprises;

public enum ChangeRequestState { Pending, Approved, Rejected }

/// <summary>
/// An enterprise's request to change its identity fields (names, credit code, customs code), which
/// the register's owner, the zone office, approves or rejects: the register stays authoritative.
/// </summary>
public sealed class IdentityChangeRequest : IAggregatePart, IEnterpriseOwned
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public Guid EnterpriseId { get; set; }
    public required string NameZh { get; set; }
    public string? NameEn { get; set; }
    public required string CreditCode { get; set; }
    public string? CustomsCode { get; set; }
    /// <summary>
    /// Whether the request also carries the customs credit tier and the laboratory's CNAS accreditation: they raise
    /// the yearly evaluation score (Evaluations), so the enterprise proposes and the office decides. Requests made
    /// before these fields were part of the flow do not carry them and leave them as they are.
    /// </summary>
    public bool IncludesRatings { get; set; }
    public string? CustomsCreditTier { get; set; }
    public bool LabCnasAccredited { get; set; }
    public string? LabCnasNumber { get; set; }
    public DateOnly? LabCnasExpiry { get; set; }
    public required string Reason { get; set; }
    public ChangeRequestState State { get; set; }
    public required string RequestedBy { get; set; }
    public DateTimeOffset RequestedAt { get; set; }
    public string? DecidedBy { get; set; }
    public DateTimeOffset? DecidedAt { get; set; }
    public string? DecisionNote { get; set; }
    Guid IAggregatePart.AggregateId => EnterpriseId;
}

public sealed class IdentityChangeRequestConfiguration : IEntityTypeConfiguration<IdentityChangeRequest>
{
    public void Configure(EntityTypeBuilder<IdentityChangeRequest> builder)
    {
        builder.ToTable("enterprise_identity_changes");
        builder.Property(r => r.Id).ValueGeneratedNever();
        builder.Property(r => r.NameZh).HasMaxLength(200);
        builder.Property(r => r.NameEn).HasMaxLength(300);
        builder.Property(r => r.CreditCode).HasMaxLength(18);
        builder.Property(r => r.CustomsCode).HasMaxLength(10);
        builder.Property(r => r.CustomsCreditTier).HasMaxLength(32);
        builder.Property(r => r.LabCnasNumber).HasMaxLength(50);
        builder.Property(r => r.Reason).HasMaxLength(1000);
        builder.Property(r => r.State).HasConversion<string>().HasMaxLength(16);
        builder.Property(r => r.RequestedBy).HasMaxLength(256);
        builder.Property(r => r.DecidedBy).HasMaxLength(256);
        builder.Property(r => r.DecisionNote).HasMaxLength(1000);
        builder.HasIndex(r => new { r.EnterpriseId, r.State });
    }
}

public sealed class IdentityChangeService(AppDbContext db, EnterpriseCommands enterprises, TimeProvider clock)
{
    /// <summary>The enterprise asks; the proposed values are checked with the register's own rules first.</summary>
    public async Task<CommandResult> RequestAsync(ClaimsPrincipal user, Guid enterpriseId, IdentityChangeInput proposed, CancellationToken ct)
    {
        var enterprise = await db.Enterprises.AsNoTracking().ForScope(EnterpriseScope.For(user)).SingleOrDefaultAsync(e => e.Id == enterpriseId, ct);
        if (enterprise is null || !PermissionCatalog.IsGranted(user, EnterprisesPermissions.Edit)) return CommandResult.NotFound(Text.Get("企业不存在"));
        var reason = proposed.Reason;
        if (string.IsNullOrWhiteSpace(reason)) return CommandResult.Invalid(Text.Get("请填写变更原因"));
        if (await db.IdentityChangeRequests.AnyAsync(r => r.EnterpriseId == enterpriseId && r.State == ChangeRequestState.Pending, ct))
            return CommandResult.Invalid(Text.Get("已有待审批的变更申请"));
        var input = new EnterpriseInput
        {
            NameZh = proposed.NameZh, NameEn = proposed.NameEn, CreditCode = proposed.CreditCode, CustomsCode = proposed.CustomsCode,
            // The CNAS accreditation is no longer declared by the enterprise: the CNAS tracker records it from the certificate.
            CustomsCreditTier = proposed.CustomsCreditTier, LabCnasAccredited = enterprise.LabCnasAccredited, LabCnasNumber = enterprise.LabCnasNumber, LabCnasExpiry = enterprise.LabCnasExpiry,
        };
        var errors = input.Validate(await enterprises.CreditTierCodesAsync(ct));
        if (errors.Count > 0) return CommandResult.Invalid(string.Join("；", errors.Select(e => e.Message)));
        if (input.CreditCode != enterprise.CreditCode && await db.Enterprises.IgnoreQueryFilters().AnyAsync(e => e.CreditCode == input.CreditCode, ct))
            return CommandResult.Invalid(Text.Format("统一社会信用代码 {0} 已登记", input.CreditCode));
        if (input.NameZh == enterprise.NameZh && input.NameEn == enterprise.NameEn && input.CreditCode == enterprise.CreditCode && input.CustomsCode == enterprise.CustomsCode
            && input.CustomsCreditTier == enterprise.CustomsCreditTier && input.LabCnasAccredited == enterprise.LabCnasAccredited
            && input.LabCnasNumber == enterprise.LabCnasNumber && input.LabCnasExpiry == enterprise.LabCnasExpiry)
            return CommandResult.Invalid(Text.Get("没有需要变更的内容"));
        db.IdentityChangeRequests.Add(new IdentityChangeRequest
        {
            EnterpriseId = enterpriseId, NameZh = input.NameZh!, NameEn = input.NameEn, CreditCode = input.CreditCode!, CustomsCode = input.CustomsCode,
            IncludesRatings = true, CustomsCreditTier = input.CustomsCreditTier, LabCnasAccredited = input.LabCnasAccredited, LabCnasNumber = input.LabCnasNumber, LabCnasExpiry = input.LabCnasExpiry,
            Reason = reason.Trim(), State = ChangeRequestState.Pending, RequestedBy = user.DisplayName(), RequestedAt = clock.GetUtcNow(),
        });
        await db.SaveChangesAsync(ct);
        return CommandResult.Ok;
    }

    /// <summary>The office approves (the new values are applied) or rejects, with a note.</summary>
    public async Task<CommandResult> DecideAsync(ClaimsPrincipal user, Guid enterpriseId, Guid requestId, bool approve, string? note, CancellationToken ct)
    {
        if (!PermissionCatalog.IsGranted(user, EnterprisesPermissions.Manage)) return CommandResult.Forbidden(Text.Get("无权执行此操作"));
        var request = await db.IdentityChangeRequests.SingleOrDefaultAsync(r => r.Id == requestId && r.EnterpriseId == enterpriseId, ct);
        if (request is null) return CommandResult.NotFound(Text.Get("记录不存在"));
        if (request.State != ChangeRequestState.Pending) return CommandResult.Invalid(Text.Get("该申请已处理"));
        if (!approve && string.IsNullOrWhiteSpace(note)) return CommandResult.Invalid(Text.Get("不予变更须说明理由"));
        if (approve)
        {
            var enterprise = await db.Enterprises.SingleAsync(e => e.Id == enterpriseId, ct);
            if (request.CreditCode != enterprise.CreditCode && await db.Enterprises.IgnoreQueryFilters().AnyAsync(e => e.CreditCode == request.CreditCode && e.Id != enterpriseId, ct))
                return CommandResult.Invalid(Text.Format("统一社会信用代码 {0} 已登记", request.CreditCode));
            (enterprise.NameZh, enterprise.NameEn, enterprise.CreditCode, enterprise.CustomsCode) = (request.NameZh, request.NameEn, request.CreditCode, request.CustomsCode);
            // The CNAS fields of older requests are not applied: the CNAS tracker alone writes them.
            if (request.IncludesRatings) enterprise.CustomsCreditTier = request.CustomsCreditTier;
            enterprise.Version++;
        }
        (request.State, request.DecidedBy, request.DecidedAt, request.DecisionNote) =
            (approve ? ChangeRequestState.Approved : ChangeRequestState.Rejected, user.DisplayName(), clock.GetUtcNow(), string.IsNullOrWhiteSpace(note) ? null : note.Trim());
        await db.SaveChangesAsync(ct);
        return CommandResult.Ok;
    }
}

/// <summary>What an enterprise proposes: its identity, its customs credit tier and its laboratory's CNAS accreditation, with the reason.</summary>
public sealed record IdentityChangeInput(string? NameZh, string? NameEn, string? CreditCode, string? CustomsCode, string? CustomsCreditTier,
    bool LabCnasAccredited, string? LabCnasNumber, DateOnly? LabCnasExpiry, string? Reason);
