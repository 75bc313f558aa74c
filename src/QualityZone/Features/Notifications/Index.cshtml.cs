using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using QualityZone.Infrastructure;
using QualityZone.Infrastructure.Auth;
using QualityZone.Infrastructure.Data;

namespace QualityZone.Features.Notifications;

[RequirePermission(NotificationsPermissions.Own)]
public sealed class IndexModel(AppDbContext db, ZoneClock clock, TimeProvider time) : PageModel
{
    public IReadOnlyList<Notification> Items { get; private set; } = [];
    public string Local(DateTimeOffset instant) => clock.Format(instant);

    public async Task OnGetAsync(CancellationToken ct) =>
        Items = await db.Notifications.AsNoTracking().Where(n => n.UserId == User.UserId()).OrderByDescending(n => n.CreatedAt).Take(200).ToListAsync(ct);

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        var userId = User.UserId();
        var now = time.GetUtcNow();
        // Past SaveChanges: the header's unread counts are told with the write (ReadCache).
        await ReadCache.WriteAsync(db, ["notifications"],
            c => db.Notifications.Where(n => n.UserId == userId && n.ReadAt == null).ExecuteUpdateAsync(u => u.SetProperty(n => n.ReadAt, now), c), ct);
        return Redirect("/notifications");
    }
}
