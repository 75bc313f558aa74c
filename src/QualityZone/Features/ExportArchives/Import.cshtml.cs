using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using QualityZone.Infrastructure;
using QualityZone.Infrastructure.Auth;
using QualityZone.Infrastructure.Data;
using QualityZone.Infrastructure.Localization;

using QualityZone.Infrastructure.Documents;

namespace QualityZone.Features.ExportArchives;

/// <summary>Monthly returns from Excel (<c>/archives/import</c>) or customs declaration data (<c>/archives/customs</c>) for one enterprise.</summary>
public abstract class UploadPage(AppDbContext db, ReturnCommands commands) : PageModel
{
    [BindProperty(SupportsGet = true)] public Guid? Enterprise { get; set; }
    public string EnterpriseName { get; private set; } = "";
    public IReadOnlyList<RowError> Errors { get; protected set; } = [];
    public string? Success { get; protected set; }
    /// <summary>Enterprises staff may choose from (an enterprise user acts for itself only).</summary>
    public List<(Guid Id, string Name)> Choices { get; private set; } = [];

    /// <summary>Whether the user acts for any enterprise (and so chooses one).</summary>
    protected abstract bool ChoosesEnterprise { get; }

    protected abstract Task<bool> MayActForAsync(Guid enterpriseId, CancellationToken ct);

    protected ReturnCommands Commands => commands;

    protected async Task<bool> ResolveAsync(CancellationToken ct)
    {
        Enterprise ??= User.EnterpriseId();
        if (ChoosesEnterprise)
            Choices = await Enterprises.EnterpriseQueries.ChoicesAsync(db, ct);
        if (Enterprise is not { } id) return ChoosesEnterprise;
        if (!await MayActForAsync(id, ct)) return false;
        EnterpriseName = await db.Enterprises.AsNoTracking().Where(e => e.Id == id).Select(e => Text.Pick(e.NameZh, e.NameEn)).SingleAsync(ct);
        return true;
    }
}

[RequirePermission(ExportArchivesPermissions.File)]
[RequestSizeLimit(100 * 1024 * 1024)]
[RequestFormLimits(MultipartBodyLengthLimit = 100 * 1024 * 1024)]
public sealed class ImportModel(AppDbContext db, ReturnCommands commands, ReturnImport import, ZoneClock clock) : UploadPage(db, commands)
{
    protected override bool ChoosesEnterprise => User.IsInRole(Roles.ZoneAdmin);
    protected override Task<bool> MayActForAsync(Guid enterpriseId, CancellationToken ct) => Commands.CanFileAsync(User, enterpriseId, ct);

    public async Task<IActionResult> OnGetAsync(CancellationToken ct) => await ResolveAsync(ct) ? Page() : NotFound();

    public async Task<IActionResult> OnGetTemplateAsync(CancellationToken ct) =>
        File(await ReturnImport.TemplateAsync(ExportReturn.PeriodOf(clock.Today.AddMonths(-1)), ct), ExcelFiles.ContentType, Text.Get("出口质量月报导入模板") + ".xlsx");

    public async Task<IActionResult> OnPostAsync(IFormFile? file, bool submit, CancellationToken ct)
    {
        if (!await ResolveAsync(ct) || Enterprise is null)
        {
            if (Enterprise is null && ChoosesEnterprise) { Errors = [new RowError(0, "", Text.Get("请选择企业"))]; return Page(); }
            return NotFound();
        }
        if (file is null || file.Length == 0) { Errors = [new RowError(0, "", Text.Get("请选择要上传的文件"))]; return Page(); }
        await using var buffer = await ExcelFiles.OpenAsync(file, ct);
        var result = await import.ImportAsync(User, Enterprise.Value, buffer, submit, ct);
        Errors = result.Errors;
        if (result.Succeeded) Success = Text.Format("已导入 {0} 行：新建 {1} 份月报，更正或覆盖草稿 {2} 份。", result.Lines, result.Created, result.Amended) + (submit ? Text.Get("已全部提交。") : Text.Get("均为草稿，请核对后提交。"));
        return Page();
    }
}

[RequirePermission(ExportArchivesPermissions.ImportCustoms)]
[RequestSizeLimit(100 * 1024 * 1024)]
[RequestFormLimits(MultipartBodyLengthLimit = 100 * 1024 * 1024)]
public sealed class CustomsModel(AppDbContext db, ReturnCommands commands, CustomsDeclarationImport import) : UploadPage(db, commands)
{
    protected override bool ChoosesEnterprise => !User.IsInRole(Roles.EnterpriseUser);
    protected override Task<bool> MayActForAsync(Guid enterpriseId, CancellationToken ct) => Commands.CanImportCustomsAsync(User, enterpriseId, ct);

    public async Task<IActionResult> OnGetAsync(CancellationToken ct) => await ResolveAsync(ct) ? Page() : NotFound();

    public async Task<IActionResult> OnGetTemplateAsync(CancellationToken ct) =>
        File(await CustomsDeclarationImport.TemplateAsync(ct), ExcelFiles.ContentType, Text.Get("报关数据导入模板") + ".xlsx");

    public async Task<IActionResult> OnPostAsync(IFormFile? file, CancellationToken ct)
    {
        if (!await ResolveAsync(ct) || Enterprise is null)
        {
            if (Enterprise is null && ChoosesEnterprise) { Errors = [new RowError(0, "", Text.Get("请选择企业"))]; return Page(); }
            return NotFound();
        }
        if (file is null || file.Length == 0) { Errors = [new RowError(0, "", Text.Get("请选择要上传的文件"))]; return Page(); }
        await using var buffer = await ExcelFiles.OpenAsync(file, ct);
        var csv = file.FileName.EndsWith(".csv", StringComparison.OrdinalIgnoreCase);
        var result = await import.ImportAsync(User, Enterprise.Value, buffer, csv, ct);
        Errors = result.Errors;
        if (result.Succeeded) Success = Text.Format("已导入 {0} 行报关数据，已汇总到 {1} 的月报（草稿，请核对后提交）。", result.Lines, string.Join(Text.ListSeparator, result.Periods));
        return Page();
    }
}
