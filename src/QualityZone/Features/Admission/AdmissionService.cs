using System.Security.Claims;
using Microsoft.EntityFrameworkCore;
using QualityZone.Features.Enterprises;
using QualityZone.Infrastructure;
using QualityZone.Infrastructure.Auth;
using QualityZone.Infrastructure.Data;
using QualityZone.Infrastructure.Files;
using QualityZone.Infrastructure.Localization;

namespace QualityZone.Features.Admission;

/// <summary>Admission: the enterprise applies, customs/inspection and the association give opinions, the office decides.</summary>
public sealed class AdmissionService(AppDbContext db, FileStore files, EnterpriseCommands enterprises, Notifications.NotificationService notifications, TimeProvider clock, ILogger<AdmissionService> logger)
{
    private sealed record SeedEntry(string Code, string Zh, string En);

    public static async Task EnsureCriteriaAsync(AppDbContext db, CancellationToken ct)
    {
        var existing = await db.AdmissionCriteria.Select(c => c.Code).ToListAsync(ct);
        var order = 0;
        foreach (var entry in SeedFile.Read<SeedEntry>(typeof(AdmissionService), "admission-criteria.seed.json"))
        {
            order += 10;
            if (!existing.Contains(entry.Code)) db.AdmissionCriteria.Add(new AdmissionCriterion { Code = entry.Code, TextZh = entry.Zh, TextEn = entry.En, SortOrder = order });
        }
        await db.SaveChangesAsync(ct);
    }

    public Task<List<AdmissionCriterion>> CriteriaAsync(CancellationToken ct) =>
        db.AdmissionCriteria.AsNoTracking().Where(c => c.IsActive).OrderBy(c => c.SortOrder).ToListAsync(ct);

    /// <summary>The application a user may open (an enterprise only its own), with items and reviews.</summary>
    public Task<AdmissionApplication?> FindAsync(ClaimsPrincipal user, Guid id, CancellationToken ct)
    {
        var scope = EnterpriseScope.For(user);
        return db.AdmissionApplications.Include(a => a.Items).Include(a => a.Reviews)
            .ForScope(scope)
            .SingleOrDefaultAsync(a => a.Id == id, ct);
    }

    /// <summary>The enterprise's open application, started as a draft when an applicant has none.</summary>
    public async Task<AdmissionApplication?> OpenForEnterpriseAsync(Guid enterpriseId, CancellationToken ct)
    {
        var open = await db.AdmissionApplications.Where(a => a.EnterpriseId == enterpriseId && a.State != ApplicationState.Rejected && a.State != ApplicationState.Approved)
            .OrderByDescending(a => a.CreatedAt).FirstOrDefaultAsync(ct);
        if (open is not null) return open;
        var state = await db.Enterprises.Where(e => e.Id == enterpriseId).Select(e => (EnterpriseState?)e.State).SingleOrDefaultAsync(ct);
        if (state != EnterpriseState.Applicant) return null;
        var application = AdmissionApplication.Start(enterpriseId, clock.GetUtcNow());
        db.AdmissionApplications.Add(application);
        await db.SaveChangesAsync(ct);
        return application;
    }

    public Task<CommandResult> SaveItemAsync(ClaimsPrincipal user, Guid id, Guid criterionId, string? statement, Stream? file, string? fileName, CancellationToken ct) =>
        ActAsync(user, id, requireOwner: true, async application =>
        {
            if (!await db.AdmissionCriteria.AnyAsync(c => c.Id == criterionId && c.IsActive, ct)) throw new BusinessRuleException(Text.Get("入区条件不存在"));
            if (statement?.Trim().Length > 2000) throw new BusinessRuleException(Text.Get("说明不能超过 2000 个字"));
            (string, string, string)? stored = null;
            if (file is not null && !string.IsNullOrEmpty(fileName))
            {
                var saved = await files.SaveAsync(file, fileName, ct);
                stored = (saved.Sha256, saved.FileName, saved.ContentType);
            }
            application.SetItem(criterionId, statement, stored);
        }, ct);

