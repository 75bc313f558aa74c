using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using QualityZone.Features.Enterprises;
using QualityZone.Infrastructure.Localization;

namespace QualityZone.Features.Epcis;

// GS1 EPCIS 2.0 (ISO/IEC 19987:2024) events as the zone keeps them: every event an enterprise
// captures is stored as received (in its JSON-LD form; XML is converted on capture), with the
// fields the SimpleEventQuery filters on in columns and every identifier it names in
// epcis_event_epcs, so that a query by EPC reads one index. Events that describe the zone's own
// records (lots received, batches made, shipments) are also mapped onto the traceability tables
// (EpcisMapping); the rest — sensor data, association events, extensions — stay queryable here.

/// <summary>One captured EPCIS event. Integer key: the EPC index refers to it millions of times (docs/benchmarks.md).</summary>
public sealed class EpcisEvent : IEnterpriseOwned
{
    public long Id { get; set; }
    public Guid EnterpriseId { get; set; }
    /// <summary>The event's eventID as sent, or a urn:uuid assigned on capture (EPCIS 2.0 §7.4.1: the capturing application may assign it).</summary>
    public required string EventId { get; set; }
    public required string EventType { get; set; }
    public DateTimeOffset EventTime { get; set; }
    public required string EventTimeZoneOffset { get; set; }
    public DateTimeOffset RecordTime { get; set; }
    public string? Action { get; set; }
    /// <summary>The business step as a bare CBV word ("receiving") or the URI of a custom one.</summary>
    public string? BizStep { get; set; }
    public string? Disposition { get; set; }
    public string? ReadPoint { get; set; }
    public string? BizLocation { get; set; }
    public Guid CaptureId { get; set; }
    /// <summary>What the event became in the zone's records: lot, batch, step, shipment, or null (stored only).</summary>
    public string? MappedTo { get; set; }
    /// <summary>When a later error declaration (EPCIS 2.0 §7.4.1.2) named this event, and why.</summary>
    public DateTimeOffset? DeclaredInErrorAt { get; set; }
    public string? ErrorReason { get; set; }
    /// <summary>The event in EPCIS 2.0 JSON-LD, as received (recordTime added).</summary>
    public required string Body { get; set; }
}

/// <summary>Where an identifier occurs in an event, for the MATCH_ parameters of SimpleEventQuery.</summary>
public enum EpcRole : byte { Epc = 0, Parent = 1, Child = 2, Input = 3, Output = 4, Class = 5, InputClass = 6, OutputClass = 7 }

/// <summary>Where an identifier occurs, in the words of EPCIS 2.0 §7.3 (epcList, parentID, childEPCs, inputEPCList…).</summary>
public static class EpcisLabels
{
    public static string Role(EpcRole role) => Text.Get(role switch
    {
        EpcRole.Parent => "父级标识",
        EpcRole.Child => "子级标识",
        EpcRole.Input => "投入标识",
        EpcRole.Output => "产出标识",
        EpcRole.Class => "数量类别",
        EpcRole.InputClass => "投入数量类别",
        EpcRole.OutputClass => "产出数量类别",
        _ => "对象标识",
    });
}

/// <summary>One identifier of one event: an EPC (instance) or an EPC class (quantity element).</summary>
public sealed class EpcisEventEpc : IEnterpriseOwned
{
    public long EventRowId { get; set; }
    public Guid EnterpriseId { get; set; }
    public required string Epc { get; set; }
    public EpcRole Role { get; set; }
}

/// <summary>A capture job of the REST binding (GET /epcis/capture/{captureID}): captures run to completion in the request, so a job is finished when it is first read.</summary>
public sealed class EpcisCaptureJob : IEnterpriseOwned
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public Guid EnterpriseId { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset? FinishedAt { get; set; }
    public bool Running { get; set; }
    public bool Success { get; set; }
    public int Events { get; set; }
    public int Mapped { get; set; }
    /// <summary>Events whose eventID had been captured already: a capture is idempotent, so a sender may safely retry.</summary>
    public int Duplicates { get; set; }
    /// <summary>The reasons a capture was refused, JSON array of {path, reason}.</summary>
    public string? Errors { get; set; }
    public required string CreatedBy { get; set; }
}

