using System.Net;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using QualityZone.Features.Enterprises;
using QualityZone.Infrastructure.Auth;
using QualityZone.Infrastructure.Data;
using QualityZone.Tests.Infrastructure;

namespace QualityZone.Tests.Features.Structure;

/// <summary>
/// Ownership by an enterprise is a type (<see cref="IEnterpriseOwned"/>, <see cref="IEnterpriseOptionallyOwned"/>),
/// and every page and API operation that serves such a record is asked, as one enterprise, for
/// another enterprise's record: generated from the endpoint list, so a new page is covered at once.
/// </summary>
[Collection(DemoZoneCollection.Name)]
public sealed class EnterpriseOwnershipTests(DemoZoneFactory factory)
{
    /// <summary>Entities with an EnterpriseId that are not records of that enterprise, and why.</summary>
    private static readonly Dictionary<string, string> NotOwned = new()
    {
        ["AppUser"] = "an account bound to an enterprise: managed by the zone office, never listed to enterprises",
    };

    [Fact]
    public void Every_entity_with_an_enterprise_says_it_belongs_to_one()
    {
        var db = factory.Services.CreateScope().ServiceProvider.GetRequiredService<AppDbContext>();
        var unmarked = db.Model.GetEntityTypes()
            .Where(t => t.ClrType.GetProperty("EnterpriseId") is not null)
            .Where(t => !typeof(IEnterpriseOwned).IsAssignableFrom(t.ClrType) && !typeof(IEnterpriseOptionallyOwned).IsAssignableFrom(t.ClrType))
            .Where(t => !NotOwned.ContainsKey(t.ClrType.Name))
            .Select(t => t.ClrType.Name).ToList();
        Assert.True(unmarked.Count == 0, "Entities with an EnterpriseId that implement neither IEnterpriseOwned nor IEnterpriseOptionallyOwned: " + string.Join(", ", unmarked));
    }

    [Fact]
    public async Task No_page_or_API_operation_serves_an_enterprise_another_enterprises_record()
    {
        var ct = TestContext.Current.CancellationToken;
        const string account = "enterprise1@demo.qz";
        var enterpriseId = (await factory.WithDbAsync(db => db.Users.Where(u => u.Email == account).Select(u => u.EnterpriseId).SingleAsync(ct)))!.Value;
        var client = await factory.SignInAsync(account);
        var routes = new DemoRoutes(factory);
        var failures = new List<string>();
        var served = new HashSet<string>();
        foreach (var endpoint in factory.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>())
        {
            var pattern = "/" + endpoint.RoutePattern.RawText!.TrimStart('/');
            if (!pattern.Contains('{')) continue;
            var isPage = endpoint.Metadata.GetMetadata<CompiledPageActionDescriptor>() is not null;
            var methods = endpoint.Metadata.GetMetadata<IHttpMethodMetadata>()?.HttpMethods;
            if (!isPage && (methods is null || !methods.Contains("GET"))) continue;
            var permission = PermissionCatalog.Get(endpoint.Metadata.GetMetadata<RequirePermissionAttribute>()!.Permission);
            if (!permission.IsGrantedTo(Roles.EnterpriseUser) && !permission.IsPublic) continue;
            var urls = await routes.ConcreteUrlsAsync(pattern, enterpriseId, another: true);
            if (urls is null || routes.Owned is null) continue;
            served.Add(routes.Owned.Name);
            foreach (var url in urls)
            {
                using var response = await client.GetAsync(url, ct);
                var location = response.Headers.Location?.OriginalString ?? "";
                var refused = response.StatusCode is HttpStatusCode.NotFound or HttpStatusCode.Forbidden
                    || location.Contains("/account/access-denied", StringComparison.Ordinal);
                if (!refused) failures.Add($"GET {url} ({routes.Owned.Name} of another enterprise): {(int)response.StatusCode} {location}");
            }
        }
        Assert.True(failures.Count == 0, "Another enterprise's records served:\n" + string.Join("\n", failures));
        // The walk reached the records an enterprise works with every day.
        foreach (var type in new[] { "Enterprise", "ExportReturn", "MaterialLot", "ProductionBatch", "Shipment", "Supplier", "CorrectiveAction", "InspectionRecord", "CommitmentLetter", "Certificate" })
            Assert.Contains(type, served);
    }
}
