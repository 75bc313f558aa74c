using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Microsoft.Extensions.Options;
using QualityZone.Infrastructure.Data;

namespace QualityZone.Features.Accounts;

/// <summary>
/// One sign-in of a person in a browser. The session cookie names it (claim <see cref="ClaimType"/>), and every request
/// checks it is still open, so signing out, deactivating the account or ending the session from another device
/// ends it on the server at once: a copied cookie stops working with the next request, not at its expiry.
/// The check is answered from <see cref="ReadCache"/> while the sessions' stamp has not moved: every start and end
/// of a session raises it, on every instance's next request.
/// </summary>
[CachedIn(CacheArea)]
public sealed class UserSession
{
    public const string ClaimType = "qz.sid";
    public const string CacheArea = "sessions";

    private UserSession() { }

    public Guid Id { get; private set; }
    public string UserId { get; private set; } = "";
    public DateTimeOffset CreatedAt { get; private set; }
    public DateTimeOffset? EndedAt { get; private set; }
    /// <summary>The client's address at sign-in (behind the proxy: the forwarded one) and its browser, for the user's own list.</summary>
    public string? Address { get; private set; }
    public string? UserAgent { get; private set; }

    public static UserSession Start(string userId, DateTimeOffset now, string? address, string? userAgent) => new()
    {
        Id = Guid.CreateVersion7(), UserId = userId, CreatedAt = now, Address = address, UserAgent = userAgent is { Length: > 200 } ? userAgent[..200] : userAgent,
    };

    public void End(DateTimeOffset now) => EndedAt ??= now;
}

public sealed class UserSessionConfiguration : IEntityTypeConfiguration<UserSession>
{
    public void Configure(EntityTypeBuilder<UserSession> builder)
    {
        builder.ToTable("user_sessions");
        builder.Property(s => s.Id).ValueGeneratedNever();
        builder.Property(s => s.Address).HasMaxLength(64);
        builder.Property(s => s.UserAgent).HasMaxLength(200);
        builder.HasIndex(s => new { s.UserId, s.EndedAt });
        builder.HasOne<AppUser>().WithMany().HasForeignKey(s => s.UserId).OnDelete(DeleteBehavior.Cascade);
    }
}

/// <summary>The cookie events that open, carry over and check sessions.</summary>
public static class UserSessions
{
    private static readonly string[] SessionAreas = [UserSession.CacheArea];

    /// <summary>At sign-in: a new session, unless the browser already has one (a refresh after a password change keeps it).</summary>
    public static async Task OnSigningIn(CookieSigningInContext context)
    {
        if (context.Principal?.Identity is not ClaimsIdentity identity || identity.FindFirst(UserSession.ClaimType)?.Value is { } _) return;
        var userId = identity.FindFirst(ClaimTypes.NameIdentifier)?.Value;
        if (userId is null) return;
        var http = context.HttpContext;
        var db = http.RequestServices.GetRequiredService<AppDbContext>();
        var now = http.RequestServices.GetRequiredService<TimeProvider>().GetUtcNow();
        if (http.User.FindFirst(UserSession.ClaimType)?.Value is { } current && http.User.FindFirst(ClaimTypes.NameIdentifier)?.Value == userId && Guid.TryParse(current, out var currentId)
            && await IsOpenAsync(db, currentId, http.RequestAborted))
        {
            identity.AddClaim(new Claim(UserSession.ClaimType, current));
            return;
        }
        var session = UserSession.Start(userId, now, http.Connection.RemoteIpAddress?.ToString(), http.Request.Headers.UserAgent.ToString());
        db.UserSessions.Add(session);
        await db.SaveChangesAsync(http.RequestAborted);
        identity.AddClaim(new Claim(UserSession.ClaimType, session.Id.ToString()));
    }

    /// <summary>Every request: the security stamp (role changes, at most a minute late), then the session (at once).</summary>
    public static async Task OnValidatePrincipal(CookieValidatePrincipalContext context)
    {
        var http = context.HttpContext;
        // The stamp check is due a ValidationInterval after the cookie was issued (the validator's own test, with its own
        // clock). Asked on every request, the validator was first built (sign-in and user managers, the user store, a
        // database context) and only then found nothing due: a tenth of a signed-in request's CPU (docs/benchmarks.md).
        var stamps = http.RequestServices.GetRequiredService<IOptions<SecurityStampValidatorOptions>>().Value;
        if (StampCheckDue(context.Properties.IssuedUtc, stamps))
            await SecurityStampValidator.ValidatePrincipalAsync(context);
        if (context.Principal is null) return;
        if (!Guid.TryParse(context.Principal.FindFirst(UserSession.ClaimType)?.Value, out var id)
            || !await http.RequestServices.GetRequiredService<ReadCache>().GetAsync($"session:{id}", SessionAreas,
                ct => IsOpenAsync(http.RequestServices.GetRequiredService<AppDbContext>(), id, ct), http.RequestAborted))
        {
            context.RejectPrincipal();
            await http.SignOutAsync(IdentityConstants.ApplicationScheme);
        }
    }

    private static Task<bool> IsOpenAsync(AppDbContext db, Guid id, CancellationToken ct) => db.UserSessions.AnyAsync(s => s.Id == id && s.EndedAt == null, ct);

    private static bool StampCheckDue(DateTimeOffset? issued, SecurityStampValidatorOptions options) =>
        issued is null || (options.TimeProvider ?? TimeProvider.System).GetUtcNow() - issued.Value > options.ValidationInterval;

    /// <summary>The security-stamp check rebuilds the principal; the session it belongs to stays the same.</summary>
    public static Task OnRefreshingPrincipal(SecurityStampRefreshingPrincipalContext context)
    {
        if (context.CurrentPrincipal?.FindFirst(UserSession.ClaimType) is { } claim && context.NewPrincipal?.Identity is ClaimsIdentity identity && identity.FindFirst(UserSession.ClaimType) is null)
            identity.AddClaim(new Claim(UserSession.ClaimType, claim.Value));
        return Task.CompletedTask;
    }

    /// <summary>Ends the signed-in user's current session (sign-out).</summary>
    public static async Task EndCurrentAsync(AppDbContext db, ClaimsPrincipal user, DateTimeOffset now, CancellationToken ct)
    {
        if (!Guid.TryParse(user.FindFirst(UserSession.ClaimType)?.Value, out var id)) return;
        await EndAsync(db, db.UserSessions.Where(s => s.Id == id && s.EndedAt == null), now, ct);
    }

    /// <summary>Ends every open session of a user (deactivation, a password reset by the administrator).</summary>
    public static Task EndAllAsync(AppDbContext db, string userId, DateTimeOffset now, CancellationToken ct) =>
        EndAsync(db, db.UserSessions.Where(s => s.UserId == userId && s.EndedAt == null), now, ct);

    /// <summary>The end and the sessions' stamp together: no instance keeps honouring an ended session.</summary>
    private static Task EndAsync(AppDbContext db, IQueryable<UserSession> sessions, DateTimeOffset now, CancellationToken ct) =>
        ReadCache.WriteAsync(db, SessionAreas, c => sessions.ExecuteUpdateAsync(s => s.SetProperty(x => x.EndedAt, now), c), ct);
}
