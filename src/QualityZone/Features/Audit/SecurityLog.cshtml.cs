using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using QualityZone.Infrastructure;
using QualityZone.Infrastructure.Auth;
using QualityZone.Infrastructure.Data;
using QualityZone.Infrastructure.Web;

namespace QualityZone.Features.Audit;

/// <summary><c>/admin/security-log</c>: sign-ins, failures, lockouts and sign-outs, filtered by account, kind and day.</summary>
[RequirePermission(AuditPermissions.View)]
public sealed class SecurityLogModel(AppDbContext db, ZoneClock clock) : PageModel
{
    [BindProperty(SupportsGet = true)] public string? Account { get; set; }
    [BindProperty(SupportsGet = true)] public SecurityEventKind? Kind { get; set; }
    [BindProperty(SupportsGet = true)] public DateOnly? From { get; set; }
    [BindProperty(SupportsGet = true)] public DateOnly? To { get; set; }
    [BindProperty(SupportsGet = true, Name = "page")] public int PageNumber { get; set; } = 1;

    public Paged<SecurityEvent> Events { get; private set; } = new([], 1, 50, 0);

    public string Local(DateTimeOffset instant) => clock.Format(instant, "yyyy-MM-dd HH:mm:ss");

    public static string KindLabel(SecurityEventKind kind) => kind switch
    {
        SecurityEventKind.SignedIn => "登录成功",
        SecurityEventKind.SignInFailed => "登录失败",
        SecurityEventKind.LockedOut => "账号锁定中被拒绝",
        _ => "已退出登录",
    };

    public static string KindBadge(SecurityEventKind kind) => kind switch
    {
        SecurityEventKind.SignedIn => "bg-success",
        SecurityEventKind.SignInFailed => "bg-warning text-dark",
        SecurityEventKind.LockedOut => "bg-danger",
        _ => "bg-secondary",
    };

    public string Link(int page) => $"/admin/security-log?account={Uri.EscapeDataString(Account ?? "")}&kind={Kind}&from={From:yyyy-MM-dd}&to={To:yyyy-MM-dd}&page={page}";

    public async Task OnGetAsync(CancellationToken ct)
    {
        var query = db.SecurityEvents.AsNoTracking();
        if (!string.IsNullOrWhiteSpace(Account)) query = query.Where(e => e.Account.Contains(Account.Trim()) || (e.DisplayName != null && e.DisplayName.Contains(Account.Trim())));
        if (Kind is { } kind) query = query.Where(e => e.Kind == kind);
        if (From is { } from) query = query.Where(e => e.At >= clock.StartOf(from));
        if (To is { } to) query = query.Where(e => e.At < clock.StartOf(to.AddDays(1)));
        Events = await Paged<SecurityEvent>.CreateAsync(query.OrderByDescending(e => e.Id), PageNumber, 50, ct);
    }
}
