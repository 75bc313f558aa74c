using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using QualityZone.Infrastructure.Auth;
using QualityZone.Infrastructure.Localization;

namespace QualityZone.Features.Enterprises;

[RequirePermission(EnterprisesPermissions.Manage)]
[RequestSizeLimit(50 * 1024 * 1024)]
public sealed class ImportModel(EnterpriseImport import) : PageModel
{
    public ImportResult? Result { get; private set; }

    public void OnGet() { }

    public async Task<IActionResult> OnGetTemplateAsync(CancellationToken ct) =>
        File(await EnterpriseImport.TemplateAsync(ct), QualityZone.Infrastructure.Documents.ExcelFiles.ContentType, Text.Get("企业导入模板") + ".xlsx");

    public async Task<IActionResult> OnPostAsync(IFormFile? file, CancellationToken ct)
    {
        if (file is null || file.Length == 0)
        {
            Result = new ImportResult(0, [new QualityZone.Infrastructure.Documents.RowError(0, "", Text.Get("请选择要上传的文件"))]);
            return Page();
        }
        await using var workbook = await QualityZone.Infrastructure.Documents.ExcelFiles.OpenAsync(file, ct);
        Result = await import.ImportAsync(User, workbook, ct);
        return Page();
    }
}
