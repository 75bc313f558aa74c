using System.Security.Claims;
using QualityZone.Features.Accounts;

namespace QualityZone.Tests.Features.Accounts;

/// <summary>The API token cache: hits while fresh, never past its lifetime or the token's expiry, cleared by a change here.</summary>
public sealed class ApiTokenCacheTests
{
    private sealed class ManualClock(DateTimeOffset now) : TimeProvider
    {
        public DateTimeOffset Now { get; set; } = now;
        public override DateTimeOffset GetUtcNow() => Now;
    }

    private static readonly Claim[] Claims = [new(ClaimTypes.Name, "甲"), new(ClaimTypes.Role, "department-staff")];

    [Fact]
    public void A_token_seen_is_served_from_memory_only_within_its_lifetime()
    {
        var clock = new ManualClock(new DateTimeOffset(2026, 12, 4, 8, 0, 0, TimeSpan.Zero));
        var cache = new ApiTokenCache(clock);
        Assert.Null(cache.Find("h1"));
        cache.Remember("h1", Claims, null);
        Assert.Same(Claims, cache.Find("h1"));
        // A revocation on another instance reaches this one when the entry is older than the lifetime.
        clock.Now += ApiTokenCache.Lifetime;
        Assert.Null(cache.Find("h1"));
    }

    [Fact]
    public void An_expired_token_and_a_cleared_cache_miss()
    {
        var clock = new ManualClock(new DateTimeOffset(2026, 12, 4, 8, 0, 0, TimeSpan.Zero));
        var cache = new ApiTokenCache(clock);
        cache.Remember("expiring", Claims, clock.Now.AddSeconds(1));
        cache.Remember("h2", Claims, null);
        clock.Now = clock.Now.AddSeconds(2);
        Assert.Null(cache.Find("expiring"));
        Assert.NotNull(cache.Find("h2"));
        cache.Clear();
        Assert.Null(cache.Find("h2"));
    }
}
