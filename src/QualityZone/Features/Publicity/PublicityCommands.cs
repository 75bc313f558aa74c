using System.Security.Claims;
using Microsoft.EntityFrameworkCore;
using QualityZone.Features.Notifications;
using QualityZone.Infrastructure;
using QualityZone.Infrastructure.Auth;
using QualityZone.Infrastructure.Data;
using QualityZone.Infrastructure.Files;
using QualityZone.Infrastructure.Localization;
using QualityZone.Infrastructure.Web;

namespace QualityZone.Features.Publicity;

public sealed record CaseInput(Guid? EnterpriseId, string? Title, CaseTopic Topic, string? Summary, string? Body);
public sealed record MediaInput(string? Outlet, DateOnly? PublishedOn, string? Title, string? Url, MediaType Type);

/// <summary>
/// Experience and publicity (tasks 23 and 22): best-practice cases written by an enterprise (its own) or the
/// member units, reviewed by the association or the office before the portal shows them; and the register of
/// media coverage of the zone. A published case is read by anyone with its files; a draft only by its writers.
/// </summary>
public sealed class PublicityCommands(AppDbContext db, FileStore files, NotificationService notifications, TimeProvider time)
{
    /// <summary>The cases the user may read: published ones for anyone; an enterprise also its own; the member units all.</summary>
    public IQueryable<PracticeCase> Readable(ClaimsPrincipal user)
    {
        var cases = db.PracticeCases.AsNoTracking();
        if (user.EnterpriseId() is { } own) return cases.Where(c => c.State == CaseState.Published || c.EnterpriseId == own);
        return PermissionCatalog.IsGranted(user, PublicityPermissions.Write) ? cases : cases.Where(c => c.State == CaseState.Published);
    }

    private static bool Writes(ClaimsPrincipal user, PracticeCase c) =>
        PermissionCatalog.IsGranted(user, PublicityPermissions.Write) && (user.EnterpriseId() is not { } own || own == c.EnterpriseId);

