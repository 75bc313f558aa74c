using Microsoft.AspNetCore.Http.HttpResults;
using QualityZone.Infrastructure.Web;
using System.Security.Claims;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using QualityZone.Infrastructure;
using QualityZone.Infrastructure.Auth;
using QualityZone.Infrastructure.Data;
using QualityZone.Infrastructure.Files;
using QualityZone.Infrastructure.Localization;

namespace QualityZone.Features.Enterprises;

/// <summary>
/// <c>/api/enterprises</c>: the register as JSON. Staff read all; an enterprise's token reads only
/// its own enterprise (another's id answers 404). The office writes.
/// </summary>
public static class EnterprisesApi
{
    public sealed record EnterpriseDto(
        Guid Id, string CreditCode, string? CustomsCode, string NameZh, string? NameEn, EnterpriseState State, string? Grade,
        string? AdmissionNumber, DateOnly? AdmittedOn, string? Address, string? LegalRepresentative, string? QualityContact,
        string? QualityContactPhone, int? Employees, decimal? AnnualOutputWanYuan, decimal? AnnualExportWanUsd,
        int? OwnBrandShare, int? OdmShare, int? OemShare, string? CustomsCreditTier, bool LabCnasAccredited, string? LabCnasNumber,
        DateOnly? LabCnasExpiry, IReadOnlyList<EnterpriseInput.ProductInput> Products, IReadOnlyList<string> Markets,
        IReadOnlyList<EventDto>? Events);
    public sealed record EventDto(ManagementAction Action, EnterpriseState FromState, EnterpriseState ToState, string Reason, string Actor, DateTimeOffset At);
    public sealed record ActionRequest(ManagementAction Action, string? Reason);
    public sealed record CertificateDto(Guid Id, string Type, string Number, string? Issuer, DateOnly ValidFrom, DateOnly ValidTo, CertificateStatus Status, string? FileName);

