using System.Collections.Concurrent;
using System.Security.Claims;

namespace QualityZone.Features.Accounts;

/// <summary>
/// The claims of recently seen API tokens, so that a client calling many times a second is not looked up and its
/// claims rebuilt from the database on every request (issue 22: the token lookup cost 5 queries and ~0.9 ms per
/// call). An entry lives <see cref="Lifetime"/> at most: a token revoked, or an account changed or deactivated, on
/// another instance is refused within that time everywhere; on this instance the change clears the cache at once.
/// </summary>
public sealed class ApiTokenCache(TimeProvider clock)
{
    /// <summary>How long another instance may still honour a token revoked elsewhere.</summary>
    public static readonly TimeSpan Lifetime = TimeSpan.FromSeconds(5);
    private const int MaxEntries = 10_000;

    private sealed record Entry(IReadOnlyList<Claim> Claims, DateTimeOffset? ExpiresAt, DateTimeOffset CachedAt);

    private readonly ConcurrentDictionary<string, Entry> entries = new(StringComparer.Ordinal);

    /// <summary>The cached claims of a token hash, while fresh and the token unexpired.</summary>
    public IReadOnlyList<Claim>? Find(string tokenHash)
    {
        if (!entries.TryGetValue(tokenHash, out var entry)) return null;
        var now = clock.GetUtcNow();
        if (now - entry.CachedAt < Lifetime && (entry.ExpiresAt is null || entry.ExpiresAt > now)) return entry.Claims;
        entries.TryRemove(new KeyValuePair<string, Entry>(tokenHash, entry));
        return null;
    }

    public void Remember(string tokenHash, IReadOnlyList<Claim> claims, DateTimeOffset? expiresAt)
    {
        // A flood of distinct tokens never grows the cache without bound.
        if (entries.Count >= MaxEntries) entries.Clear();
        entries[tokenHash] = new Entry(claims, expiresAt, clock.GetUtcNow());
    }

    /// <summary>A token was revoked or an account changed here: nothing cached is trusted any more.</summary>
    public void Clear() => entries.Clear();
}
