using System.Security.Cryptography;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace QualityZone.Features.Accounts;

/// <summary>
/// A personal API token for scripts and enterprise systems. Only its SHA-256 hash is stored: the
/// token is 32 random bytes, so a fast hash is enough (no dictionary to guess from), and lookup by
/// hash is one index seek per request.
/// </summary>
public sealed class ApiToken
{
    public const string Prefix = "qz_";

    private ApiToken() { }

    public Guid Id { get; private set; }
    public string UserId { get; private set; } = "";
    public AppUser? User { get; private set; }
    public string Name { get; private set; } = "";
    /// <summary>The first characters of the token, shown in lists so a user can tell tokens apart.</summary>
    public string Hint { get; private set; } = "";
    public string TokenHash { get; private set; } = "";
    public DateTimeOffset CreatedAt { get; private set; }
    public DateTimeOffset? ExpiresAt { get; private set; }
    public DateTimeOffset? LastUsedAt { get; private set; }
    public DateTimeOffset? RevokedAt { get; private set; }

    public bool IsActiveAt(DateTimeOffset now) => RevokedAt is null && (ExpiresAt is null || ExpiresAt > now);

    /// <summary>Creates a token; the plain value is returned once and never stored.</summary>
    public static (ApiToken Token, string PlainText) Create(string userId, string name, DateTimeOffset now, DateTimeOffset? expiresAt)
    {
        if (expiresAt is not null && expiresAt <= now) throw new ArgumentException("expiry must be in the future", nameof(expiresAt));
        var plain = Prefix + Base64Url(RandomNumberGenerator.GetBytes(32));
        var token = new ApiToken
        {
            Id = Guid.CreateVersion7(),
            UserId = userId,
            Name = name.Trim(),
            Hint = plain[..(Prefix.Length + 6)],
            TokenHash = Hash(plain),
            CreatedAt = now,
            ExpiresAt = expiresAt,
        };
        return (token, plain);
    }

    public void Revoke(DateTimeOffset now) => RevokedAt ??= now;

    /// <summary>Records use at most once a minute, so authenticating is not a write per request.</summary>
    public bool TouchIfStale(DateTimeOffset now)
    {
        if (LastUsedAt is not null && now - LastUsedAt < TimeSpan.FromMinutes(1)) return false;
        LastUsedAt = now;
        return true;
    }

    public static string Hash(string plain) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(plain)));

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}

public sealed class ApiTokenConfiguration : IEntityTypeConfiguration<ApiToken>
{
    public void Configure(EntityTypeBuilder<ApiToken> builder)
    {
        builder.ToTable("api_tokens");
        builder.Property(t => t.Id).ValueGeneratedNever();
        builder.Property(t => t.Name).HasMaxLength(100);
        builder.Property(t => t.Hint).HasMaxLength(16);
        builder.Property(t => t.TokenHash).HasMaxLength(64);
        builder.HasIndex(t => t.TokenHash).IsUnique();
        builder.HasOne(t => t.User).WithMany().HasForeignKey(t => t.UserId).OnDelete(DeleteBehavior.Restrict);
    }
}
