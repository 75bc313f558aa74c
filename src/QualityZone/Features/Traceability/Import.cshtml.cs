using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using QualityZone.Infrastructure.Auth;
using QualityZone.Infrastructure.Data;
using QualityZone.Infrastructure.Documents;
using QualityZone.Infrastructure.Localization;

namespace QualityZone.Features.Traceability;

/// <summary><c>/trace/import?kind=Lots|Batches|Shipments</c>: the Excel templates and their upload, all or nothing.</summary>
[RequirePermission(TraceabilityPermissions.Record)]
[RequestSizeLimit(100 * 1024 * 1024)]
[RequestFormLimits(MultipartBodyLengthLimit = 100 * 1024 * 1024)]
public sealed class ImportModel(AppDbContext db, TraceImport import) : PageModel
{
    [BindProperty(SupportsGet = true)] public TraceFileKind Kind { get; set; }
    [BindProperty(SupportsGet = true)] public Guid? Enterprise { get; set; }
    public List<(Guid Id, string Name)> Choices { get; private set; } = [];
    public IReadOnlyList<RowError> Errors { get; private set; } = [];
    public string? Success { get; private set; }

    public static string Title(TraceFileKind kind) => kind switch
    {
        TraceFileKind.Lots => Text.Get("进货台帐导入"),
        TraceFileKind.Batches => Text.Get("生产批次导入"),
        _ => Text.Get("出口发货导入"),
    };

    public async Task OnGetAsync(CancellationToken ct) => Choices = await TracePages.ChoicesAsync(User, db, ct);

    public async Task<IActionResult> OnGetTemplateAsync(CancellationToken ct) =>
        File(await TraceImport.TemplateAsync(Kind, ct), ExcelFiles.ContentType, Title(Kind) + Text.Get("模板") + ".xlsx");

    public async Task<IActionResult> OnPostAsync(IFormFile? file, CancellationToken ct)
    {
        Choices = await TracePages.ChoicesAsync(User, db, ct);
        if (TracePages.EnterpriseFor(User, Enterprise ?? User.EnterpriseId()) is not { } enterprise)
        {
            Errors = [new RowError(0, "", Text.Get("请选择企业"))];
            return Page();
        }
        if (file is null || file.Length == 0)
        {
            Errors = [new RowError(0, "", Text.Get("请选择要上传的文件"))];
            return Page();
        }
        await using var buffer = new MemoryStream();
        await file.CopyToAsync(buffer, ct);
        buffer.Position = 0;
        var (result, errors) = await import.ImportAsync(User, enterprise, Kind, buffer, ct);
        if (result is null && errors.Count == 0) return NotFound();
        Errors = errors;
        if (result is { Succeeded: true }) Success = Text.Format("已导入 {0} 条记录（共写入 {1} 行）。", result.Records, result.Rows);
        return Page();
    }
}
