using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using QualityZone.Features.Enterprises;
using QualityZone.Infrastructure.Localization;

namespace QualityZone.Features.Association;

/// <summary>The levels of the pneumatic industry association's members (会长、副会长、理事、会员单位).</summary>
public enum MemberLevel { President, VicePresident, Director, Member }

public enum ComplaintSource { Enterprise, Buyer, Public }

/// <summary>Received → under investigation → concluded (substantiated or not), or dismissed with a reason.</summary>
public enum ComplaintState { Received, Investigating, Concluded, Dismissed }

/// <summary>
/// An enterprise's membership of the industry association (task 7: the association leads self-discipline and is
/// the bridge between government and enterprises): its level, when it joined, the fees paid per year, and
/// whether the association holds it up as a model enterprise (示范企业), with the reason.
/// </summary>
public sealed class Membership : IEnterpriseOwned
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public Guid EnterpriseId { get; set; }
    public MemberLevel Level { get; set; }
    public DateOnly JoinedOn { get; set; }
    public DateOnly? LeftOn { get; set; }
    public bool ModelEnterprise { get; set; }
    public string? ModelReason { get; set; }
    public int Version { get; set; }
    public List<MembershipFee> Fees { get; set; } = [];
}

/// <summary>A year's membership fee paid, with the receipt number.</summary>
public sealed class MembershipFee
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public Guid MembershipId { get; set; }
    public int Year { get; set; }
    public decimal Amount { get; set; }
    public DateOnly PaidOn { get; set; }
    public string? Receipt { get; set; }
}

/// <summary>A version of the industry self-discipline convention (行业自律公约); a new version asks every member to sign again.</summary>
public sealed class ConventionVersion
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public int Version { get; set; }
    public required string Title { get; set; }
    public required string Body { get; set; }
    public required string PublishedBy { get; set; }
    public DateTimeOffset PublishedAt { get; set; }
}

/// <summary>An enterprise's signature of a version of the convention: who signed for it and when.</summary>
public sealed class ConventionSignature : IEnterpriseOwned
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public Guid EnterpriseId { get; set; }
    public int Version { get; set; }
    public required string Signatory { get; set; }
    public required string SignedBy { get; set; }
    public DateTimeOffset SignedAt { get; set; }
}

/// <summary>
/// A complaint or report (投诉/举报) the association received — from an enterprise, a buyer or the public, through
/// the portal's form or otherwise — handled to a conclusion, with a corrective action for the enterprise concerned
/// where warranted. The reporter's identity stays with the association: the enterprise concerned is shown the
/// subject and the conclusion of a complaint the association chose to share, never who made it or their words.
/// </summary>
public sealed class Complaint : IEnterpriseOptionallyOwned
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public required string Number { get; set; }
    public ComplaintSource Source { get; set; }
    public string? ReporterName { get; set; }
    public string? ReporterContact { get; set; }
    public Guid? EnterpriseId { get; set; }
    /// <summary>The enterprise named by the reporter, as typed (matched to an enterprise by the association).</summary>
    public string? EnterpriseNamed { get; set; }
    public required string Subject { get; set; }
    public required string Content { get; set; }
    public DateTimeOffset ReceivedAt { get; set; }
    public ComplaintState State { get; set; }
    public string? Handler { get; set; }
    public bool? Substantiated { get; set; }
    public string? Conclusion { get; set; }
    public DateTimeOffset? ConcludedAt { get; set; }
    public Guid? ActionId { get; set; }
    /// <summary>The association decided the enterprise concerned may see this complaint's subject and conclusion.</summary>
    public bool SharedWithEnterprise { get; set; }
    public int Version { get; set; }
}

public static class AssociationLabels
{
    public static string Level(MemberLevel level) => Text.Get(level switch
    {
        MemberLevel.President => "会长单位",
        MemberLevel.VicePresident => "副会长单位",
        MemberLevel.Director => "理事单位",
        _ => "会员单位",
    });

    public static string Source(ComplaintSource source) => Text.Get(source switch
    {
        ComplaintSource.Enterprise => "企业",
        ComplaintSource.Buyer => "境外买家",
        _ => "社会公众",
    });

