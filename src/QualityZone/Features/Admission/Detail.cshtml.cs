using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using QualityZone.Features.Enterprises;
using QualityZone.Infrastructure;
using QualityZone.Infrastructure.Auth;
using QualityZone.Infrastructure.Data;
using QualityZone.Infrastructure.Localization;

namespace QualityZone.Features.Admission;

/// <summary>One application: evidence per criterion, the two opinions, the office's decision.</summary>
[RequirePermission(AdmissionPermissions.Read)]
public sealed class DetailModel(AdmissionService admission, AppDbContext db, ZoneClock clock) : PageModel
{
    [BindProperty(SupportsGet = true)] public Guid Id { get; set; }
    public AdmissionApplication Application { get; private set; } = null!;
    public IReadOnlyList<AdmissionCriterion> Criteria { get; private set; } = [];
    public string EnterpriseName { get; private set; } = "";
    public bool IsStaff => EnterpriseScope.For(User).All;
    public bool CanEdit => Application.IsEditable && User.EnterpriseId() == Application.EnterpriseId && PermissionCatalog.IsGranted(User, AdmissionPermissions.Apply);
    public bool CanReview => Application.State == ApplicationState.Submitted && PermissionCatalog.IsGranted(User, AdmissionPermissions.Review) && reviewerDepartment;
    public bool CanDecide => Application.State == ApplicationState.Submitted && PermissionCatalog.IsGranted(User, AdmissionPermissions.Decide);
    public string Local(DateTimeOffset? instant) => clock.Format(instant);
    private bool reviewerDepartment;

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        var application = await admission.FindAsync(User, Id, ct);
        if (application is null) return NotFound();
        Application = application;
        Criteria = await admission.CriteriaAsync(ct);
        EnterpriseName = await db.Enterprises.Where(e => e.Id == application.EnterpriseId).Select(e => e.NameZh).SingleAsync(ct);
        var department = await db.Departments.Where(d => d.Id == User.DepartmentId()).Select(d => d.Code).SingleOrDefaultAsync(ct);
        reviewerDepartment = department is not null && AdmissionApplication.Reviewers.Contains(department);
        return Page();
    }

    public async Task<IActionResult> OnPostItemAsync(Guid criterionId, string? statement, IFormFile? file, CancellationToken ct)
    {
        await using var stream = file?.OpenReadStream();
        return Done(await admission.SaveItemAsync(User, Id, criterionId, statement, stream, file?.FileName, ct), "已保存");
    }

    public async Task<IActionResult> OnPostSubmitAsync(CancellationToken ct) => Done(await admission.SubmitAsync(User, Id, ct), "申请已提交，等待审核");

    public async Task<IActionResult> OnPostReviewAsync(Opinion opinion, string? comment, CancellationToken ct) =>
        Done(await admission.ReviewAsync(User, Id, opinion, comment, ct), "审核意见已提交");

    public async Task<IActionResult> OnPostDecideAsync(AdmissionApplication.Decision decision, string? reason, CancellationToken ct) =>
        Done(await admission.DecideAsync(User, Id, decision, reason, ct), "决定已作出");

    private IActionResult Done(CommandResult result, string success)
    {
        if (result.Status == StatusCodes.Status404NotFound) return NotFound();
        if (result.Status == StatusCodes.Status403Forbidden) return StatusCode(StatusCodes.Status403Forbidden);
        TempData[result.Succeeded ? "Success" : "Error"] = result.Succeeded ? Text.Get(success) : result.Error;
        return Redirect($"/admission/{Id}");
    }
}
