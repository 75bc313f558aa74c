using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using QualityZone.Infrastructure.Data;
using QualityZone.Infrastructure.Localization;

namespace QualityZone.Features.Settings;

/// <summary>
/// The configurable lists of the zone (customs credit tiers, certificate types, brand levels…): the
/// zone office edits them; records refer to an item by its code.
/// </summary>
public sealed class CodeListItem
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public required string List { get; set; }
    public required string Code { get; set; }
    public required string NameZh { get; set; }
    public string? NameEn { get; set; }
    public int SortOrder { get; set; }
    public bool IsActive { get; set; } = true;

    public string Name => Text.Pick(NameZh, NameEn);
}

public static class CodeLists
{
    /// <summary>海关企业信用等级 — GACC Order No. 282 (in force 2026-04-01, replacing Order No. 251).</summary>
    public const string CustomsCreditTiers = "customs-credit-tier";
    public const string CertificateTypes = "certificate-type";
    public const string BrandLevels = "brand-level";

    private sealed record Entry(string List, string Code, string NameZh, string NameEn);

    /// <summary>Seeds the default items (codelists.seed.json) that are not there yet. Idempotent.</summary>
    public static async Task EnsureAsync(AppDbContext db, CancellationToken ct)
    {
        var existing = (await db.CodeListItems.Select(i => new { i.List, i.Code }).ToListAsync(ct)).Select(i => (i.List, i.Code)).ToHashSet();
        var order = 0;
        foreach (var entry in SeedFile.Read<Entry>(typeof(CodeLists), "codelists.seed.json"))
        {
            order += 10;
            if (!existing.Contains((entry.List, entry.Code)))
                db.CodeListItems.Add(new CodeListItem { List = entry.List, Code = entry.Code, NameZh = entry.NameZh, NameEn = entry.NameEn, SortOrder = order });
        }
        await db.SaveChangesAsync(ct);
    }

    public static Task<List<CodeListItem>> ItemsAsync(this AppDbContext db, string list, CancellationToken ct) =>
        db.CodeListItems.AsNoTracking().Where(i => i.List == list && i.IsActive).OrderBy(i => i.SortOrder).ToListAsync(ct);
}

public sealed class CodeListItemConfiguration : IEntityTypeConfiguration<CodeListItem>
{
    public void Configure(EntityTypeBuilder<CodeListItem> builder)
    {
        builder.ToTable("code_list_items");
        builder.Property(i => i.Id).ValueGeneratedNever();
        builder.Property(i => i.List).HasMaxLength(64);
        builder.Property(i => i.Code).HasMaxLength(64);
        builder.Property(i => i.NameZh).HasMaxLength(100);
        builder.Property(i => i.NameEn).HasMaxLength(200);
        builder.HasIndex(i => new { i.List, i.Code }).IsUnique();
        builder.Ignore(i => i.Name);
    }
}