/// <summary>Master data from a document's header (EPCIS 2.0 §7.2: locations, parties, EPC classes), kept per enterprise, the latest attributes winning.</summary>
public sealed class EpcisMasterData : IEnterpriseOwned
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public Guid EnterpriseId { get; set; }
    public required string Type { get; set; }
    public required string Uri { get; set; }
    /// <summary>The vocabulary element's attributes (and children) as JSON.</summary>
    public required string Attributes { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
}

public sealed class EpcisEventConfiguration : IEntityTypeConfiguration<EpcisEvent>
{
    public void Configure(EntityTypeBuilder<EpcisEvent> builder)
    {
        builder.ToTable("epcis_events");
        builder.Property(e => e.Id).ValueGeneratedOnAdd();
        builder.Property(e => e.EventId).HasMaxLength(300);
        builder.Property(e => e.EventType).HasMaxLength(30);
        builder.Property(e => e.EventTimeZoneOffset).HasMaxLength(6);
        builder.Property(e => e.Action).HasMaxLength(10);
        builder.Property(e => e.BizStep).HasMaxLength(300);
        builder.Property(e => e.Disposition).HasMaxLength(300);
        builder.Property(e => e.ReadPoint).HasMaxLength(300);
        builder.Property(e => e.BizLocation).HasMaxLength(300);
        builder.Property(e => e.MappedTo).HasMaxLength(20);
        builder.Property(e => e.ErrorReason).HasMaxLength(300);
        builder.HasIndex(e => new { e.EnterpriseId, e.EventId }).IsUnique();
        builder.HasIndex(e => new { e.EnterpriseId, e.EventTime });
        builder.HasOne<Enterprise>().WithMany().HasForeignKey(e => e.EnterpriseId).OnDelete(DeleteBehavior.Restrict);
    }
}

public sealed class EpcisEventEpcConfiguration : IEntityTypeConfiguration<EpcisEventEpc>
{
    public void Configure(EntityTypeBuilder<EpcisEventEpc> builder)
    {
        builder.ToTable("epcis_event_epcs");
        // The key is the query's index (by EPC, then enterprise, event and role: one seek, all read from the key):
        // one B-tree per identifier besides the table, not two (20 % of a capture's insert time, docs/benchmarks.md).
        builder.HasKey(e => new { e.Epc, e.EnterpriseId, e.EventRowId, e.Role });
        builder.Property(e => e.Epc).HasMaxLength(500);
        builder.Property(e => e.Role).HasConversion<byte>();
        // On SQLite the table is WITHOUT ROWID (migration EpcisIdentifiersWithoutRowid; EF's model cannot say so): the key
        // is the table, not a second copy of every row beside it.
        // No foreign key to epcis_events: it would bring an index on EventRowId, another B-tree per identifier. Rows
        // are written with their event in one transaction (EpcisCapture) and events are never deleted.
    }
}

public sealed class EpcisCaptureJobConfiguration : IEntityTypeConfiguration<EpcisCaptureJob>
{
    public void Configure(EntityTypeBuilder<EpcisCaptureJob> builder)
    {
        builder.ToTable("epcis_capture_jobs");
        builder.Property(j => j.Id).ValueGeneratedNever();
        builder.Property(j => j.CreatedBy).HasMaxLength(200);
        builder.HasIndex(j => new { j.EnterpriseId, j.CreatedAt });
        builder.HasOne<Enterprise>().WithMany().HasForeignKey(j => j.EnterpriseId).OnDelete(DeleteBehavior.Restrict);
    }
}

public sealed class EpcisMasterDataConfiguration : IEntityTypeConfiguration<EpcisMasterData>
{
    public void Configure(EntityTypeBuilder<EpcisMasterData> builder)
    {
        builder.ToTable("epcis_master_data");
        builder.Property(m => m.Id).ValueGeneratedNever();
        builder.Property(m => m.Type).HasMaxLength(200);
        builder.Property(m => m.Uri).HasMaxLength(500);
        builder.HasIndex(m => new { m.EnterpriseId, m.Type, m.Uri }).IsUnique();
        builder.HasOne<Enterprise>().WithMany().HasForeignKey(m => m.EnterpriseId).OnDelete(DeleteBehavior.Restrict);
    }
}
