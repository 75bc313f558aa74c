using System.Security.Claims;
using Microsoft.EntityFrameworkCore;
using QualityZone.Features.Actions;
using QualityZone.Infrastructure.Auth;
using QualityZone.Infrastructure.Data;

namespace QualityZone.Features.Traceability;

/// <summary>An action raised from a recall naming the enterprise shows its trace requests, with the conclusion form.</summary>
public sealed class TraceRequestActionPanel(AppDbContext db) : IActionPanel
{
    public int Order => 30;

    public async Task<ActionPanel?> LoadAsync(CorrectiveAction action, string? enterpriseName, ClaimsPrincipal user, CancellationToken ct)
    {
        var rows = (await TraceRequests.Visible(db, user).Where(r => r.ActionId == action.Id).OrderBy(r => r.Model).ToListAsync(ct))
            .Select(r => new TraceRequestRow(r, enterpriseName ?? "")).ToList();
        if (rows.Count == 0) return null;
        var list = new TraceRequestList(rows, PermissionCatalog.IsGranted(user, TraceabilityPermissions.Record), $"/actions/{action.Id}", LinksAction: false);
        return new ActionPanel(Partial: "~/Features/Traceability/_TraceRequests.cshtml", Model: list);
    }
}
