using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using QualityZone.Infrastructure.Auth;
using QualityZone.Infrastructure.Demo;
using QualityZone.Tests.Infrastructure;

namespace QualityZone.Tests.Features.Epcis;

/// <summary>The demo's planted recall shipment (docs/user-guide.md) handed to a buyer as EPCIS and read back (issue 20).</summary>
[Collection(DemoZoneCollection.Name)]
public sealed class EpcisDemoTests(DemoZoneFactory factory)
{
    [Fact]
    public async Task The_planted_recall_shipment_exported_as_EPCIS_and_captured_into_an_empty_enterprise_gives_the_same_backward_trace()
    {
        var ct = TestContext.Current.CancellationToken;
        var (enterpriseId, candidates) = await factory.WithDbAsync(async db =>
        {
            var lot = await db.MaterialLots.Where(l => l.LotNumber == DemoTrace.StoryLot).Select(l => new { l.EnterpriseId }).FirstAsync(ct);
            var shipments = await db.Shipments.Where(s => s.EnterpriseId == lot.EnterpriseId && s.CountryCode == "DE").OrderBy(s => s.ShippedOn).Select(s => s.Id).ToListAsync(ct);
            return (lot.EnterpriseId, shipments);
        });
        var account = await factory.WithDbAsync(db => db.Users.Where(u => u.EnterpriseId == enterpriseId && u.Email!.EndsWith("@demo.qz")).Select(u => u.Email!).FirstAsync(ct));
        var owner = await factory.SignInAsync(account);
        Guid? planted = null;
        foreach (var id in candidates)
        {
            var trace = await owner.GetFromJsonAsync<JsonElement>($"/api/trace/shipments/{id}", ct);
            if (trace.GetProperty("lots").EnumerateArray().Any(l => l.GetProperty("lotNumber").GetString() == DemoTrace.StoryLot)) { planted = id; break; }
        }
        Assert.NotNull(planted);

        // From the trace page, as the enterprise's staff would.
        var page = await owner.GetStringAsync($"/trace/backward?shipment={planted}", ct);
        Assert.Contains($"/epcis/shipments/{planted}/events", page);
        using var exported = await owner.GetAsync($"/epcis/shipments/{planted}/events", ct);
        var document = await exported.Content.ReadAsStringAsync(ct);
        Assert.True(exported.StatusCode == HttpStatusCode.OK, document);
        var events = JsonNode.Parse(document)!["epcisBody"]!["eventList"]!.AsArray();
        Assert.Contains(events, e => e!["quantityList"]?.AsArray().Any(q => q!["epcClass"]!.ToString().EndsWith(":" + Uri.EscapeDataString(DemoTrace.StoryLot))) == true);

        var buyer = await factory.CreateEnterpriseAsync("奉化EPCIS演示导入测试有限公司");
        var client = factory.CreateTokenClient(await factory.CreateTokenAsync(await factory.CreateUserAsync(Roles.EnterpriseUser, enterpriseId: buyer)));
        using var content = new StringContent(document, Encoding.UTF8, "application/ld+json");
        using var response = await client.PostAsync("/epcis/capture", content, ct);
        Assert.True(response.StatusCode == HttpStatusCode.Accepted, await response.Content.ReadAsStringAsync(ct));
        var copy = await factory.WithDbAsync(db => db.Shipments.Where(s => s.EnterpriseId == buyer).Select(s => s.Id).SingleAsync(ct));
        Assert.Equal(await EpcisTests<AppFactory>.TraceAsync(owner, planted!.Value), await EpcisTests<AppFactory>.TraceAsync(client, copy));
    }
}
