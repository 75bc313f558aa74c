using Microsoft.EntityFrameworkCore;
using QualityZone.Infrastructure.Data;
using QualityZone.Infrastructure.Modules;

namespace QualityZone.Features.Acceptance;

/// <summary>The acceptance self-assessment (验收自评): six blocks, evidence gathered from the modules, readiness, gaps, and the dossier for the assessors.</summary>
public sealed class AcceptanceModule : IModule
{
    public int Order => 97;

    public void AddServices(IServiceCollection services, IConfiguration configuration) =>
        services.AddScopedServices(typeof(AcceptanceEvidence), typeof(AcceptanceCommands));

    public void MapEndpoints(WebApplication app) => app.MapAcceptanceApi();

    /// <summary>The default sheet (a sensible start the office edits), added once when the sheet is empty: weights add up to 100.</summary>
    public async Task SeedAsync(IServiceProvider services, CancellationToken ct)
    {
        var db = services.GetRequiredService<AppDbContext>();
        if (await db.AssessmentItems.AnyAsync(ct)) return;
        var departments = await db.Departments.ToDictionaryAsync(d => d.Code, d => d.Id, ct);
        var position = 0;
        foreach (var e in SeedFile.Read<Entry>(typeof(AcceptanceModule), "acceptance.seed.json"))
            db.AssessmentItems.Add(new AssessmentItem
            {
                Block = e.Block, Code = e.Code, TitleZh = e.TitleZh, TitleEn = e.TitleEn, Guidance = e.Guidance, Weight = e.Weight, Source = e.Source,
                TaskNumbers = e.Tasks, MinEvidence = e.MinEvidence, DepartmentId = departments[e.Department], Position = ++position,
            });
        await db.SaveChangesAsync(ct);
    }

    private sealed record Entry(string Code, AcceptanceBlock Block, string TitleZh, string? TitleEn, string? Guidance, decimal Weight, EvidenceSource Source, string Tasks, string Department, int MinEvidence);

    public IReadOnlyList<NavigationEntry> Navigation => [new("tasks", 12, "/acceptance", "验收自评", AcceptancePermissions.View)];
}
