using Microsoft.EntityFrameworkCore;
using QualityZone.Tests.Infrastructure;

namespace QualityZone.Tests.Features.Structure;

/// <summary>Issue 21: an enterprise's dashboard counts every open item it has and links each (the demo zone's first enterprise).</summary>
[Collection(DemoZoneCollection.Name)]
public sealed class RoleDeskTests(DemoZoneFactory factory)
{
    [Fact]
    public async Task The_enterprise_desk_counts_every_open_item_and_each_link_opens()
    {
        var ct = TestContext.Current.CancellationToken;
        var enterpriseId = await factory.WithDbAsync(db => db.Users.Where(u => u.Email == "enterprise1@demo.qz").Select(u => u.EnterpriseId!.Value).SingleAsync(ct));
        var client = await factory.SignInAsync("enterprise1@demo.qz");
        var desk = await AppFactory.GetDocumentAsync(client, "/");
        var items = desk.QuerySelectorAll("[data-testid=todo-list] li[data-count]").ToList();
        var total = int.Parse(desk.QuerySelector("[data-testid=todo-count]")!.TextContent.Trim());
        // The figure is the list's sum, and the demo enterprise has work waiting (it said 待办 0 with actions and flagged lots open).
        Assert.Equal(items.Sum(i => int.Parse(i.GetAttribute("data-count")!)), total);
        Assert.True(total > 0);
        Assert.Contains(items, i => i.GetAttribute("data-testid") == "open-actions");
        // Counted independently: the open corrective actions and the unacknowledged alerts of this enterprise.
        int Count(string id) => items.SingleOrDefault(i => i.GetAttribute("data-testid") == id) is { } li ? int.Parse(li.GetAttribute("data-count")!) : 0;
        Assert.Equal(await factory.WithDbAsync(db => db.CorrectiveActions.CountAsync(a => a.EnterpriseId == enterpriseId
            && (a.State == QualityZone.Features.Actions.ActionState.Open || a.State == QualityZone.Features.Actions.ActionState.InProgress), ct)), Count("open-actions"));
        Assert.Equal(await factory.WithDbAsync(db => db.NoticeAlerts.CountAsync(a => a.EnterpriseId == enterpriseId && a.AcknowledgedAt == null, ct)), Count("unread-alerts"));
        foreach (var link in items.Select(i => i.QuerySelector("a")!.GetAttribute("href")!))
        {
            using var response = await client.GetAsync(link, ct);
            Assert.True((int)response.StatusCode is 200 or 302, $"{link}: {(int)response.StatusCode}");
            Assert.DoesNotContain("/account/", response.Headers.Location?.OriginalString ?? "");
        }
    }

    /// <summary>
    /// Issue 21: early-warning evidence and notifications are stored as messages and read in the reader's language — the
    /// office reading in English sees no Chinese in the evidence that carries no names (the demo's signals were computed
    /// by a job, not in the reader's language).
    /// </summary>
    [Fact]
    public async Task Early_warning_evidence_and_notifications_read_in_english_for_an_english_reader()
    {
        var ct = TestContext.Current.CancellationToken;
        var office = await factory.SignInAsync("office@demo.qz");
        await office.GetAsync("/culture/en", ct);
        var page = await AppFactory.GetDocumentAsync(office, "/risks/warnings");
        string[] nameless = ["MissingReturn", "LateReturn", "RisingNonconformity", "OverdueAction", "FlaggedLot", "TestFailure"];
        var evidence = page.QuerySelectorAll("li[data-kind]").Where(li => nameless.Contains(li.GetAttribute("data-kind"))).Select(li => li.TextContent.Trim()).ToList();
        Assert.NotEmpty(evidence);
        Assert.All(evidence, text => Assert.DoesNotMatch("[\\u4e00-\\u9fff]", text));
        var notifications = (await AppFactory.GetDocumentAsync(office, "/notifications")).QuerySelector("main")!.TextContent;
        Assert.Contains("Early warning", notifications, StringComparison.OrdinalIgnoreCase);
    }
}