    public Task<CommandResult> SubmitAsync(ClaimsPrincipal user, Guid id, CancellationToken ct) =>
        ActAsync(user, id, requireOwner: true, async application => application.Submit(await CriteriaAsync(ct), clock.GetUtcNow()), ct);

    /// <summary>An opinion from the user's department: 检验检疫局 (ciq) or 气动协会 (association).</summary>
    public Task<CommandResult> ReviewAsync(ClaimsPrincipal user, Guid id, Opinion opinion, string? comment, CancellationToken ct) =>
        ActAsync(user, id, requireOwner: false, async application =>
        {
            if (!PermissionCatalog.IsGranted(user, AdmissionPermissions.Review)) throw new BusinessRuleException(Text.Get("无权执行此操作"));
            var department = await db.Departments.Where(d => d.Id == user.DepartmentId()).Select(d => d.Code).SingleOrDefaultAsync(ct);
            if (department is null || !AdmissionApplication.Reviewers.Contains(department))
                throw new BusinessRuleException(Text.Get("只有检验检疫局和气动协会提出审核意见"));
            application.Review(department, opinion, comment, user.DisplayName(), clock.GetUtcNow());
        }, ct);

    /// <summary>The office's decision; approval admits the enterprise with the next admission number, in the same transaction.</summary>
    public Task<CommandResult> DecideAsync(ClaimsPrincipal user, Guid id, AdmissionApplication.Decision decision, string? reason, CancellationToken ct) =>
        ActAsync(user, id, requireOwner: false, async application =>
        {
            if (!PermissionCatalog.IsGranted(user, AdmissionPermissions.Decide)) throw new BusinessRuleException(Text.Get("无权执行此操作"));
            var now = clock.GetUtcNow();
            application.Decide(decision, reason, user.DisplayName(), now);
            if (decision == AdmissionApplication.Decision.Approve)
            {
                var enterprise = await db.Enterprises.SingleAsync(e => e.Id == application.EnterpriseId, ct);
                db.EnterpriseEvents.Add(enterprise.Admit(await enterprises.NextAdmissionNumberAsync(ct), DateOnly.FromDateTime(now.UtcDateTime), reason!, null, user.DisplayName(), now));
                enterprise.Version++;
            }
            // The applicant hears of the decision (stored in Chinese, the enterprise's language).
            // <data>
            var title = decision switch
            {
                AdmissionApplication.Decision.Approve => "入区申请已批准",
                AdmissionApplication.Decision.Return => "入区申请被退回修改",
                _ => "入区申请未获批准",
            };
            // </data>
            await notifications.NotifyEnterprisesAsync([application.EnterpriseId], Msg.Of(title), reason, _ => $"/admission/{application.Id}", ct);
        }, ct);

    private async Task<CommandResult> ActAsync(ClaimsPrincipal user, Guid id, bool requireOwner, Func<AdmissionApplication, Task> act, CancellationToken ct)
    {
        var application = await FindAsync(user, id, ct);
        if (application is null) return CommandResult.NotFound(Text.Get("申请不存在"));
        if (requireOwner && (user.EnterpriseId() != application.EnterpriseId || !PermissionCatalog.IsGranted(user, AdmissionPermissions.Apply)))
            return CommandResult.Forbidden(Text.Get("只有申请企业可以填报和提交"));
        try
        {
            await act(application);
            await db.SaveChangesAsync(ct);
            return CommandResult.Ok;
        }
        catch (Exception ex) when (ex is BusinessRuleException or FileRejectedException)
        {
            logger.LogWarning("Admission {Id}: refused for {User}: {Reason}", id, user.Identity?.Name, ex.Message);
            return CommandResult.Invalid(ex.Message);
        }
        catch (DbUpdateConcurrencyException)
        {
            return CommandResult.Conflict(Text.Get("该申请已被他人修改，请刷新后重试"));
        }
    }
}
