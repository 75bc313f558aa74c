using System.Collections;
using System.Reflection;
using System.Security.Claims;
using System.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using QualityZone.Tests.Infrastructure;

namespace QualityZone.Tests.Features.Structure;

/// <summary>
/// Sends every API operation malformed input, as a careless or hostile client would: truncated and
/// deeply nested JSON, wrong types, numbers that overflow, nulls in arrays, dates in year 1 and 9999,
/// control characters and nonsense in query strings. Every answer must be a 4xx ProblemDetails (or
/// a success where the input is merely unusual), never a 5xx or HTML, and a refused request saves
/// nothing (the audit trail does not grow).
/// </summary>
[Collection(DemoZoneCollection.Name)]
public sealed class BadInputProbeTests(DemoZoneFactory factory)
{
    private readonly DemoRoutes routes = new(factory);

    [Theory]
    [InlineData("office@demo.qz")]
    [InlineData("enterprise1@demo.qz")]
    public async Task Malformed_requests_get_ProblemDetails_and_save_nothing(string account)
    {
        var ct = TestContext.Current.CancellationToken;
        var client = factory.CreateTokenClient(await factory.CreateTokenAsync(account));
        var enterpriseId = await factory.WithDbAsync(db => db.Users.Where(u => u.Email == account).Select(u => u.EnterpriseId).SingleAsync(ct));
        var failures = new List<string>();
        var sent = 0;
        foreach (var probe in await ProbesAsync(enterpriseId))
        {
            var auditBefore = await AuditCountAsync();
            using var request = new HttpRequestMessage(new HttpMethod(probe.Method), probe.Url);
            if (probe.Body is not null) request.Content = new StringContent(probe.Body, Encoding.UTF8, probe.ContentType);
            using var response = await client.SendAsync(request, ct);
            sent++;
            var status = (int)response.StatusCode;
            var body = await response.Content.ReadAsStringAsync(ct);
            var what = $"{probe.Method} {probe.Url} {Shorten(probe.Body)} → {status}";
            if (status >= 500) failures.Add($"{what} {Shorten(body)}");
            else if (status >= 400 && status != 404 && response.Content.Headers.ContentType?.MediaType != "application/problem+json")
                failures.Add($"{what} answered {response.Content.Headers.ContentType?.MediaType ?? "no content type"}, not ProblemDetails: {Shorten(body)}");
            else if (status >= 400 && await AuditCountAsync() != auditBefore)
                failures.Add($"{what} was refused but changed data");
        }
        Assert.True(failures.Count == 0, $"{failures.Count} of {sent} probes failed:{Environment.NewLine}" + string.Join(Environment.NewLine, failures));
        Assert.True(sent >= 100, $"only {sent} probes");
    }

    private static string Shorten(string? text) => text is null ? "" : text.Length > 160 ? text[..160] + "…" : text;

    // A token's last use is recorded on every call, refused or not; it is not business data.
    private Task<int> AuditCountAsync() => factory.WithDbAsync(db => db.AuditEntries.CountAsync(a => a.EntityType != nameof(QualityZone.Features.Accounts.ApiToken)));

    public sealed record Probe(string Method, string Url, string? Body = null, string ContentType = "application/json");

    /// <summary>Probes for every /api operation, built from its handler's parameters.</summary>
    private async Task<List<Probe>> ProbesAsync(Guid? enterpriseId)
    {
        var isService = factory.Services.GetRequiredService<IServiceProviderIsService>();
        var probes = new List<Probe>();
        foreach (var endpoint in factory.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>())
        {
            var pattern = "/" + endpoint.RoutePattern.RawText!.TrimStart('/');
            if (!pattern.StartsWith("/api/", StringComparison.Ordinal)) continue;
            if (endpoint.Metadata.GetMetadata<MethodInfo>() is not { } handler) continue;
            var method = endpoint.Metadata.GetMetadata<IHttpMethodMetadata>()!.HttpMethods.First();
            var urls = await routes.ConcreteUrlsAsync(pattern, enterpriseId);
            var url = urls?.LastOrDefault() ?? DemoRoutes.Parameter().Replace(pattern, m => m.Value.Contains(":int") ? "1" : Guid.Empty.ToString());
            // Malformed route values.
            if (pattern.Contains(":guid}", StringComparison.Ordinal)) probes.Add(new(method, DemoRoutes.Parameter().Replace(pattern, "not-a-guid")));
            if (pattern.Contains(":int}", StringComparison.Ordinal)) probes.Add(new(method, DemoRoutes.Parameter().Replace(pattern, "99999999999")));

            var routeNames = endpoint.RoutePattern.Parameters.Select(p => p.Name).ToHashSet(StringComparer.OrdinalIgnoreCase);
            foreach (var parameter in handler.GetParameters())
            {
                var type = Nullable.GetUnderlyingType(parameter.ParameterType) ?? parameter.ParameterType;
                if (routeNames.Contains(parameter.Name!) || IsInfrastructure(type) || isService.IsService(parameter.ParameterType)) continue;
                if (parameter.GetCustomAttribute<FromBodyAttribute>() is not null || (!IsSimple(type) && method is "POST" or "PUT"))
                {
                    if (IsFile(type)) continue;
                    foreach (var body in BodyProbes(type)) probes.Add(new(method, url, body));
                }
                else if (IsSimple(type))
                {
                    var separator = url.Contains('?') ? '&' : '?';
                    foreach (var value in QueryProbes(type)) probes.Add(new(method, $"{url}{separator}{parameter.Name}={value}"));
                }
            }
        }
        return probes;
    }

