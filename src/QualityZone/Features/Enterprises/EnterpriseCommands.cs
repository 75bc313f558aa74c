using System.Security.Claims;
using Microsoft.EntityFrameworkCore;
using QualityZone.Features.Settings;
using QualityZone.Infrastructure;
using QualityZone.Infrastructure.Auth;
using QualityZone.Infrastructure.Data;
using QualityZone.Infrastructure.Files;
using QualityZone.Infrastructure.Localization;

namespace QualityZone.Features.Enterprises;

/// <summary>Result of saving an enterprise: its id, or the problems found per field.</summary>
public sealed record SaveResult(Guid? Id, IReadOnlyList<(string Field, string Message)> Errors)
{
    public bool Succeeded => Id is not null;
}

/// <summary>Registering, editing and managing enterprises; pages, API and import share it.</summary>
public sealed class EnterpriseCommands(AppDbContext db, FileStore files, TimeProvider clock, IEnumerable<IEnterpriseChangeObserver> observers, ILogger<EnterpriseCommands> logger)
{
    public async Task<IReadOnlyCollection<string>> CreditTierCodesAsync(CancellationToken ct) =>
        (await db.ItemsAsync(CodeLists.CustomsCreditTiers, ct)).Select(i => i.Code).ToList();

    public async Task<SaveResult> CreateAsync(ClaimsPrincipal user, EnterpriseInput input, CancellationToken ct)
    {
        var errors = input.Validate(await CreditTierCodesAsync(ct));
        if (errors.Count == 0 && await db.Enterprises.IgnoreQueryFilters().AnyAsync(e => e.CreditCode == input.CreditCode, ct))
            errors.Add((nameof(input.CreditCode), Text.Format("统一社会信用代码 {0} 已登记", input.CreditCode)));
        if (errors.Count > 0) return new SaveResult(null, errors);

        var enterprise = new Enterprise { CreditCode = input.CreditCode!, NameZh = input.NameZh! };
        input.ApplyTo(enterprise);
        SyncLists(enterprise, input);
        enterprise.Register(user.DisplayName(), clock.GetUtcNow());
        db.Enterprises.Add(enterprise);
        await db.SaveChangesAsync(ct);
        return new SaveResult(enterprise.Id, []);
    }

