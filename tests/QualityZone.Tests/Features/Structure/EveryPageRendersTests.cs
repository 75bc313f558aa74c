using System.Net;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using QualityZone.Infrastructure.Auth;
using QualityZone.Tests.Infrastructure;

namespace QualityZone.Tests.Features.Structure;

/// <summary>
/// Signs in as each role of the demo zone and requests every GET page and every GET API operation
/// that role may use (read from the endpoint data source and the permission declarations), with
/// route values taken from the demo data the role can see. None may answer 5xx or end on the error
/// page; a page of a record the role can see must not answer 404 either.
/// </summary>
[Collection(DemoZoneCollection.Name)]
public sealed class EveryPageRendersTests(DemoZoneFactory factory)
{
    private readonly DemoRoutes routes = new(factory);

    public static TheoryData<string, string> RolesAndCultures()
    {
        var data = new TheoryData<string, string>();
        foreach (var account in new[] { "office@demo.qz", "ciq@demo.qz", "economy@demo.qz", "association@demo.qz", "testing@demo.qz", "enterprise1@demo.qz", "public" })
            foreach (var culture in new[] { "zh-CN", "en" })
                data.Add(account, culture);
        return data;
    }

    [Theory]
    [MemberData(nameof(RolesAndCultures))]
    public async Task Every_GET_page_and_API_operation_the_role_may_use_renders(string account, string culture)
    {
        var ct = TestContext.Current.CancellationToken;
        var (role, enterpriseId, client) = account == "public"
            ? (Roles.Public, (Guid?)null, factory.CreateClient(new() { AllowAutoRedirect = false }))
            : await SignInAsync(account);
        (await client.GetAsync($"/culture/{culture}", ct)).EnsureSuccessOrRedirect();

        var failures = new List<string>();
        var requested = 0;
        foreach (var pattern in GetPatternsFor(role))
        {
            var urls = await routes.ConcreteUrlsAsync(pattern, enterpriseId);
            if (urls is null)
            {
                // Staff of the zone office see every record: each pattern must be reachable for them.
                if (role == Roles.ZoneAdmin) failures.Add($"{pattern}: no demo record to fill its route values");
                continue;
            }
            foreach (var url in urls)
            {
                using var response = await client.GetAsync(url, ct);
                requested++;
                var location = response.Headers.Location?.OriginalString ?? "";
                var body = (int)response.StatusCode >= 400 ? await response.Content.ReadAsStringAsync(ct) : "";
                if ((int)response.StatusCode >= 500 || location.StartsWith("/error", StringComparison.Ordinal))
                    failures.Add($"GET {url}: {(int)response.StatusCode} {location} {Shorten(body)}");
                else if (response.StatusCode == HttpStatusCode.NotFound && url != pattern && !IsProbe(url))
                    failures.Add($"GET {url}: 404 for a record the role can see {Shorten(body)}");
            }
        }
        Assert.True(failures.Count == 0, $"{account} ({culture}), {requested} requests:{Environment.NewLine}" + string.Join(Environment.NewLine, failures));
        Assert.True(requested > (role == Roles.Public ? 5 : 20), $"only {requested} requests for {account}");
    }

    private static string Shorten(string body) => body.Length > 300 ? body[..300] : body;

    private static bool IsProbe(string url) => url.Contains("00000000-0000-0000-0000-000000000000", StringComparison.Ordinal);

    private async Task<(string Role, Guid? EnterpriseId, HttpClient Client)> SignInAsync(string email)
    {
        var user = await factory.WithDbAsync(db => db.Users.AsNoTracking().Where(u => u.Email == email)
            .Select(u => new { u.Id, u.EnterpriseId }).SingleAsync());
        var role = await factory.WithDbAsync(db => (from ur in db.UserRoles join r in db.Roles on ur.RoleId equals r.Id where ur.UserId == user.Id select r.Name!).SingleAsync());
        return (role, user.EnterpriseId, await factory.SignInAsync(email));
    }

    /// <summary>GET routes (pages and API) whose permission the role holds.</summary>
    private IEnumerable<string> GetPatternsFor(string role)
    {
        var endpoints = factory.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>();
        foreach (var endpoint in endpoints)
        {
            var methods = endpoint.Metadata.GetMetadata<IHttpMethodMetadata>()?.HttpMethods;
            var isPage = endpoint.Metadata.GetMetadata<CompiledPageActionDescriptor>() is not null || endpoint.Metadata.GetMetadata<PageActionDescriptor>() is not null;
            if (!isPage && (methods is null || !methods.Contains("GET"))) continue;
            var pattern = "/" + endpoint.RoutePattern.RawText!.TrimStart('/');
            // Signing out ends the session the rest of the walk needs; the language switch is used above.
            if (pattern is "/account/logout" or "/culture/{culture}") continue;
            var permission = PermissionCatalog.Get(endpoint.Metadata.GetMetadata<RequirePermissionAttribute>()!.Permission);
            if (permission.IsPublic || permission.IsGrantedTo(role)) yield return pattern;
        }
    }
}

internal static class ResponseChecks
{
    public static void EnsureSuccessOrRedirect(this HttpResponseMessage response)
    {
        if ((int)response.StatusCode >= 400) throw new InvalidOperationException($"{response.RequestMessage?.RequestUri}: {(int)response.StatusCode}");
    }
}