    public static string State(ComplaintState state) => Text.Get(state switch
    {
        ComplaintState.Received => "已受理",
        ComplaintState.Investigating => "核查中",
        ComplaintState.Concluded => "已办结",
        _ => "不予受理",
    });
}

public sealed class AssociationConfiguration : IEntityTypeConfiguration<Membership>, IEntityTypeConfiguration<MembershipFee>, IEntityTypeConfiguration<ConventionVersion>,
    IEntityTypeConfiguration<ConventionSignature>, IEntityTypeConfiguration<Complaint>
{
    public void Configure(EntityTypeBuilder<Membership> builder)
    {
        builder.ToTable("association_memberships");
        builder.Property(m => m.Id).ValueGeneratedNever();
        builder.Property(m => m.Level).HasConversion<string>().HasMaxLength(16);
        builder.Property(m => m.ModelReason).HasMaxLength(500);
        builder.Property(m => m.Version).IsConcurrencyToken();
        builder.HasIndex(m => m.EnterpriseId).IsUnique();
        builder.HasOne<Enterprise>().WithMany().HasForeignKey(m => m.EnterpriseId).OnDelete(DeleteBehavior.Restrict);
        builder.HasMany(m => m.Fees).WithOne().HasForeignKey(f => f.MembershipId).OnDelete(DeleteBehavior.Cascade);
    }

    public void Configure(EntityTypeBuilder<MembershipFee> builder)
    {
        builder.ToTable("association_membership_fees");
        builder.Property(f => f.Id).ValueGeneratedNever();
        builder.Property(f => f.Amount).HasPrecision(12, 2);
        builder.Property(f => f.Receipt).HasMaxLength(50);
        builder.HasIndex(f => new { f.MembershipId, f.Year }).IsUnique();
    }

    public void Configure(EntityTypeBuilder<ConventionVersion> builder)
    {
        builder.ToTable("association_convention_versions");
        builder.Property(c => c.Id).ValueGeneratedNever();
        builder.Property(c => c.Title).HasMaxLength(100);
        builder.Property(c => c.Body).HasMaxLength(20000);
        builder.Property(c => c.PublishedBy).HasMaxLength(256);
        builder.HasIndex(c => c.Version).IsUnique();
    }

    public void Configure(EntityTypeBuilder<ConventionSignature> builder)
    {
        builder.ToTable("association_convention_signatures");
        builder.Property(s => s.Id).ValueGeneratedNever();
        builder.Property(s => s.Signatory).HasMaxLength(50);
        builder.Property(s => s.SignedBy).HasMaxLength(256);
        builder.HasIndex(s => new { s.EnterpriseId, s.Version }).IsUnique();
        builder.HasOne<Enterprise>().WithMany().HasForeignKey(s => s.EnterpriseId).OnDelete(DeleteBehavior.Restrict);
    }

    public void Configure(EntityTypeBuilder<Complaint> builder)
    {
        builder.ToTable("association_complaints");
        builder.Property(c => c.Id).ValueGeneratedNever();
        builder.Property(c => c.Number).HasMaxLength(20);
        builder.Property(c => c.Source).HasConversion<string>().HasMaxLength(12);
        builder.Property(c => c.State).HasConversion<string>().HasMaxLength(14);
        builder.Property(c => c.ReporterName).HasMaxLength(50);
        builder.Property(c => c.ReporterContact).HasMaxLength(100);
        builder.Property(c => c.EnterpriseNamed).HasMaxLength(200);
        builder.Property(c => c.Subject).HasMaxLength(200);
        builder.Property(c => c.Content).HasMaxLength(4000);
        builder.Property(c => c.Handler).HasMaxLength(256);
        builder.Property(c => c.Conclusion).HasMaxLength(2000);
        builder.Property(c => c.Version).IsConcurrencyToken();
        builder.HasIndex(c => c.Number).IsUnique();
        builder.HasIndex(c => new { c.State, c.ReceivedAt });
        builder.HasIndex(c => c.EnterpriseId);
        builder.HasOne<Enterprise>().WithMany().HasForeignKey(c => c.EnterpriseId).OnDelete(DeleteBehavior.Restrict);
    }
}
