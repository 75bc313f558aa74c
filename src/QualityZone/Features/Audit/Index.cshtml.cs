using QualityZone.Infrastructure;
using System.Text.Json;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using QualityZone.Infrastructure.Auth;
using QualityZone.Infrastructure.Data;
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
        // A field is [before, after]; a bulk write (an MES ingest, TraceIngest) records a summary of plain values instead.
        var changes = (JsonSerializer.Deserialize<Dictionary<string, JsonElement>>(entry.Changes) ?? [])
            .ToDictionary(c => c.Key, c => c.Value.ValueKind == JsonValueKind.Array ? c.Value.EnumerateArray().ToArray() : [default, c.Value]);
        // The field's type from the model, so an enum value is shown by its label (the log keeps the CLR names).
        var entity = db.Model.GetEntityTypes().FirstOrDefault(t => t.ClrType.Name == entry.EntityType);
        return changes.Select(c =>
        {
            var type = entity?.FindProperty(c.Key)?.ClrType;
            return new Change(AuditLabels.Field(c.Key), Show(c.Value.ElementAtOrDefault(0), type), Show(c.Value.ElementAtOrDefault(1), type));
        });
    }

    private string Show(JsonElement value, Type? type) => AuditLabels.Value(value, instant => clock.Format(instant), type);

    public async Task OnGetAsync(CancellationToken ct)
    {
        var query = db.AuditEntries.AsNoTracking();
        if (!string.IsNullOrWhiteSpace(UserFilter)) query = query.Where(e => e.UserName.Contains(UserFilter.Trim()));
        if (!string.IsNullOrEmpty(Entity)) query = query.Where(e => e.EntityType == Entity);
        // Dates are the zone's calendar days (UTC+8 by default).
        if (From is { } from) query = query.Where(e => e.At >= clock.StartOf(from));
        if (To is { } to) query = query.Where(e => e.At < clock.StartOf(to.AddDays(1)));
        Entries = await Paged<AuditEntry>.CreateAsync(query.OrderByDescending(e => e.Id), PageNumber, 50, ct);
        EntityTypes = await db.AuditEntries.AsNoTracking().Select(e => e.EntityType).Distinct().OrderBy(t => t).ToListAsync(ct);
    }
}