    private static bool IsInfrastructure(Type type) =>
        type == typeof(ClaimsPrincipal) || type == typeof(CancellationToken) || type == typeof(HttpContext) || type == typeof(HttpRequest) || type == typeof(HttpResponse);

    private static bool IsFile(Type type) => typeof(IFormFile).IsAssignableFrom(type) || type == typeof(IFormFileCollection) || type == typeof(IFormCollection);

    private static bool IsSimple(Type type) =>
        type.IsPrimitive || type.IsEnum || type == typeof(string) || type == typeof(decimal) || type == typeof(Guid) || type == typeof(DateOnly)
        || type == typeof(DateTime) || type == typeof(DateTimeOffset) || type == typeof(TimeOnly);

    private static IEnumerable<string> QueryProbes(Type type)
    {
        if (type == typeof(string)) return ["%00%01%1F", "9999-12", "0000-00", "'%3B--", new string('长', 3000), "%E4%B8"];
        if (type == typeof(Guid)) return ["not-a-guid"];
        if (type == typeof(DateOnly) || type == typeof(DateTime) || type == typeof(DateTimeOffset)) return ["0001-01-01", "9999-12-31", "2026-13-45"];
        if (type == typeof(bool)) return ["maybe"];
        if (type.IsEnum) return ["Nope", "999"];
        return ["abc", "-1", "0", "99999999999999999999", "1e28"];
    }

    /// <summary>Malformed documents, then each property of the request given a wrong value in turn.</summary>
    private static IEnumerable<string> BodyProbes(Type type)
    {
        yield return "{\"truncated\": ";
        yield return "not json at all";
        yield return "null";
        yield return "[]";
        yield return new string('[', 200) + new string(']', 200);
        yield return "{\"a\":" + string.Concat(Enumerable.Repeat("{\"a\":", 100)) + "1" + new string('}', 101);
        foreach (var property in type.GetProperties(BindingFlags.Public | BindingFlags.Instance).Where(p => p.CanWrite || type.GetConstructors().Any(c => c.GetParameters().Any(a => a.Name == p.Name))))
            foreach (var value in WrongValues(property.PropertyType))
                yield return $"{{\"{JsonName(property.Name)}\": {value}}}";
    }

    private static string JsonName(string name) => char.ToLowerInvariant(name[0]) + name[1..];

    private static IEnumerable<string> WrongValues(Type propertyType)
    {
        var type = Nullable.GetUnderlyingType(propertyType) ?? propertyType;
        if (type == typeof(string)) return ["12", "{}", "\"\\u0000\\u0001\"", "\"" + new string('长', 5000) + "\"", "\"9999-12\""];
        if (type == typeof(Guid)) return ["\"not-a-guid\"", "12"];
        if (type == typeof(DateOnly) || type == typeof(DateTime) || type == typeof(DateTimeOffset)) return ["\"0001-01-01\"", "\"9999-12-31\"", "\"2026-02-30\"", "12"];
        if (type == typeof(bool)) return ["\"yes\"", "2"];
        if (type.IsEnum) return ["\"Nope\"", "999"];
        if (type == typeof(decimal) || type == typeof(double) || type == typeof(float)) return ["\"abc\"", "1e28", "-1e28", "1e400"];
        if (type.IsPrimitive) return ["\"abc\"", "99999999999999999999", "-1", "2147483647"];
        if (type != typeof(string) && typeof(IEnumerable).IsAssignableFrom(type))
        {
            var element = type.IsArray ? type.GetElementType()! : type.GetGenericArguments().FirstOrDefault() ?? typeof(object);
            var wrong = new List<string> { "[null]", "\"x\"", "[{}]", "[" + string.Join(",", Enumerable.Repeat("null", 3)) + "]" };
            if (!IsSimple(Nullable.GetUnderlyingType(element) ?? element) && element != typeof(object))
                foreach (var property in element.GetProperties(BindingFlags.Public | BindingFlags.Instance))
                    foreach (var value in WrongValues(property.PropertyType).Take(3))
                        wrong.Add($"[{{\"{JsonName(property.Name)}\": {value}}}]");
            return wrong;
        }
        return ["\"x\"", "[1]"];
    }
}
