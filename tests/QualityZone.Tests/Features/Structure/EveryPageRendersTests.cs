using System.Linq.Expressions;
using System.Net;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using QualityZone.Infrastructure.Auth;
using QualityZone.Infrastructure.Data;
using QualityZone.Tests.Infrastructure;

namespace QualityZone.Tests.Features.Structure;

/// <summary>
/// Signs in as each role of the demo zone and requests every GET page and every GET API operation
/// that role may use (read from the endpoint data source and the permission declarations), with
/// route values taken from the demo data the role can see. None may answer 5xx or end on the error
/// page; a page of a record the role can see must not answer 404 either.
/// </summary>
public sealed partial class EveryPageRendersTests(DemoZoneFactory factory) : IClassFixture<DemoZoneFactory>
{
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
            var urls = await ConcreteUrlsAsync(pattern, enterpriseId, culture);
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

    /// <summary>
    /// The URLs to request for a pattern: the pattern itself when it has no parameters; with an
    /// optional id both without it (a new record) and with one; null when the role can see no
    /// record to fill a required value with.
    /// </summary>
    private async Task<IReadOnlyList<string>?> ConcreteUrlsAsync(string pattern, Guid? enterpriseId, string culture)
    {
        var urls = new List<string>();
        var withoutOptional = OptionalParameter().Replace(pattern, "");
        if (withoutOptional != pattern && !Parameter().IsMatch(withoutOptional)) urls.Add(withoutOptional);
        var values = await ValuesForAsync(pattern, enterpriseId);
        if (values is null) return urls.Count > 0 ? urls : null;
        var filled = Parameter().Replace(pattern, m => values[m.Groups[1].Value]);
        urls.Add(filled);
        return urls;
    }

    /// <summary>
    /// Values for the route parameters of a pattern, chosen by what the pattern's resource is, among
    /// the records the role can see; a file of a record comes with the record's id.
    /// </summary>
    private async Task<Dictionary<string, string>?> ValuesForAsync(string pattern, Guid? enterpriseId)
    {
        await using var scope = factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var names = Parameter().Matches(pattern).Select(m => m.Groups[1].Value).ToList();
        Dictionary<string, string>? Pair(string? parent, string? child) =>
            parent is null || child is null ? null : new() { [names[0]] = parent, [names[1]] = child };
        var mine = enterpriseId;
        switch (names.LastOrDefault())
        {
            case "certificateId":
                var certificate = await db.Certificates.Where(c => c.FileSha256 != null && (mine == null || c.EnterpriseId == mine)).Select(c => new { c.EnterpriseId, c.Id }).FirstOrDefaultAsync();
                return Pair(certificate?.EnterpriseId.ToString(), certificate?.Id.ToString());
            case "letterId":
                var letter = await db.CommitmentLetters.Where(l => mine == null || l.EnterpriseId == mine).Select(l => new { l.EnterpriseId, l.Id }).FirstOrDefaultAsync();
                return Pair(letter?.EnterpriseId.ToString(), letter?.Id.ToString());
            case "eventId":
                var evt = await db.EnterpriseEvents.Where(e => e.EvidenceFileName != null && (mine == null || e.EnterpriseId == mine)).Select(e => new { e.EnterpriseId, e.Id }).FirstOrDefaultAsync();
                return Pair(evt?.EnterpriseId.ToString(), evt?.Id.ToString());
            case "itemId":
                var item = await (from i in db.Set<QualityZone.Features.Admission.ApplicationItem>()
                                  join a in db.AdmissionApplications on i.ApplicationId equals a.Id
                                  where i.FileSha256 != null && (mine == null || a.EnterpriseId == mine)
                                  select new { a.Id, ItemId = i.Id }).FirstOrDefaultAsync();
                return Pair(item?.Id.ToString(), item?.ItemId.ToString());
            case "answerId":
                var answer = await db.InspectionAnswers.Where(a => a.PhotoFileName != null && (mine == null || db.InspectionRecords.Any(r => r.Id == a.RecordId && r.EnterpriseId == mine)))
                    .Select(a => (Guid?)a.Id).FirstOrDefaultAsync();
                return answer is null ? null : new() { ["answerId"] = answer.Value.ToString() };
        }
        var values = new Dictionary<string, string>();
        foreach (var name in names)
        {
            var value = await ValueForAsync(db, pattern, name, enterpriseId);
            if (value is null) return null;
            values[name] = value;
        }
        return values;
    }

