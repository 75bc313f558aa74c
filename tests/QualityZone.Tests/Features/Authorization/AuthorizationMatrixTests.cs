using System.Net;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using QualityZone.Infrastructure.Auth;
using QualityZone.Tests.Infrastructure;

namespace QualityZone.Tests.Features.Authorization;

/// <summary>
/// Every endpoint of the app (pages and API, read from the endpoint data source) must name a
/// declared permission, and every role gets exactly what the declared grants say: this harness
/// covers each module's endpoints as soon as they are mapped.
/// </summary>
public sealed partial class AuthorizationMatrixTests(AppFactory factory) : IClassFixture<AppFactory>
{
    public sealed record EndpointCase(string Pattern, string Method, string Permission, bool IsPage);

    private IReadOnlyList<RouteEndpoint> Endpoints() =>
        factory.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>().ToList();

    [Fact]
    public void Every_endpoint_declares_a_permission_that_a_module_declares()
    {
        var missing = Endpoints()
            .Where(e => e.Metadata.GetMetadata<RequirePermissionAttribute>() is null)
            .Select(e => e.RoutePattern.RawText ?? e.DisplayName)
            .ToList();
        Assert.True(missing.Count == 0, "Endpoints without a declared permission: " + string.Join(", ", missing));

        foreach (var endpoint in Endpoints())
            PermissionCatalog.Get(endpoint.Metadata.GetMetadata<RequirePermissionAttribute>()!.Permission);
        Assert.True(Endpoints().Count > 20, "the endpoint data source looks empty");
    }

    [Fact]
    public async Task Every_role_gets_exactly_what_the_permissions_grant_on_every_endpoint()
    {
        var enterpriseId = await factory.CreateEnterpriseAsync("矩阵测试企业");
        var clients = new Dictionary<string, HttpClient>
        {
            [Roles.Public] = factory.CreateClient(new() { AllowAutoRedirect = false }),
            [Roles.ZoneAdmin] = await factory.SignInAsync(AppFactory.AdminEmail),
            [Roles.DepartmentStaff] = await factory.SignInAsNewUserAsync(Roles.DepartmentStaff, "economy-it"),
            [Roles.AssociationStaff] = await factory.SignInAsNewUserAsync(Roles.AssociationStaff, "association"),
            [Roles.TestingCenterStaff] = await factory.SignInAsNewUserAsync(Roles.TestingCenterStaff, "testing-center"),
            [Roles.EnterpriseUser] = await factory.SignInAsNewUserAsync(Roles.EnterpriseUser, enterpriseId: enterpriseId),
        };
        Assert.Equal(Roles.All.Order(), clients.Keys.Order());

        var failures = new List<string>();
        var checkedCount = 0;
        foreach (var @case in Cases())
        {
            var permission = PermissionCatalog.Get(@case.Permission);
            foreach (var (role, client) in clients)
            {
                var url = Concrete(@case.Pattern);
                using var request = new HttpRequestMessage(new HttpMethod(@case.Method), url);
                if (@case.Method is "POST" or "PUT") request.Content = new StringContent("{}", System.Text.Encoding.UTF8, "application/json");
                using var response = await client.SendAsync(request, TestContext.Current.CancellationToken);
                checkedCount++;
                var outcome = await ClassifyAsync(response);
                var expected = permission.IsGrantedTo(role) || permission.IsPublic ? "allowed" : role == Roles.Public ? "challenged" : "forbidden";
                if (outcome != expected)
                    failures.Add($"{@case.Method} {url} as {role}: expected {expected}, got {outcome} ({(int)response.StatusCode} {response.Headers.Location} {await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken)})");
            }
        }
        Assert.True(failures.Count == 0, string.Join(Environment.NewLine, failures));
        Assert.True(checkedCount > 100);
    }

    /// <summary>
    /// What the endpoint's gate decided. A 403 from a resource check further in (a department that
    /// is not the task's lead) got past the gate: its problem title names the reason, while the
    /// gate's own refusal says only "无权执行此操作" (or its English).
    /// </summary>
    private static async Task<string> ClassifyAsync(HttpResponseMessage response)
    {
        var location = response.Headers.Location?.ToString() ?? "";
        if (response.StatusCode == HttpStatusCode.Unauthorized || location.Contains("/account/login")) return "challenged";
        if (location.Contains("/account/access-denied")) return "forbidden";
        if (response.StatusCode == HttpStatusCode.Forbidden)
        {
            var body = await response.Content.ReadAsStringAsync();
            // The culture switch endpoint is in the matrix too, so the gate may answer in either language.
            return body.Contains("无权执行此操作") || body.Contains(QualityZone.Infrastructure.Localization.Text.EnglishTranslations["无权执行此操作"]) ? "forbidden" : "allowed";
        }
        return "allowed";
    }

    private IEnumerable<EndpointCase> Cases()
    {
        foreach (var endpoint in Endpoints())
        {
            var permission = endpoint.Metadata.GetMetadata<RequirePermissionAttribute>()!.Permission;
            var isPage = endpoint.Metadata.GetMetadata<PageActionDescriptor>() is not null
                || endpoint.Metadata.GetMetadata<Microsoft.AspNetCore.Mvc.RazorPages.CompiledPageActionDescriptor>() is not null;
            var methods = endpoint.Metadata.GetMetadata<IHttpMethodMetadata>()?.HttpMethods ?? ["GET", "POST"];
            foreach (var method in methods)
            {
                // The access-denied page answers 403 by design; its own content is what is granted.
                if (endpoint.RoutePattern.RawText?.Trim('/') == "account/access-denied") continue;
                yield return new EndpointCase(endpoint.RoutePattern.RawText!, method, permission, isPage);
            }
        }
    }

    /// <summary>Fills route parameters with values that exist, so "allowed" reaches the handler.</summary>
    private static string Concrete(string pattern)
    {
        var url = "/" + pattern.TrimStart('/');
        url = OptionalParameter().Replace(url, "");
        url = Parameter().Replace(url, m => m.Groups[1].Value switch
        {
            "number" or "measure" => "1",
            "culture" => "en",
            "documentName" => "v1",
            var name when m.Value.Contains(":guid") => Guid.Empty.ToString(),
            _ => "1",
        });
        return url.Length > 1 ? url.TrimEnd('/') : url;
    }

    [GeneratedRegex(@"/\{[^}]+\?\}")]
    private static partial Regex OptionalParameter();

    [GeneratedRegex(@"\{([a-zA-Z]+)[^}]*\}")]
    private static partial Regex Parameter();
}
