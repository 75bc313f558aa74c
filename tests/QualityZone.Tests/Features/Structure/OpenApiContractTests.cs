using System.Reflection;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using QualityZone.Tests.Infrastructure;

namespace QualityZone.Tests.Features.Structure;

/// <summary>
/// The served /openapi/v1.json describes every operation completely: an operation id (unique), a
/// summary, a success response and its 4xx responses, and the credentials it accepts — the rules
/// `redocly lint` applies (recommended set), checked here on every build.
/// </summary>
public sealed class OpenApiContractTests(AppFactory factory) : IClassFixture<AppFactory>
{
    [Fact]
    public async Task Every_operation_has_an_id_a_summary_its_responses_and_its_security()
    {
        var client = factory.CreateClient();
        var json = await client.GetStringAsync("/openapi/v1.json", TestContext.Current.CancellationToken);
        var artifacts = Environment.GetEnvironmentVariable("QZ_TEST_ARTIFACTS");
        if (artifacts is not null) { Directory.CreateDirectory(artifacts); await File.WriteAllTextAsync(Path.Combine(artifacts, "openapi.json"), json, TestContext.Current.CancellationToken); }
        using var document = JsonDocument.Parse(json);
        var root = document.RootElement;
        var schemes = root.GetProperty("components").GetProperty("securitySchemes").EnumerateObject().Select(s => s.Name).ToHashSet();
        Assert.Contains("ApiToken", schemes);
        Assert.Contains("Cookie", schemes);

        var problems = new List<string>();
        var ids = new Dictionary<string, string>();
        var count = 0;
        foreach (var path in root.GetProperty("paths").EnumerateObject())
        {
            foreach (var operation in path.Value.EnumerateObject().Where(o => o.Name is "get" or "post" or "put" or "delete" or "patch"))
            {
                count++;
                var name = $"{operation.Name.ToUpperInvariant()} {path.Name}";
                var op = operation.Value;
                if (!op.TryGetProperty("operationId", out var id) || string.IsNullOrWhiteSpace(id.GetString())) problems.Add($"{name}: no operationId");
                else if (!ids.TryAdd(id.GetString()!, name)) problems.Add($"{name}: operationId {id} also used by {ids[id.GetString()!]}");
                if (!op.TryGetProperty("summary", out var summary) || string.IsNullOrWhiteSpace(summary.GetString())) problems.Add($"{name}: no summary");
                var responses = op.TryGetProperty("responses", out var r) ? r.EnumerateObject().Select(x => x.Name).ToList() : [];
                if (!responses.Any(s => s.StartsWith('2') || s.StartsWith('3'))) problems.Add($"{name}: no success response");
                if (!responses.Any(s => s.StartsWith('4'))) problems.Add($"{name}: no 4xx response");
                if (!op.TryGetProperty("security", out var security) || security.GetArrayLength() == 0) problems.Add($"{name}: no security requirement");
                if (!op.TryGetProperty("tags", out var tags) || tags.GetArrayLength() == 0) problems.Add($"{name}: no tag");
            }
        }
        foreach (var tag in root.GetProperty("tags").EnumerateArray())
            if (!tag.TryGetProperty("description", out var text) || string.IsNullOrWhiteSpace(text.GetString())) problems.Add($"tag {tag.GetProperty("name")}: no description");
        Assert.True(problems.Count == 0, $"{problems.Count} problems in {count} operations:\n" + string.Join("\n", problems));
        Assert.True(count > 60, $"only {count} operations described");
    }

    /// <summary>
    /// Every /api handler declares what it answers (a DTO, or TypedResults in a Results&lt;…&gt; union): never a bare
    /// IResult, whose responses neither the compiler nor the OpenAPI document can see.
    /// </summary>
    [Fact]
    public void Every_api_handler_has_a_typed_result()
    {
        var untyped = new List<string>();
        var handlers = 0;
        foreach (var endpoint in factory.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>())
        {
            var route = "/" + endpoint.RoutePattern.RawText?.TrimStart('/');
            if (!route.StartsWith("/api/", StringComparison.Ordinal)) continue;
            if (endpoint.Metadata.GetMetadata<MethodInfo>() is not { } method) continue;
            handlers++;
            var type = method.ReturnType;
            if (type.IsGenericType && (type.GetGenericTypeDefinition() == typeof(Task<>) || type.GetGenericTypeDefinition() == typeof(ValueTask<>))) type = type.GetGenericArguments()[0];
            if (type == typeof(IResult) || type == typeof(object) || type == typeof(Task) || type == typeof(void))
                untyped.Add($"{string.Join(",", endpoint.Metadata.GetMetadata<IHttpMethodMetadata>()?.HttpMethods ?? [])} {route} → {method.ReturnType.Name}");
        }
        Assert.True(handlers > 60, $"only {handlers} handlers found");
        Assert.True(untyped.Count == 0, $"{untyped.Count} of {handlers} /api handlers answer an untyped result:\n" + string.Join("\n", untyped.Order()));
    }
}

/// <summary>Issue 21's small things: the API documentation leads back to the platform; the pages carry a favicon that is served.</summary>
public sealed class WayBackTests(AppFactory factory) : IClassFixture<AppFactory>
{
    [Fact]
    public async Task The_api_documentation_links_back_and_the_favicon_is_served()
    {
        var ct = TestContext.Current.CancellationToken;
        var client = factory.CreateClient();
        using var document = JsonDocument.Parse(await client.GetStringAsync("/openapi/v1.json", ct));
        Assert.Contains("](/)", document.RootElement.GetProperty("info").GetProperty("description").GetString());
        Assert.Contains("rel=\"icon\" href=\"/favicon.svg\"", await client.GetStringAsync("/account/login", ct));
        using var icon = await client.GetAsync("/favicon.svg", ct);
        Assert.True(icon.IsSuccessStatusCode);
        Assert.Equal("image/svg+xml", icon.Content.Headers.ContentType?.MediaType);
    }
}
