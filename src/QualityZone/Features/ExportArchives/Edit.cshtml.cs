using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using QualityZone.Features.Enterprises;
using QualityZone.Infrastructure;
using QualityZone.Infrastructure.Auth;
using QualityZone.Infrastructure.Data;
using QualityZone.Infrastructure.Localization;

namespace QualityZone.Features.ExportArchives;

/// <summary>
/// The monthly return form: a new return (<c>?enterprise=…&amp;period=…</c>) or the draft of an
/// existing one. Editing a submitted return creates a new version (an amendment) on save.
/// </summary>
[RequirePermission(ExportArchivesPermissions.File)]
public sealed class EditModel(AppDbContext db, ReturnCommands commands, ArchiveSettings settings, ZoneClock clock) : PageModel
{
    [BindProperty] public ReturnInput Input { get; set; } = new();
    [BindProperty] public int? Revision { get; set; }
    [BindProperty] public string? Note { get; set; }
    [BindProperty(SupportsGet = true)] public Guid? Enterprise { get; set; }

    public Guid? ReturnId { get; private set; }
    public ExportReturn? Existing { get; private set; }
    public string EnterpriseName { get; private set; } = "";
    public IReadOnlyList<EnterpriseProduct> Products { get; private set; } = [];
    public decimal? CnyRate { get; private set; }
    public List<FieldError> Errors { get; } = [];
    public string? Error(string field) => Errors.FirstOrDefault(e => e.Field == field)?.Message;

    /// <summary>The placeholder index of a row added in the browser (site.js replaces it).</summary>
    public const string NewIndex = "__i__";

    /// <summary>Names the row of a field error (Lines[2].HsCode is the third export line), so the user finds it.</summary>
    public static string Describe(string field)
    {
        var open = field.IndexOf('[');
        var close = field.IndexOf(']');
        if (open < 0 || close < open || !int.TryParse(field[(open + 1)..close], out var index)) return "";
        return field.StartsWith("Lines", StringComparison.Ordinal)
            ? Text.Format("出口明细第 {0} 行：", index + 1)
            : Text.Format("通报召回退运第 {0} 行：", index + 1);
    }

    public async Task<IActionResult> OnGetAsync(Guid? id, string? period, CancellationToken ct)
    {
        if (id is { } returnId)
        {
            if (await LoadAsync(returnId, ct) is { } notFound) return notFound;
            // A filed return is amended by the explicit 更正 action on its page, never by opening this form (issue 21).
            if (Existing!.State is ReturnState.Submitted or ReturnState.Accepted) return Redirect($"/archives/returns/{returnId}");
            var version = Existing.Latest;
            Input = ToInput(Existing, version);
            Revision = Existing.Revision;
        }
        else
        {
            var enterpriseId = Enterprise ?? User.EnterpriseId();
            // Staff file for an enterprise they choose on the filing status list.
            if (enterpriseId is null) return Redirect("/archives");
            if (!await commands.CanFileAsync(User, enterpriseId.Value, ct)) return NotFound();
            Enterprise = enterpriseId;
            Input.Period = period ?? ExportReturn.PeriodOf(clock.Today.AddMonths(-1));
            if (await db.ExportReturns.AsNoTracking().Where(r => r.EnterpriseId == enterpriseId && r.Period == Input.Period).Select(r => new { r.Id, r.State }).SingleOrDefaultAsync(ct) is { } existing)
                return Redirect(existing.State is ReturnState.Draft or ReturnState.Returned ? $"/archives/returns/edit/{existing.Id}" : $"/archives/returns/{existing.Id}");
            Input.Lines = [new ReturnInput.LineInput { Mode = ExportMode.OwnBrand, Batches = 1 }];
        }
        await LoadContextAsync(ct);
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(Guid? id, bool submit, CancellationToken ct)
    {
        ReturnResult result;
        if (id is { } returnId)
        {
            if (await LoadAsync(returnId, ct) is { } notFound) return notFound;
            result = await commands.UpdateAsync(User, returnId, Input, Revision, ReturnSource.Form, submit, Note, ct);
        }
        else
        {
            var enterpriseId = Enterprise ?? User.EnterpriseId();
            if (enterpriseId is null) return NotFound();
            Enterprise = enterpriseId;
            result = await commands.CreateAsync(User, enterpriseId.Value, Input, ReturnSource.Form, submit, ct);
        }
        if (result.Succeeded)
        {
            TempData["Success"] = submit ? Text.Get("月报已提交。") : Text.Get("草稿已保存。");
            return Redirect($"/archives/returns/{result.Id}");
        }
        if (result.Status == StatusCodes.Status404NotFound) return NotFound();
        if (result.Status == StatusCodes.Status403Forbidden) return StatusCode(403);
        Errors.AddRange(result.Errors);
        await LoadContextAsync(ct);
        return Page();
    }

    private async Task<IActionResult?> LoadAsync(Guid id, CancellationToken ct)
    {
        Existing = await commands.LoadAsync(User, id, ct);
        if (Existing is null) return NotFound();
        if (!await commands.CanFileAsync(User, Existing.EnterpriseId, ct)) return StatusCode(403);
        ReturnId = id;
        Enterprise = Existing.EnterpriseId;
        return null;
    }

    private async Task LoadContextAsync(CancellationToken ct)
    {
        var enterprise = await db.Enterprises.AsNoTracking().Include(e => e.Products).SingleAsync(e => e.Id == Enterprise, ct);
        EnterpriseName = enterprise.Name;
        Products = enterprise.Products;
        if (ExportReturn.TryParsePeriod(Input.Period, out _)) CnyRate = await settings.RateAsync(Input.Period!, "CNY", ct);
        if (Input.Lines.Count == 0 && !Input.NoExports) Input.Lines.Add(new ReturnInput.LineInput { Mode = ExportMode.OwnBrand, Batches = 1 });
    }

    public static ReturnInput ToInput(ExportReturn report, ExportReturnVersion version) => new()
    {
        Period = report.Period,
        NoExports = version.NoExports,
        Lines = version.Lines.OrderBy(l => l.Position).Select(l => new ReturnInput.LineInput
        {
            ProductName = l.ProductName, Model = l.Model, HsCode = l.HsCode, Country = l.CountryCode, Quantity = l.Quantity, Unit = l.Unit,
            ValueUsd = l.CnyPerUsd is null ? l.ValueUsd : null, ValueCny = l.ValueCny, Mode = l.Mode, Batches = l.Batches,
            NonconformingBatches = l.NonconformingBatches, NonconformingQuantity = l.NonconformingQuantity, NonconformityDescription = l.NonconformityDescription,
        }).ToList(),
        Incidents = version.Incidents.OrderBy(i => i.Position).Select(i => new ReturnInput.IncidentInput
        {
            Kind = i.Kind, Reference = i.Reference, Countries = i.Countries, Date = i.Date, ProductName = i.ProductName, HsCode = i.HsCode,
            Quantity = i.Quantity, ValueUsd = i.ValueUsd, Summary = i.Summary,
        }).ToList(),
    };
}

public sealed record LineRowModel(string Index, ReturnInput.LineInput Line, Func<string, string?> Error);

public sealed record IncidentRowModel(string Index, ReturnInput.IncidentInput Incident, Func<string, string?> Error);