    public async Task<(CommandResult Result, Guid? Id)> SaveAsync(ClaimsPrincipal user, Guid? id, CaseInput input, CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(input.Title) || input.Title.Trim().Length > 200) return (CommandResult.Invalid(Text.Get("请填写案例标题（不超过 200 字）")), null);
        if (string.IsNullOrWhiteSpace(input.Summary) || input.Summary.Trim().Length > 500) return (CommandResult.Invalid(Text.Get("请填写案例摘要（不超过 500 字）")), null);
        if (string.IsNullOrWhiteSpace(input.Body) || input.Body.Trim().Length > 20000) return (CommandResult.Invalid(Text.Get("请填写案例正文（不超过 20000 字）")), null);
        PracticeCase? item;
        if (id is { } existing)
        {
            item = await db.PracticeCases.SingleOrDefaultAsync(c => c.Id == existing, ct);
            if (item is null || !Writes(user, item)) return (CommandResult.NotFound(Text.Get("案例不存在")), null);
            if (item.State != CaseState.Draft) return (CommandResult.Conflict(Text.Get("只有草稿可以修改")), null);
        }
        else
        {
            var enterprise = user.EnterpriseId() ?? input.EnterpriseId;
            if (enterprise is not { } e || !await db.Enterprises.AnyAsync(x => x.Id == e, ct)) return (CommandResult.Invalid(Text.Get("请选择案例所属企业")), null);
            item = new PracticeCase { EnterpriseId = e, Title = "", Summary = "", Body = "", Author = user.DisplayName(), CreatedAt = time.GetUtcNow() };
            db.PracticeCases.Add(item);
        }
        (item.Title, item.Topic, item.Summary, item.Body) = (input.Title.Trim(), input.Topic, input.Summary.Trim(), input.Body.Trim());
        item.Version++;
        await db.SaveChangesAsync(ct);
        return (CommandResult.Ok, item.Id);
    }

    /// <summary>A document or a photo of a draft case.</summary>
    public async Task<CommandResult> AttachAsync(ClaimsPrincipal user, Guid id, Stream content, string fileName, CancellationToken ct)
    {
        var item = await db.PracticeCases.SingleOrDefaultAsync(c => c.Id == id, ct);
        if (item is null || !Writes(user, item)) return CommandResult.NotFound(Text.Get("案例不存在"));
        if (item.State != CaseState.Draft) return CommandResult.Conflict(Text.Get("只有草稿可以修改"));
        StoredFile stored;
        try { stored = await files.SaveAsync(content, fileName, ct); }
        catch (FileRejectedException ex) { return CommandResult.Invalid(ex.Message); }
        db.CaseFiles.Add(new CaseFile { CaseId = id, Sha256 = stored.Sha256, FileName = stored.FileName, ContentType = stored.ContentType, Size = stored.Size, UploadedAt = time.GetUtcNow() });
        await db.SaveChangesAsync(ct);
        return CommandResult.Ok;
    }

    /// <summary>The writer sends a draft for review.</summary>
    public async Task<CommandResult> SubmitAsync(ClaimsPrincipal user, Guid id, CancellationToken ct)
    {
        var item = await db.PracticeCases.SingleOrDefaultAsync(c => c.Id == id, ct);
        if (item is null || !Writes(user, item)) return CommandResult.NotFound(Text.Get("案例不存在"));
        if (item.State != CaseState.Draft) return CommandResult.Conflict(Text.Get("只有草稿可以送审"));
        item.State = CaseState.InReview;
        item.Version++;
        await db.SaveChangesAsync(ct);
        return CommandResult.Ok;
    }

    /// <summary>The reviewer publishes a case in review, or sends it back to draft with a note saying why.</summary>
    public async Task<CommandResult> ReviewAsync(ClaimsPrincipal user, Guid id, bool publish, string? note, CancellationToken ct)
    {
        var item = await db.PracticeCases.SingleOrDefaultAsync(c => c.Id == id, ct);
        if (item is null) return CommandResult.NotFound(Text.Get("案例不存在"));
        if (item.State != CaseState.InReview) return CommandResult.Conflict(Text.Get("只有待审核的案例可以审核"));
        if (!publish && string.IsNullOrWhiteSpace(note)) return CommandResult.Invalid(Text.Get("退回修改须说明理由"));
        if (note?.Trim().Length > 1000) return CommandResult.Invalid(Text.Get("审核意见不超过 1000 字"));
        (item.State, item.ReviewNote, item.ReviewedBy) = (publish ? CaseState.Published : CaseState.Draft, string.IsNullOrWhiteSpace(note) ? null : note.Trim(), user.DisplayName());
        if (publish) item.PublishedAt = time.GetUtcNow();
        item.Version++;
        await notifications.NotifyEnterprisesAsync([item.EnterpriseId], publish ? Msg.Of("经验案例已发布：{0}", item.Title) : Msg.Of("经验案例退回修改：{0}", item.Title),
            item.ReviewNote, _ => $"/cases/{item.Id}", ct);
        await db.SaveChangesAsync(ct);
        return CommandResult.Ok;
    }

    public IQueryable<MediaItem> Media => db.MediaItems.AsNoTracking();

    public async Task<(CommandResult Result, Guid? Id)> SaveMediaAsync(ClaimsPrincipal user, Guid? id, MediaInput input, CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(input.Outlet) || input.Outlet.Trim().Length > 100) return (CommandResult.Invalid(Text.Get("请填写媒体名称（不超过 100 字）")), null);
        if (string.IsNullOrWhiteSpace(input.Title) || input.Title.Trim().Length > 300) return (CommandResult.Invalid(Text.Get("请填写报道标题（不超过 300 字）")), null);
        if (input.PublishedOn is not { } on || on > DateOnly.FromDateTime(time.GetUtcNow().UtcDateTime.AddDays(1))) return (CommandResult.Invalid(Text.Get("请填写报道日期（不晚于今天）")), null);
        if (!string.IsNullOrWhiteSpace(input.Url) && (!WebLinks.IsWebAddress(input.Url) || input.Url.Trim().Length > 500)) return (CommandResult.Invalid(Text.Get("链接应为 http 或 https 地址")), null);
        MediaItem? item;
        if (id is { } existing)
        {
            item = await db.MediaItems.SingleOrDefaultAsync(m => m.Id == existing, ct);
            if (item is null) return (CommandResult.NotFound(Text.Get("报道不存在")), null);
        }
        else
        {
            item = new MediaItem { Outlet = "", Title = "", RecordedBy = user.DisplayName(), RecordedAt = time.GetUtcNow() };
            db.MediaItems.Add(item);
        }
        (item.Outlet, item.PublishedOn, item.Title, item.Url, item.Type) = (input.Outlet.Trim(), on, input.Title.Trim(), string.IsNullOrWhiteSpace(input.Url) ? null : input.Url.Trim(), input.Type);
        await db.SaveChangesAsync(ct);
        return (CommandResult.Ok, item.Id);
    }
}
