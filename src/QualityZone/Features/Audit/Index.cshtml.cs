using QualityZone.Infrastructure;
using System.Text.Json;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;
using QualityZone.Infrastructure.Auth;
using QualityZone.Infrastructure.Data;
using QualityZone.Infrastructure.Localization;
using QualityZone.Infrastructure.Web;

namespace QualityZone.Features.Audit;

/// <summary>The audit trail for administrators: who changed what, when, old → new, in words (<see cref="AuditLabels"/>); sign-ins are in the security log.</summary>
[RequirePermission(AuditPermissions.View)]
public sealed class IndexModel(AppDbContext db, ZoneClock clock) : PageModel
{
    public sealed record Change(string Field, string Old, string New);

    [BindProperty(SupportsGet = true, Name = "user")] public string? UserFilter { get; set; }
    [BindProperty(SupportsGet = true)] public string? Entity { get; set; }
    [BindProperty(SupportsGet = true)] public DateOnly? From { get; set; }
    [BindProperty(SupportsGet = true)] public DateOnly? To { get; set; }
    [BindProperty(SupportsGet = true, Name = "page")] public int PageNumber { get; set; } = 1;

    public Paged<AuditEntry> Entries { get; private set; } = new([], 1, 50, 0);
    public IReadOnlyList<string> EntityTypes { get; private set; } = [];

    public string Local(DateTimeOffset instant) => clock.Format(instant, "yyyy-MM-dd HH:mm:ss");
    public string ActionLabel(AuditAction action) => action switch { AuditAction.Created => "新增", AuditAction.Deleted => "删除", _ => "修改" };
    public string Link(int page) => $"/admin/audit?user={Uri.EscapeDataString(UserFilter ?? "")}&entity={Entity}&from={From:yyyy-MM-dd}&to={To:yyyy-MM-dd}&page={page}";

    public IEnumerable<Change> Changes(AuditEntry entry)
    {
        var (entity, fields) = Read(entry);
        return fields.Select(c =>
        {
            var property = entity?.FindProperty(c.Key);
            // Only a foreign key is shown by the name of what it points to: a record's own id stays an id.
            var reference = property?.IsForeignKey() == true;
            return new Change(AuditLabels.Field(c.Key), Show(c.Value.ElementAtOrDefault(0), property?.ClrType, reference), Show(c.Value.ElementAtOrDefault(1), property?.ClrType, reference));
        });
    }

    /// <summary>The entry's fields as [before, after]; a bulk write (an MES ingest, TraceIngest) records a summary of plain values instead.</summary>
    private static Dictionary<string, JsonElement[]> Fields(AuditEntry entry) =>
        (JsonSerializer.Deserialize<Dictionary<string, JsonElement>>(entry.Changes) ?? [])
            .ToDictionary(c => c.Key, c => c.Value.ValueKind == JsonValueKind.Array ? c.Value.EnumerateArray().ToArray() : [default, c.Value]);

    // The field's type from the model, so an enum value is shown by its label (the log keeps the CLR names).
    private IEntityType? EntityType(AuditEntry entry) => db.Model.GetEntityTypes().FirstOrDefault(t => t.ClrType.Name == entry.EntityType);

    /// <summary>An entry's kind of record and fields, read once: the names are looked up from them before the page shows them.</summary>
    private (IEntityType? Entity, Dictionary<string, JsonElement[]> Fields) Read(AuditEntry entry) =>
        readings.TryGetValue(entry, out var reading) ? reading : readings[entry] = (EntityType(entry), Fields(entry));

    private readonly Dictionary<AuditEntry, (IEntityType?, Dictionary<string, JsonElement[]>)> readings = new(ReferenceEqualityComparer.Instance);

    private string Show(JsonElement value, Type? type, bool reference) =>
        reference && value.ValueKind == JsonValueKind.String && names.TryGetValue(value.GetString()!, out var name)
            ? name
            : AuditLabels.Value(value, instant => clock.Format(instant), type);

    /// <summary>The records the page's entries point to (企业, 部门, 用户, 供应商, 批次…) by their names, keyed by the id as the log keeps it.</summary>
    private Dictionary<string, string> names = [];

    /// <summary>
    /// A record is named by the first of these it has (the Chinese name with its English translation where both are kept);
    /// a kind of record with none of them keeps its id.
    /// </summary>
    private static readonly (string Zh, string? En)[] NameProperties =
    [
        ("NameZh", "NameEn"), ("TitleZh", "TitleEn"), ("Name", null), ("Title", null), ("DisplayName", null), ("BatchNumber", null), ("LotNumber", null),
        ("DeclarationNumber", null), ("ReportNumber", null), ("Number", null), ("Code", null), ("Email", null),
    ];