    public static void MapEnterprisesApi(this WebApplication app)
    {
        var api = app.MapGroup("/api/enterprises").WithTags("Enterprises");

        api.MapGet("/", async (string? q, EnterpriseState? state, string? grade, string? hs, string? market, int? page, int? pageSize,
                ClaimsPrincipal user, EnterpriseQueries queries, CancellationToken ct) =>
            {
                var (number, size) = ApiPaging.Normalize(page, pageSize);
                var result = await queries.PageAsync(EnterpriseScope.For(user), new EnterpriseFilter(q, state, grade, hs, market), number, size, ct);
                return new ApiPage<EnterpriseRow>(result.Items, result.Page, result.PageSize, result.Total);
            })
            .RequirePermission(EnterprisesPermissions.Read)
            .WithSummary("企业名录 / The register (an enterprise sees only itself)");

        api.MapGet("/{id:guid}", async Task<Results<Ok<EnterpriseDto>, ProblemHttpResult>> (Guid id, ClaimsPrincipal user, EnterpriseQueries queries, CancellationToken ct) =>
                await queries.DetailAsync(EnterpriseScope.For(user), id, ct) is { } e ? TypedResults.Ok(ToDto(e, withEvents: true)) : NotFound())
            .RequirePermission(EnterprisesPermissions.Read)
            .WithSummary("企业档案 / One enterprise with products, markets and management timeline");

        api.MapPost("/", async Task<Results<Created<EnterpriseDto>, ProblemHttpResult>> ([FromBody] EnterpriseInput input, ClaimsPrincipal user, EnterpriseCommands commands, EnterpriseQueries queries, CancellationToken ct) =>
            {
                var result = await commands.CreateAsync(user, input, ct);
                return result.Succeeded
                    ? TypedResults.Created($"/api/enterprises/{result.Id}", ToDto((await queries.DetailAsync(EnterpriseScope.For(user), result.Id!.Value, ct))!, withEvents: true))
                    : Invalid(result);
            })
            .RequirePermission(EnterprisesPermissions.Manage)
            .WithSummary("登记企业 / Register an enterprise");

        api.MapPut("/{id:guid}", async Task<Results<Ok<EnterpriseDto>, ProblemHttpResult>> (Guid id, [FromBody] EnterpriseInput input, int? version, ClaimsPrincipal user, EnterpriseCommands commands, EnterpriseQueries queries, CancellationToken ct) =>
            {
                if (!EnterpriseScope.For(user).Allows(id)) return NotFound();
                var result = await commands.UpdateAsync(user, id, input, version, ct);
                return result.Succeeded ? TypedResults.Ok(ToDto((await queries.DetailAsync(EnterpriseScope.For(user), id, ct))!, withEvents: false)) : Invalid(result);
            })
            .RequirePermission(EnterprisesPermissions.Edit)
            .WithSummary("修改企业资料 / Update a profile (an enterprise: its own, identity fields excepted)");

        api.MapPost("/{id:guid}/actions", async Task<Results<NoContent, ProblemHttpResult>> (Guid id, [FromBody] ActionRequest request, ClaimsPrincipal user, EnterpriseCommands commands, CancellationToken ct) =>
            {
                var result = await commands.TransitionAsync(user, id, request.Action, request.Reason, null, null, ct);
                return result.Succeeded ? TypedResults.NoContent() : result.ToProblem();
            })
            .RequirePermission(EnterprisesPermissions.Manage)
            .WithSummary("动态管理操作 / A dynamic-management action (admit, watch, suspend, reinstate, remove)");

        api.MapGet("/{id:guid}/certificates", async Task<Results<Ok<List<CertificateDto>>, ProblemHttpResult>> (Guid id, ClaimsPrincipal user, AppDbContext db, ZoneClock clock, CancellationToken ct) =>
            {
                if (!EnterpriseScope.For(user).Allows(id) || !await db.Enterprises.AnyAsync(e => e.Id == id, ct)) return NotFound();
                var today = clock.Today;
                return TypedResults.Ok((await db.Certificates.AsNoTracking().Where(c => c.EnterpriseId == id).OrderBy(c => c.ValidTo).ToListAsync(ct))
                    .Select(c => new CertificateDto(c.Id, c.Type, c.Number, c.Issuer, c.ValidFrom, c.ValidTo, Certificate.StatusOn(c.ValidTo, today), c.FileName)).ToList());
            })
            .RequirePermission(EnterprisesPermissions.Read)
            .WithSummary("企业证书 / An enterprise's certificates with their status (expiring = within 60 days)");

        app.MapGet("/enterprises/{id:guid}/certificates/{certificateId:guid}/file", async Task<Results<ProblemHttpResult, FileStreamHttpResult>> (Guid id, Guid certificateId, ClaimsPrincipal user, AppDbContext db, FileStore files, CancellationToken ct) =>
            {
                if (!EnterpriseScope.For(user).Allows(id)) return NotFound();
                var certificate = await db.Certificates.AsNoTracking().SingleOrDefaultAsync(c => c.Id == certificateId && c.EnterpriseId == id, ct);
                if (certificate?.FileSha256 is null || !files.Exists(certificate.FileSha256)) return NotFound();
                return TypedResults.File(files.OpenRead(certificate.FileSha256), certificate.FileContentType, certificate.FileName);
            })
            .RequirePermission(EnterprisesPermissions.Read)
            .ExcludeFromDescription();

        // Evidence of a management action, for whoever may read the enterprise.
        app.MapGet("/enterprises/{id:guid}/events/{eventId:guid}/evidence", async Task<Results<ProblemHttpResult, FileStreamHttpResult>> (Guid id, Guid eventId, ClaimsPrincipal user, AppDbContext db, FileStore files, CancellationToken ct) =>
            {
                if (!EnterpriseScope.For(user).Allows(id)) return NotFound();
                var evt = await db.EnterpriseEvents.AsNoTracking().SingleOrDefaultAsync(v => v.Id == eventId && v.EnterpriseId == id, ct);
                if (evt?.EvidenceSha256 is null || !files.Exists(evt.EvidenceSha256)) return NotFound();
                return TypedResults.File(files.OpenRead(evt.EvidenceSha256), evt.EvidenceContentType, evt.EvidenceFileName);
            })
            .RequirePermission(EnterprisesPermissions.Read)
            .ExcludeFromDescription();
    }

    private static ProblemHttpResult NotFound() => TypedResults.Problem(statusCode: 404, title: Text.Get("企业不存在"));

    private static ProblemHttpResult Invalid(SaveResult result) => ApiResults.ValidationProblem(
        result.Errors.GroupBy(e => e.Field).ToDictionary(g => g.Key, g => g.Select(e => e.Message).ToArray()),
        title: Text.Get("企业资料有误"));

    public static EnterpriseDto ToDto(Enterprise e, bool withEvents) => new(
        e.Id, e.CreditCode, e.CustomsCode, e.NameZh, e.NameEn, e.State, e.Grade, e.AdmissionNumber, e.AdmittedOn, e.Address,
        e.LegalRepresentative, e.QualityContact, e.QualityContactPhone, e.Employees, e.AnnualOutputWanYuan, e.AnnualExportWanUsd,
        e.OwnBrandShare, e.OdmShare, e.OemShare, e.CustomsCreditTier, e.LabCnasAccredited, e.LabCnasNumber, e.LabCnasExpiry,
        e.Products.Select(p => new EnterpriseInput.ProductInput(p.HsCode, p.Name)).ToList(), e.Markets.Select(m => m.CountryCode).OrderBy(c => c).ToList(),
        withEvents ? e.Events.Select(v => new EventDto(v.Action, v.FromState, v.ToState, v.Reason, v.Actor, v.At)).ToList() : null);
}