    /// <summary>
    /// Saves a profile. The office may change everything; an enterprise its own non-identity fields
    /// only (credit code, customs code and names go to the office for approval, and so do the customs credit
    /// tier, which raises the enterprise's own yearly evaluation). The CNAS accreditation is nobody's to type in:
    /// the CNAS tracker (Laboratories) writes it when a lab is accredited with its certificate.
    /// </summary>
    public async Task<SaveResult> UpdateAsync(ClaimsPrincipal user, Guid id, EnterpriseInput input, int? expectedVersion, CancellationToken ct)
    {
        var enterprise = await db.Enterprises.Include(e => e.Products).Include(e => e.Markets).SingleOrDefaultAsync(e => e.Id == id, ct);
        if (enterprise is null || !EnterpriseScope.For(user).Allows(id)) return new SaveResult(null, [("", Text.Get("企业不存在"))]);
        var office = PermissionCatalog.IsGranted(user, EnterprisesPermissions.Manage);
        if (!office && !PermissionCatalog.IsGranted(user, EnterprisesPermissions.Edit)) return new SaveResult(null, [("", Text.Get("无权执行此操作"))]);
        if (!office)
        {
            // Identity fields are the office's: keep them as they are.
            input.CreditCode = enterprise.CreditCode; input.CustomsCode = enterprise.CustomsCode;
            input.NameZh = enterprise.NameZh; input.NameEn = enterprise.NameEn;
            input.CustomsCreditTier = enterprise.CustomsCreditTier;
        }
        (input.LabCnasAccredited, input.LabCnasNumber, input.LabCnasExpiry) = (enterprise.LabCnasAccredited, enterprise.LabCnasNumber, enterprise.LabCnasExpiry);
        var errors = input.Validate(await CreditTierCodesAsync(ct));
        if (errors.Count == 0 && input.CreditCode != enterprise.CreditCode
            && await db.Enterprises.IgnoreQueryFilters().AnyAsync(e => e.CreditCode == input.CreditCode && e.Id != id, ct))
            errors.Add((nameof(input.CreditCode), Text.Format("统一社会信用代码 {0} 已登记", input.CreditCode)));
        if (expectedVersion is not null && expectedVersion != enterprise.Version)
            errors.Add(("", Text.Get("该企业资料已被他人修改，请刷新后重试")));
        if (errors.Count > 0) return new SaveResult(null, errors);

        input.ApplyTo(enterprise);
        SyncLists(enterprise, input);
        enterprise.Version++;
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            return new SaveResult(null, [("", Text.Get("该企业资料已被他人修改，请刷新后重试"))]);
        }
        return new SaveResult(enterprise.Id, []);
    }

    /// <summary>A dynamic-management action by the zone office, with reason and optional evidence.</summary>
    public async Task<CommandResult> TransitionAsync(ClaimsPrincipal user, Guid id, ManagementAction action, string? reason, Stream? evidence, string? evidenceName, CancellationToken ct)
    {
        if (!PermissionCatalog.IsGranted(user, EnterprisesPermissions.Manage)) return CommandResult.Forbidden(Text.Get("无权执行此操作"));
        var enterprise = await db.Enterprises.SingleOrDefaultAsync(e => e.Id == id, ct);
        if (enterprise is null) return CommandResult.NotFound(Text.Get("企业不存在"));
        try
        {
            StoredEvidence? stored = null;
            if (evidence is not null && !string.IsNullOrEmpty(evidenceName))
            {
                var file = await files.SaveAsync(evidence, evidenceName, ct);
                stored = new StoredEvidence(file.Sha256, file.FileName, file.ContentType);
            }
            var evt = action == ManagementAction.Admitted
                ? enterprise.Admit(await NextAdmissionNumberAsync(ct), DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime), reason ?? "", stored, user.DisplayName(), clock.GetUtcNow())
                : enterprise.Transition(action, reason ?? "", stored, user.DisplayName(), clock.GetUtcNow());
            db.EnterpriseEvents.Add(evt);
            enterprise.Version++;
            await db.SaveChangesAsync(ct);
            await observers.NotifyAsync(id, ct);
            logger.LogInformation("Enterprise {Id} {Action} by {User}", id, action, user.Identity?.Name);
            return CommandResult.Ok;
        }
        catch (Exception ex) when (ex is BusinessRuleException or FileRejectedException)
        {
            logger.LogWarning("Refused {Action} on enterprise {Id} by {User}: {Reason}", action, id, user.Identity?.Name, ex.Message);
            return CommandResult.Invalid(ex.Message);
        }
    }

    /// <summary>入区编号: FH-yyyy-NNNN, numbered within the year.</summary>
    public async Task<string> NextAdmissionNumberAsync(CancellationToken ct)
    {
        var prefix = $"FH-{clock.GetUtcNow().Year}-";
        var next = await NumberSequences.NextAsync(db, prefix, async token =>
            NumberSequences.Highest(await db.Enterprises.IgnoreQueryFilters().Where(e => e.AdmissionNumber != null && e.AdmissionNumber.StartsWith(prefix))
                .Select(e => e.AdmissionNumber!).ToListAsync(token), prefix), ct);
        return $"{prefix}{next:D4}";
    }

    private static void SyncLists(Enterprise enterprise, EnterpriseInput input)
    {
        enterprise.Products.RemoveAll(p => !input.Products.Any(i => i.HsCode == p.HsCode));
        foreach (var product in input.Products)
        {
            var existing = enterprise.Products.FirstOrDefault(p => p.HsCode == product.HsCode);
            if (existing is null) enterprise.Products.Add(new EnterpriseProduct { EnterpriseId = enterprise.Id, HsCode = product.HsCode, Name = product.Name });
            else existing.Name = product.Name;
        }
        enterprise.Markets.RemoveAll(m => !input.Markets.Contains(m.CountryCode));
        foreach (var code in input.Markets.Where(c => enterprise.Markets.All(m => m.CountryCode != c)))
            enterprise.Markets.Add(new EnterpriseMarket { EnterpriseId = enterprise.Id, CountryCode = code });
    }
}
