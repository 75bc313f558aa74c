using Microsoft.AspNetCore.Http.HttpResults;
using System.Security.Claims;
using QualityZone.Infrastructure.Auth;
using QualityZone.Infrastructure.Files;
using QualityZone.Infrastructure.Localization;

namespace QualityZone.Features.Admission;

public static class AdmissionEndpoints
{
    public static void MapAdmission(this WebApplication app)
    {
        app.MapGet("/admission/{id:guid}/items/{itemId:guid}/file", async Task<Results<ProblemHttpResult, FileStreamHttpResult>> (Guid id, Guid itemId, ClaimsPrincipal user, AdmissionService admission, FileStore files, CancellationToken ct) =>
            {
                var item = (await admission.FindAsync(user, id, ct))?.Items.FirstOrDefault(i => i.Id == itemId);
                return item?.FileSha256 is null || !files.Exists(item.FileSha256)
                    ? TypedResults.Problem(statusCode: 404, title: Text.Get("记录不存在"))
                    : TypedResults.File(files.OpenRead(item.FileSha256), item.FileContentType, item.FileName);
            })
            .RequirePermission(AdmissionPermissions.Read)
            .ExcludeFromDescription();
    }
}
