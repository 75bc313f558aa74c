using System.Security.Claims;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Diagnostics;
using QualityZone.Features.Audit;

namespace QualityZone.Infrastructure.Data;

/// <summary>
/// Records every create, update and delete of business data (who, when, what, old → new) in the
/// same SaveChanges, so the audit row and the change commit or fail together. Deletes of
/// <see cref="ISoftDeletable"/> records become updates: business records are never hard-deleted.
/// Keys are generated on the client (Guid v7), so the audit row can name the new record's key.
/// </summary>
public sealed class AuditInterceptor(IHttpContextAccessor httpContextAccessor, TimeProvider clock) : SaveChangesInterceptor
{
    // Secrets never enter the audit trail, not even hashed.
    private static readonly HashSet<string> Redacted = new(StringComparer.Ordinal)
    {
        "PasswordHash", "SecurityStamp", "ConcurrencyStamp", "TokenHash",
    };

    // What a sign-in changes on the user record (time, failed count, lockout, Identity's stamps): the security log records
    // the sign-in itself (SecurityEvent), so these alone are not business changes (issue 21: they flooded the audit log).
    private static readonly HashSet<string> SignInBookkeeping = new(StringComparer.Ordinal)
    {
        "LastSignInAt", "AccessFailedCount", "LockoutEnd", "ConcurrencyStamp", "SecurityStamp",
    };

    private static bool IsSignInBookkeeping(EntityEntry entry) =>
        entry.Entity is QualityZone.Features.Accounts.AppUser && entry.State == EntityState.Modified
        && entry.Properties.Where(p => p.IsModified && !Equals(p.OriginalValue, p.CurrentValue)).All(p => SignInBookkeeping.Contains(p.Metadata.Name));

