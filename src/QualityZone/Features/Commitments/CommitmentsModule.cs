using QualityZone.Infrastructure.Data;
using QualityZone.Infrastructure.Modules;

namespace QualityZone.Features.Commitments;

/// <summary>Quality integrity commitment letters (质量诚信承诺书, task 8).</summary>
public sealed class CommitmentsModule : IModule
{
    public int Order => 40;

    public void AddServices(IServiceCollection services, IConfiguration configuration) =>
        services.AddScoped<CommitmentService>()
            .AddScoped<Enterprises.IEnterprisePanel, EnterpriseCommitmentPanel>()
            .AddScoped<Enterprises.IEnterpriseListFilter, UnsignedLetterFilter>();

    public void MapEndpoints(WebApplication app) => app.MapCommitments();

    public Task SeedAsync(IServiceProvider services, CancellationToken ct) => CommitmentService.EnsureTemplateAsync(services.GetRequiredService<AppDbContext>(), ct);

    public IReadOnlyList<NavigationEntry> Navigation => [new("enterprises", 20, "/commitments", "承诺书", CommitmentsPermissions.View)];
}
