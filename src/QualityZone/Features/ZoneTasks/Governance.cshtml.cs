using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using QualityZone.Features.Departments;
using QualityZone.Infrastructure;
using QualityZone.Infrastructure.Auth;
using QualityZone.Infrastructure.Data;

namespace QualityZone.Features.ZoneTasks;

/// <summary>
/// <c>/tasks/governance</c> (task 3): the leading group and its office with each member's unit and
/// duties, the founding documents (the construction plan, the notice setting up the group), and the
/// 23 tasks the plan breaks the work into with their lead departments.
/// </summary>
[RequirePermission(ZoneTasksPermissions.View)]
public sealed class GovernanceModel(AppDbContext db, LeadingGroupCommands commands) : PageModel
{
    public List<LeadingGroupMember> Members { get; private set; } = [];
    public List<GoverningDocument> Documents { get; private set; } = [];
    public List<(int Number, string Name, string Lead)> Tasks { get; private set; } = [];
    public List<(Guid Id, string Name)> Departments { get; private set; } = [];
    public Dictionary<Guid, string> DepartmentNames { get; private set; } = [];
    public bool CanManage => PermissionCatalog.IsGranted(User, ZoneTasksPermissions.Governance);
    public string? Error { get; private set; }

    public async Task OnGetAsync(CancellationToken ct) => await LoadAsync(ct);

    public async Task<IActionResult> OnPostMemberAsync(string? name, string? post, Guid? departmentId, GroupRole role, string? duties, CancellationToken ct) =>
        CanManage ? await AfterAsync(await commands.AddMemberAsync(new MemberInput(name, post, departmentId, role, duties), ct), ct) : StatusCode(403);

    public async Task<IActionResult> OnPostRemoveAsync(Guid memberId, CancellationToken ct) =>
        CanManage ? await AfterAsync(await commands.RemoveMemberAsync(memberId, ct), ct) : StatusCode(403);

    public async Task<IActionResult> OnPostDocumentAsync(string? title, string? number, DateOnly? issuedOn, IFormFile? file, CancellationToken ct)
    {
        if (!CanManage) return StatusCode(403);
        if (file is null) return await AfterAsync(CommandResult.Invalid(Infrastructure.Localization.Text.Get("请选择文件")), ct);
        await using var stream = file.OpenReadStream();
        return await AfterAsync(await commands.AddDocumentAsync(title, number, issuedOn, stream, file.FileName, User.DisplayName(), ct), ct);
    }

    private async Task<IActionResult> AfterAsync(CommandResult result, CancellationToken ct)
    {
        if (result.Succeeded) return Redirect("/tasks/governance");
        db.ChangeTracker.Clear();
        Error = result.Error;
        Response.StatusCode = result.Status;
        await LoadAsync(ct);
        return Page();
    }

    private async Task LoadAsync(CancellationToken ct)
    {
        Members = await db.LeadingGroupMembers.AsNoTracking().OrderBy(m => m.Role).ThenBy(m => m.Position).ToListAsync(ct);
        Documents = await db.GoverningDocuments.AsNoTracking().OrderBy(d => d.IssuedOn).ToListAsync(ct);
        Departments = await DepartmentChoices.DepartmentsAsync(db, ct);
        DepartmentNames = Departments.ToDictionary(d => d.Id, d => d.Name);
        var leads = await db.TaskDepartments.AsNoTracking().Where(d => d.Role == TaskDepartmentRole.Responsible && d.Position == 0)
            .Select(d => new { d.TaskNumber, d.DepartmentId }).ToListAsync(ct);
        Tasks = (await db.ZoneTasks.AsNoTracking().OrderBy(t => t.Number).ToListAsync(ct))
            .Select(t => (t.Number, t.Name, DepartmentNames.GetValueOrDefault(leads.FirstOrDefault(l => l.TaskNumber == t.Number)?.DepartmentId ?? Guid.Empty) ?? "—")).ToList();
    }
}
