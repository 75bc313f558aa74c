using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using QualityZone.Infrastructure.Data;

namespace QualityZone.Features.Settings;

/// <summary>A setting the zone office changes at run time (for example the construction year).</summary>
[CachedIn("settings")]
public sealed class ZoneSetting
{
    public required string Key { get; set; }
    public required string Value { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
}

public sealed class ZoneSettingConfiguration : IEntityTypeConfiguration<ZoneSetting>
{
    public void Configure(EntityTypeBuilder<ZoneSetting> builder)
    {
        builder.ToTable("zone_settings");
        builder.HasKey(s => s.Key);
        builder.Property(s => s.Key).HasMaxLength(100);
        builder.Property(s => s.Value).HasMaxLength(2000);
    }
}

/// <summary>Typed access to the zone's settings.</summary>
public sealed class ZoneSettings(AppDbContext db, TimeProvider clock, ReadCache cache)
{
    public const string ConstructionYearKey = "zone.construction-year";

    /// <summary>Every setting's value by key, kept in memory until a setting changes (ReadCache): read on most pages, a few dozen rows.</summary>
    private async Task<string?> ValueAsync(string key, CancellationToken ct) =>
        (await cache.GetAsync("settings", ["settings"], async c => await db.ZoneSettings.AsNoTracking().ToDictionaryAsync(s => s.Key, s => s.Value, c), ct)).GetValueOrDefault(key);

    /// <summary>The construction year the 23 tasks' months refer to; defaults to the current year.</summary>
    public async Task<int> GetConstructionYearAsync(CancellationToken cancellationToken = default)
    {
        var value = await ValueAsync(ConstructionYearKey, cancellationToken);
        return int.TryParse(value, out var year) ? year : clock.GetUtcNow().Year;
    }

    public async Task SetConstructionYearAsync(int year, CancellationToken cancellationToken = default)
    {
        var setting = await db.ZoneSettings.SingleOrDefaultAsync(s => s.Key == ConstructionYearKey, cancellationToken);
        if (setting is null) db.ZoneSettings.Add(setting = new ZoneSetting { Key = ConstructionYearKey, Value = "" });
        setting.Value = year.ToString(System.Globalization.CultureInfo.InvariantCulture);
        setting.UpdatedAt = clock.GetUtcNow();
        await db.SaveChangesAsync(cancellationToken);
    }

    /// <summary>A setting stored as JSON (weights, thresholds, matrices), or the default when never set.</summary>
    public async Task<T> GetJsonAsync<T>(string key, T fallback, CancellationToken cancellationToken = default)
    {
        var value = await ValueAsync(key, cancellationToken);
        return value is null ? fallback : System.Text.Json.JsonSerializer.Deserialize<T>(value) ?? fallback;
    }

    public async Task SetJsonAsync<T>(string key, T value, CancellationToken cancellationToken = default)
    {
        var setting = await db.ZoneSettings.SingleOrDefaultAsync(s => s.Key == key, cancellationToken);
        if (setting is null) db.ZoneSettings.Add(setting = new ZoneSetting { Key = key, Value = "" });
        setting.Value = System.Text.Json.JsonSerializer.Serialize(value);
        setting.UpdatedAt = clock.GetUtcNow();
        await db.SaveChangesAsync(cancellationToken);
    }
}
