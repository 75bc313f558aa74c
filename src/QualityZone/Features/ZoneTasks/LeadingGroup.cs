using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using QualityZone.Features.Departments;
using QualityZone.Infrastructure;
using QualityZone.Infrastructure.Data;
using QualityZone.Infrastructure.Files;
using QualityZone.Infrastructure.Localization;

namespace QualityZone.Features.ZoneTasks;

/// <summary>A place in the zone's leading group (示范区建设领导小组) or its office (建设办), seed task 3.</summary>
public enum GroupRole { Leader, DeputyLeader, Member, OfficeDirector, OfficeMember }

/// <summary>A member of the leading group or its office, with the unit they come from and their duties.</summary>
public sealed class LeadingGroupMember
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public required string Name { get; set; }
    /// <summary>Their post in their own unit (副区长, 局长…).</summary>
    public required string Post { get; set; }
    public Guid? DepartmentId { get; set; }
    public GroupRole Role { get; set; }
    public string? Duties { get; set; }
    public int Position { get; set; }
}

/// <summary>A founding document of the zone: the construction plan that breaks the work into the 23 tasks, the notice setting up the leading group.</summary>
public sealed class GoverningDocument : SoftDeletable
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public required string Title { get; set; }
    /// <summary>文号, e.g. 奉政办发〔2016〕12号.</summary>
    public string? DocumentNumber { get; set; }
    public DateOnly IssuedOn { get; set; }
    public required string Sha256 { get; set; }
    public required string FileName { get; set; }
    public required string ContentType { get; set; }
    public required string UploadedBy { get; set; }
    public DateTimeOffset UploadedAt { get; set; }
}

public sealed record MemberInput(string? Name, string? Post, Guid? DepartmentId, GroupRole Role, string? Duties);

/// <summary>The office keeps the leading group, its office and the founding documents (seed task 3: 制定建设方案, 成立领导小组).</summary>
public sealed class LeadingGroupCommands(AppDbContext db, FileStore files, ZoneClock clock, TimeProvider time)
{
    public async Task<CommandResult> AddMemberAsync(MemberInput input, CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(input.Name) || input.Name.Length > 50) return CommandResult.Invalid(Text.Get("请填写姓名（不超过 50 字）"));
        if (string.IsNullOrWhiteSpace(input.Post) || input.Post.Length > 100) return CommandResult.Invalid(Text.Get("请填写职务（不超过 100 字）"));
        if (!Enum.IsDefined(input.Role)) return CommandResult.Invalid(Text.Get("请选择在领导小组中的职责"));
        if (input.Duties?.Length > 1000) return CommandResult.Invalid(Text.Get("分工不能超过 1000 字"));
        if (input.DepartmentId is { } d && !await db.Departments.AnyAsync(x => x.Id == d, ct)) return CommandResult.Invalid(Text.Get("部门不存在"));
        db.LeadingGroupMembers.Add(new LeadingGroupMember
        {
            Name = input.Name.Trim(), Post = input.Post.Trim(), DepartmentId = input.DepartmentId, Role = input.Role,
            Duties = string.IsNullOrWhiteSpace(input.Duties) ? null : input.Duties.Trim(), Position = await db.LeadingGroupMembers.CountAsync(ct) + 1,
        });
        await db.SaveChangesAsync(ct);
        return CommandResult.Ok;
    }

    /// <summary>A member leaves the group (the audit trail keeps who was in it).</summary>
    public async Task<CommandResult> RemoveMemberAsync(Guid id, CancellationToken ct)
    {
        var member = await db.LeadingGroupMembers.SingleOrDefaultAsync(m => m.Id == id, ct);
        if (member is null) return CommandResult.NotFound(Text.Get("成员不存在"));
        db.LeadingGroupMembers.Remove(member);
        await db.SaveChangesAsync(ct);
        return CommandResult.Ok;
    }

    public async Task<CommandResult> AddDocumentAsync(string? title, string? number, DateOnly? issuedOn, Stream content, string fileName, string actor, CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(title) || title.Length > 200) return CommandResult.Invalid(Text.Get("请填写文件标题（不超过 200 字）"));
        if (number?.Length > 100) return CommandResult.Invalid(Text.Get("文号不能超过 100 字"));
        if (issuedOn is not { } on || on > clock.Today) return CommandResult.Invalid(Text.Get("请填写印发日期（不晚于今天）"));
        StoredFile stored;
        try { stored = await files.SaveAsync(content, fileName, ct); }
        catch (FileRejectedException e) { return CommandResult.Invalid(e.Message); }
        db.GoverningDocuments.Add(new GoverningDocument
        {
            Title = title.Trim(), DocumentNumber = string.IsNullOrWhiteSpace(number) ? null : number.Trim(), IssuedOn = on,
            Sha256 = stored.Sha256, FileName = stored.FileName, ContentType = stored.ContentType, UploadedBy = actor, UploadedAt = time.GetUtcNow(),
        });
        await db.SaveChangesAsync(ct);
        return CommandResult.Ok;
    }
}

public static class GroupLabels
{
    public static string Role(GroupRole role) => Text.Get(role switch
    {
        GroupRole.Leader => "组长",
        GroupRole.DeputyLeader => "副组长",
        GroupRole.Member => "成员",
        GroupRole.OfficeDirector => "办公室主任",
        _ => "办公室成员",
    });
}

public sealed class LeadingGroupConfiguration : IEntityTypeConfiguration<LeadingGroupMember>, IEntityTypeConfiguration<GoverningDocument>
{
    public void Configure(EntityTypeBuilder<LeadingGroupMember> builder)
    {
        builder.ToTable("leading_group_members");
        builder.Property(m => m.Id).ValueGeneratedNever();
        builder.Property(m => m.Name).HasMaxLength(50);
        builder.Property(m => m.Post).HasMaxLength(100);
        builder.Property(m => m.Role).HasConversion<string>().HasMaxLength(16);
        builder.Property(m => m.Duties).HasMaxLength(1000);
        builder.HasOne<Department>().WithMany().HasForeignKey(m => m.DepartmentId).OnDelete(DeleteBehavior.Restrict);
    }

    public void Configure(EntityTypeBuilder<GoverningDocument> builder)
    {
        builder.ToTable("governing_documents");
        builder.Property(d => d.Id).ValueGeneratedNever();
        builder.Property(d => d.Title).HasMaxLength(200);
        builder.Property(d => d.DocumentNumber).HasMaxLength(100);
        builder.Property(d => d.Sha256).HasMaxLength(64);
        builder.Property(d => d.FileName).HasMaxLength(255);
        builder.Property(d => d.ContentType).HasMaxLength(100);
        builder.Property(d => d.UploadedBy).HasMaxLength(256);
    }
}