    private static async Task<string?> ValueForAsync(AppDbContext db, string pattern, string parameter, Guid? enterpriseId)
    {
        switch (parameter)
        {
            case "number": return "2";
            case "measure": return "1";
            case "documentName": return "v1";
        }
        // The id of the resource the route names, from the path segment before it.
        var resource = pattern.Split('/', StringSplitOptions.RemoveEmptyEntries).TakeWhile(s => !s.StartsWith('{')).LastOrDefault(s => s != "edit" && s != "api");
        if (pattern.StartsWith("/admin/users/edit", StringComparison.Ordinal))
            return await db.Users.Where(u => u.Email == "market@demo.qz").Select(u => u.Id).SingleAsync();
        return resource switch
        {
            "enterprises" => enterpriseId?.ToString() ?? await FirstIdAsync(db.Enterprises, null),
            "suppliers" => await FirstIdAsync(db.Suppliers, enterpriseId),
            "ledger" or "material-lots" => await FirstIdAsync(db.MaterialLots, enterpriseId),
            "batches" => await FirstIdAsync(db.ProductionBatches, enterpriseId),
            "shipments" => await FirstIdAsync(db.Shipments, enterpriseId),
            "trace-requests" => await FirstIdAsync(db.TraceRequests, enterpriseId),
            "risks" => await FirstIdAsync(db.RiskItems, enterpriseId),
            // An enterprise sees the response cases it is invited to, and no inspection round (only its own record).
            "tbt" => await FirstIdAsync(db.TbtCases.Where(c => enterpriseId == null || c.Invitations.Any(i => i.EnterpriseId == enterpriseId)), null),
            "notices" => await FirstIdAsync(db.Notices.Where(n => n.Status == QualityZone.Features.Portal.NoticeStatus.Published), null),
            "manage" => await FirstIdAsync(db.Notices, null),
            "attachments" => await FirstIdAsync(db.NoticeAttachments, null),
            "notice-feeds" => await FirstIdAsync(db.NoticeFeedSources, null),
            "meetings" => await FirstIdAsync(db.JointMeetings, null),
            "rounds" => enterpriseId is null ? await FirstIdAsync(db.InspectionRounds, null) : null,
            "records" => await FirstIdAsync(db.InspectionRecords, enterpriseId),
            "checklists" => await FirstIdAsync(db.ChecklistTemplates, null),
            "returns" or "export-returns" => await FirstIdAsync(db.ExportReturns, enterpriseId),
            "admission" => await FirstIdAsync(db.AdmissionApplications, enterpriseId),
            "actions" => await FirstIdAsync(db.CorrectiveActions, enterpriseId),
            "evidence" => await FirstIdAsync(db.EvidenceFiles, null),
            "tasks" => "2",
            _ => throw new InvalidOperationException($"EveryPageRendersTests does not know which record fills {{{parameter}}} of {pattern}: add it to ValueForAsync"),
        };
    }

    /// <summary>The first record's id, among the enterprise's own when the entity belongs to an enterprise and the role is an enterprise.</summary>
    private static async Task<string?> FirstIdAsync<T>(IQueryable<T> query, Guid? enterpriseId) where T : class
    {
        var entity = Expression.Parameter(typeof(T), "e");
        if (enterpriseId is { } owner && typeof(T).GetProperty("EnterpriseId") is { } property)
        {
            var equals = Expression.Equal(Expression.Convert(Expression.Property(entity, property), typeof(Guid?)), Expression.Constant(owner, typeof(Guid?)));
            query = query.Where(Expression.Lambda<Func<T, bool>>(equals, entity));
        }
        var id = Expression.Lambda<Func<T, Guid>>(Expression.Property(entity, "Id"), entity);
        var ids = await query.AsNoTracking().Select(id).Take(1).ToListAsync();
        return ids.Count == 0 ? null : ids[0].ToString();
    }

    [GeneratedRegex(@"/\{[^}]+\?\}")]
    private static partial Regex OptionalParameter();

    [GeneratedRegex(@"\{([a-zA-Z]+)[^}]*\}")]
    private static partial Regex Parameter();
}

internal static class ResponseChecks
{
    public static void EnsureSuccessOrRedirect(this HttpResponseMessage response)
    {
        if ((int)response.StatusCode >= 400) throw new InvalidOperationException($"{response.RequestMessage?.RequestUri}: {(int)response.StatusCode}");
    }
}
