using Microsoft.EntityFrameworkCore;
using QualityZone.Infrastructure;
using QualityZone.Infrastructure.Data;
using QualityZone.Infrastructure.Modules;

namespace QualityZone.Features.Testing;

/// <summary>The public testing service (task 17): catalogue, requests and supervision sampling, results, reviewed reports anyone can verify, subsidies.</summary>
public sealed class TestingModule : IModule
{
    public int Order => 92;

    public void AddServices(IServiceCollection services, IConfiguration configuration) =>
        services.AddScopedServices(typeof(TestingCommands), typeof(TestReports), typeof(SamplingProposals), typeof(TestingDashboard)).AddHttpContextAccessor()
            .AddScoped<Risks.IWarningSignalSource, TestFailureSignals>()
            .AddScoped<Traceability.IBatchEvidenceSource, TestBatchEvidence>()
            .AddScoped<Enterprises.IEnterprisePanel, EnterpriseTestingPanel>()
            .AddScoped<Inspections.IReportReferences, TestReportReferences>()
            .AddScoped<ZoneTasks.ITaskEvidenceSource, TestingTaskEvidence>();

    public void MapEndpoints(WebApplication app) => app.MapTestingApi();

    /// <summary>The catalogue (items and packages from the testing center's price list) and this year's subsidy rule, added when missing.</summary>
    public async Task SeedAsync(IServiceProvider services, CancellationToken ct)
    {
        var db = services.GetRequiredService<AppDbContext>();
        var items = await db.TestItems.Select(i => i.Code).ToListAsync(ct);
        var position = items.Count;
        foreach (var e in SeedFile.Read<ItemEntry>(typeof(TestingModule), "items.seed.json").Where(e => !items.Contains(e.Code)))
            db.TestItems.Add(new TestItem
            {
                Code = e.Code, NameZh = e.NameZh, NameEn = e.NameEn, Standard = e.Standard, Unit = e.Unit, Min = e.Min, Max = e.Max,
                CnasScope = e.Cnas, Price = e.Price, TurnaroundDays = e.Days, SampleQuantity = e.Samples, Position = ++position,
            });
        var packages = await db.TestPackages.Select(p => p.Code).ToListAsync(ct);
        foreach (var e in SeedFile.Read<PackageEntry>(typeof(TestingModule), "packages.seed.json").Where(e => !packages.Contains(e.Code)))
            db.TestPackages.Add(new TestPackage { Code = e.Code, NameZh = e.NameZh, NameEn = e.NameEn, ItemCodes = e.Items });
        // A starting rule the office edits: half the fee, 70 % for grade A, 20,000 yuan a year per enterprise, a budget of one million.
        var year = services.GetRequiredService<ZoneClock>().Today.Year;
        if (!await db.SubsidyRules.AnyAsync(r => r.Year == year, ct))
            db.SubsidyRules.Add(new SubsidyRule { Year = year, SharePercent = 50, GradeASharePercent = 70, CapPerEnterprise = 20_000, Budget = 1_000_000, UpdatedBy = "system" });
        await db.SaveChangesAsync(ct);
    }

    private sealed record ItemEntry(string Code, string NameZh, string? NameEn, string Standard, string? Unit, decimal? Min, decimal? Max, bool Cnas, decimal Price, int Days, int Samples);
    private sealed record PackageEntry(string Code, string NameZh, string? NameEn, string Items);

    public IReadOnlyList<NavigationEntry> Navigation =>
    [
        new("supervision", 50, "/testing", "检验检测", TestingPermissions.Read, EnterpriseLabel: "检验检测"),
        new("portal", 60, "/verify", "检测报告核验", TestingPermissions.Verify),
    ];
}
