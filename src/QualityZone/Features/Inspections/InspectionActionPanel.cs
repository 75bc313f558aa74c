using System.Security.Claims;
using Microsoft.EntityFrameworkCore;
using QualityZone.Features.Actions;
using QualityZone.Infrastructure.Data;

namespace QualityZone.Features.Inspections;

/// <summary>An action raised from an inspection finding links to the inspection record.</summary>
public sealed class InspectionActionPanel(AppDbContext db) : IActionPanel
{
    public int Order => 20;

    public async Task<ActionPanel?> LoadAsync(CorrectiveAction action, string? enterpriseName, ClaimsPrincipal user, CancellationToken ct) =>
        action.FindingId is { } id && await db.InspectionFindings.AsNoTracking().Where(f => f.Id == id).Select(f => (Guid?)f.RecordId).SingleOrDefaultAsync(ct) is { } record
            ? new ActionPanel("查看检查记录", $"/inspections/records/{record}", LocalizeLinkText: true)
            : null;
}
