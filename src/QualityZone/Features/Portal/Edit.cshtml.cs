using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using QualityZone.Infrastructure.Auth;
using QualityZone.Infrastructure.Data;

namespace QualityZone.Features.Portal;

/// <summary><c>/portal/manage/edit/{id?}</c>: write or change a draft: type, number, title, summary, rich text (sanitized), markets, HS codes, dates.</summary>
[RequirePermission(PortalPermissions.Edit)]
public sealed class EditModel(AppDbContext db, NoticeCommands commands, QualityZone.Infrastructure.Files.FileStore files) : PageModel
{
    [BindProperty] public NoticeType? Type { get; set; } = NoticeType.Guidance;
    [BindProperty] public string? Reference { get; set; }
    [BindProperty] public string? Title { get; set; }
    [BindProperty] public string? Summary { get; set; }
    [BindProperty] public string? BodyHtml { get; set; }
    [BindProperty] public string? Markets { get; set; }
    [BindProperty] public string? HsCodes { get; set; }
    [BindProperty] public string? Country { get; set; }
    [BindProperty] public string? Link { get; set; }
    [BindProperty] public DateOnly? PublishedOn { get; set; }
    [BindProperty] public DateOnly? AppliesFrom { get; set; }
    [BindProperty] public DateOnly? CommentDeadline { get; set; }
    [BindProperty] public DateOnly? ValidUntil { get; set; }
    [BindProperty] public string? Equivalents { get; set; }
    [BindProperty] public string? Brand { get; set; }
    [BindProperty] public string? ProductModel { get; set; }
    [BindProperty] public string? Risk { get; set; }
    [BindProperty] public string? Measures { get; set; }
    [BindProperty] public string? OriginCountry { get; set; }
    [BindProperty] public List<IFormFile> Attachments { get; set; } = [];
    public Guid? Id { get; private set; }
    public string? Error { get; private set; }

    public async Task<IActionResult> OnGetAsync(Guid? id, CancellationToken ct)
    {
        Id = id;
        if (id is { } existing)
        {
            var n = await db.Notices.AsNoTracking().SingleOrDefaultAsync(x => x.Id == existing && x.Source == NoticeSource.Editorial, ct);
            if (n is null) return NotFound();
            (Type, Reference, Title, Summary, BodyHtml, Country, Link, PublishedOn, AppliesFrom, CommentDeadline, ValidUntil, Equivalents) =
                (n.Type, n.Reference, n.Title, n.Summary, n.BodyHtml, n.Country, n.Url, n.PublishedOn, n.AppliesFrom, n.CommentDeadline, n.ValidUntil, n.Equivalents);
            (Markets, HsCodes) = (string.Join(", ", n.MarketList), string.Join(", ", n.HsList));
            (Brand, ProductModel, Risk, Measures, OriginCountry) = (n.Brand, n.Model, n.Risk, n.Measures, n.OriginCountry);
        }
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(Guid? id, CancellationToken ct)
    {
        Id = id;
        var stored = new List<QualityZone.Infrastructure.Files.StoredFile>();
        foreach (var file in Attachments.Where(f => f.Length > 0))
        {
            try { await using var stream = file.OpenReadStream(); stored.Add(await files.SaveAsync(stream, file.FileName, ct)); }
            catch (QualityZone.Infrastructure.Files.FileRejectedException ex) { Error = ex.Message; return Page(); }
        }
        var (result, savedId) = await commands.SaveDraftAsync(User, id, new NoticeInput(Type, Reference, Title, Summary, BodyHtml, Markets, HsCodes, Country, Link, PublishedOn, AppliesFrom, CommentDeadline, ValidUntil, Equivalents,
            Brand, ProductModel, Risk, Measures, OriginCountry), ct, stored);
        if (result.Status == StatusCodes.Status404NotFound) return NotFound();
        if (result.Succeeded) return Redirect($"/portal/notices/{savedId}");
        Error = result.Error;
        return Page();
    }
}