    /// <summary>One read per kind of record named on the page: the foreign keys of the entries' fields, by the model.</summary>
    private async Task<Dictionary<string, string>> ReferencedNamesAsync(IEnumerable<AuditEntry> entries, CancellationToken ct)
    {
        var wanted = new Dictionary<IEntityType, HashSet<string>>();
        foreach (var entry in entries)
        {
            if (Read(entry) is not ({ } entity, var fields)) continue;
            foreach (var (field, values) in fields)
            {
                if (entity.FindProperty(field)?.GetContainingForeignKeys().FirstOrDefault()?.PrincipalEntityType is not { } principal) continue;
                foreach (var value in values)
                    if (value.ValueKind == JsonValueKind.String && value.GetString() is { Length: > 0 } id)
                        (wanted.TryGetValue(principal, out var ids) ? ids : wanted[principal] = new HashSet<string>(StringComparer.OrdinalIgnoreCase)).Add(id);
            }
        }
        var found = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var (principal, ids) in wanted)
        {
            // A single key of Guid (the zone's records) or text (accounts, whose ids are Identity's strings).
            if (principal.HasSharedClrType || principal.FindPrimaryKey()?.Properties is not [{ ClrType: var keyType, Name: var key }]) continue;
            object? keys = keyType == typeof(Guid) ? ids.Select(i => Guid.TryParse(i, out var g) ? g : (Guid?)null).OfType<Guid>().ToList()
                : keyType == typeof(string) ? ids.ToList() : null;
            if (keys is null) continue;
            var (zh, en) = NameProperties.FirstOrDefault(n => principal.FindProperty(n.Zh)?.ClrType == typeof(string));
            if (zh is null) continue;
            var english = en is not null && principal.FindProperty(en)?.ClrType == typeof(string) ? en : null;
            var read = (Task<List<(string, string?, string?)>>)ReadNamesMethod.MakeGenericMethod(principal.ClrType, keyType).Invoke(this, [key, zh, english, keys, ct])!;
            foreach (var (id, name, nameEn) in await read)
                if (!string.IsNullOrWhiteSpace(name)) found[id] = Text.Pick(name, nameEn);
        }
        return found;
    }

    private static readonly System.Reflection.MethodInfo ReadNamesMethod = typeof(IndexModel).GetMethod(nameof(ReadNamesAsync), System.Reflection.BindingFlags.NonPublic | System.Reflection.BindingFlags.Instance)!;

    // Deleted records keep their names in the log (soft delete is a query filter).
    private async Task<List<(string, string?, string?)>> ReadNamesAsync<T, TKey>(string key, string name, string? nameEn, List<TKey> ids, CancellationToken ct) where T : class
    {
        var records = db.Set<T>().IgnoreQueryFilters().AsNoTracking().Where(e => ids.Contains(EF.Property<TKey>(e, key)));
        return nameEn is null
            ? (await records.Select(e => new { Id = EF.Property<TKey>(e, key), Name = EF.Property<string?>(e, name) }).ToListAsync(ct)).Select(r => (r.Id!.ToString()!, r.Name, (string?)null)).ToList()
            : (await records.Select(e => new { Id = EF.Property<TKey>(e, key), Name = EF.Property<string?>(e, name), NameEn = EF.Property<string?>(e, nameEn) }).ToListAsync(ct))
                .Select(r => (r.Id!.ToString()!, r.Name, r.NameEn)).ToList();
    }

    public async Task OnGetAsync(CancellationToken ct)
    {
        var query = db.AuditEntries.AsNoTracking();
        if (!string.IsNullOrWhiteSpace(UserFilter)) query = query.Where(e => e.UserName.Contains(UserFilter.Trim()));
        if (!string.IsNullOrEmpty(Entity)) query = query.Where(e => e.EntityType == Entity);
        // Dates are the zone's calendar days (UTC+8 by default).
        if (From is { } from) query = query.Where(e => e.At >= clock.StartOf(from));
        if (To is { } to) query = query.Where(e => e.At < clock.StartOf(to.AddDays(1)));
        Entries = await Paged<AuditEntry>.CreateAsync(query.OrderByDescending(e => e.Id), PageNumber, 50, ct);
        names = await ReferencedNamesAsync(Entries.Items, ct);
        EntityTypes = await db.AuditEntries.AsNoTracking().Select(e => e.EntityType).Distinct().OrderBy(t => t).ToListAsync(ct);
    }
}