    private static readonly JsonSerializerOptions JsonOptions = new()
    {
        Converters = { new System.Text.Json.Serialization.JsonStringEnumConverter() },
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    public override InterceptionResult<int> SavingChanges(DbContextEventData eventData, InterceptionResult<int> result)
    {
        if (eventData.Context is not null) AddAuditEntries(eventData.Context);
        return result;
    }

    public override ValueTask<InterceptionResult<int>> SavingChangesAsync(DbContextEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
    {
        if (eventData.Context is not null) AddAuditEntries(eventData.Context);
        return ValueTask.FromResult(result);
    }

    private void AddAuditEntries(DbContext context)
    {
        var now = clock.GetUtcNow();
        var user = httpContextAccessor.HttpContext?.User;
        var userId = user?.FindFirstValue(ClaimTypes.NameIdentifier);
        var userName = AuditActor.NameOf(user);

        context.ChangeTracker.DetectChanges();
        var entries = context.ChangeTracker.Entries()
            // Sessions open and close with every sign-in and sign-out: the security log records those (issue 21).
            .Where(e => e.Entity is not AuditEntry and not SecurityEvent and not QualityZone.Features.Accounts.UserSession and not IVersionContent
                && e.State is EntityState.Added or EntityState.Modified or EntityState.Deleted)
            .Where(e => !(e.State == EntityState.Added && e.Entity is IBulkCreated { CreatedInBulk: true }))
            .Where(e => !IsSignInBookkeeping(e))
            .ToList();

        var audits = new List<(EntityEntry Entry, AuditEntry Audit, Dictionary<string, object?[]> Changes)>();
        foreach (var entry in entries)
        {
            var action = entry.State switch
            {
                EntityState.Added => AuditAction.Created,
                EntityState.Deleted => AuditAction.Deleted,
                _ => AuditAction.Updated,
            };
            if (entry.State == EntityState.Deleted && entry.Entity is ISoftDeletable softDeletable)
            {
                entry.State = EntityState.Modified;
                softDeletable.MarkDeleted(now);
            }

            var changes = DescribeChanges(entry, action);
            if (action == AuditAction.Updated && changes.Count == 0) continue;
            audits.Add((entry, new AuditEntry
            {
                At = now,
                UserId = userId,
                UserName = userName,
                EntityType = entry.Metadata.ClrType.Name,
                EntityId = string.Join(",", entry.Metadata.FindPrimaryKey()!.Properties.Select(p => entry.Property(p.Name).CurrentValue?.ToString())),
                Action = action,
                Changes = "",
            }, changes));
        }

        // A part changed together with its aggregate (an enterprise's products, markets, timeline)
        // is recorded inside the aggregate's entry: one audit row per enterprise in a bulk import.
        var roots = audits.Where(a => a.Entry.Entity is not IAggregatePart).GroupBy(a => a.Audit.EntityId).ToDictionary(g => g.Key, g => g.First());
        foreach (var (entry, audit, changes) in audits)
        {
            if (entry.Entity is IAggregatePart part && roots.TryGetValue(part.AggregateId.ToString(), out var root))
                root.Changes[$"{audit.EntityType}[{audit.EntityId}] {audit.Action}"] = [null, changes.ToDictionary(c => c.Key, c => c.Value[audit.Action == AuditAction.Deleted ? 0 : 1])];
        }
        foreach (var (entry, audit, changes) in audits)
        {
            if (entry.Entity is IAggregatePart part && roots.ContainsKey(part.AggregateId.ToString())) continue;
            audit.Changes = JsonSerializer.Serialize(changes, JsonOptions);
            context.Add(audit);
        }
    }

    private static Dictionary<string, object?[]> DescribeChanges(EntityEntry entry, AuditAction action)
    {
        var changes = new Dictionary<string, object?[]>();
        foreach (var property in entry.Properties)
        {
            if (property.Metadata.PropertyInfo?.IsDefined(typeof(NotAuditedAttribute), inherit: false) == true) continue;
            var name = property.Metadata.Name;
            var redacted = Redacted.Contains(name);
            switch (action)
            {
                case AuditAction.Created:
                    changes[name] = [null, redacted ? "***" : property.CurrentValue];
                    break;
                case AuditAction.Deleted:
                    changes[name] = [redacted ? "***" : property.OriginalValue, null];
                    break;
                default:
                    if (property.IsModified && !Equals(property.OriginalValue, property.CurrentValue))
                        changes[name] = redacted ? ["***", "***"] : [property.OriginalValue, property.CurrentValue];
                    break;
            }
        }
        return changes;
    }
}

/// <summary>
/// An entity that belongs to an aggregate (an enterprise's products, markets and timeline events):
/// when both change in one SaveChanges, the part is audited inside the aggregate's entry.
/// </summary>
public interface IAggregatePart
{
    Guid AggregateId { get; }
}

/// <summary>
/// The content of a version that is frozen once submitted (a monthly return's lines): the version
/// itself is audited and is the history, so its thousands of lines are not copied into the audit
/// trail one by one.
/// </summary>
public interface IVersionContent;

/// <summary>
/// A record created in bulk from a source that is itself the record of what came in (a foreign feed's notices): the
/// importer audits the creation once per import, the row holds what was created (and who, and when), and every later
/// change is audited as any other, old value beside new. A feed of 10,000 notices no longer copies each into the trail
/// (some 20 MB of audit rows per file; docs/benchmarks.md, eleventh session).
/// </summary>
public interface IBulkCreated
{
    bool CreatedInBulk { get; }
}

/// <summary>
/// The one entry a bulk write leaves in the trail in place of one per row (a trace ingest, a feed import): who, when,
/// and a summary of what was written.
/// </summary>
public static class BulkAudit
{
    public static AuditEntry Entry(ClaimsPrincipal user, DateTimeOffset at, string entityType, string entityId, object summary) => new()
    {
        At = at, UserId = user.FindFirstValue(ClaimTypes.NameIdentifier), UserName = AuditActor.NameOf(user),
        EntityType = entityType, EntityId = entityId, Action = AuditAction.Created, Changes = JsonSerializer.Serialize(summary),
    };
}

/// <summary>A value the record derives from its other values (search tokens, an index key): left out of the audit trail.</summary>
[AttributeUsage(AttributeTargets.Property)]
public sealed class NotAuditedAttribute : Attribute;

/// <summary>Names the actor for changes made outside a request (CLI verbs, jobs, seeding).</summary>
public static class AuditActor
{
    private static readonly AsyncLocal<string?> CurrentActor = new();
    public static string? Current => CurrentActor.Value;

    /// <summary>Who a change is recorded as: the signed-in user, else the actor named for this flow, else "system".</summary>
    public static string NameOf(ClaimsPrincipal? user) => user?.Identity?.Name ?? Current ?? "system";

    public static IDisposable Use(string name)
    {
        var previous = CurrentActor.Value;
        CurrentActor.Value = name;
        return new Restore(previous);
    }

    private sealed class Restore(string? previous) : IDisposable
    {
        public void Dispose() => CurrentActor.Value = previous;
    }
}
