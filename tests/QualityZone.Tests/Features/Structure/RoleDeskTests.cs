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
    /// Issue 21: the office, a department, customs/inspection, the association and the testing center land on their own
    /// to-dos: the badge is the list's sum, each line counted as the database says and each link opens for that role.
    /// </summary>
    [Theory]
    [InlineData("office@demo.qz")]
    [InlineData("market@demo.qz")]
    [InlineData("ciq@demo.qz")]
    [InlineData("association@demo.qz")]
    [InlineData("testing@demo.qz")]
    public async Task Each_staff_desk_lists_its_own_to_dos_counted_and_linked(string email)
    {
        var ct = TestContext.Current.CancellationToken;
        var client = await factory.SignInAsync(email);
        var desk = await AppFactory.GetDocumentAsync(client, "/");
        var items = desk.QuerySelectorAll("[data-testid=todo-list] li[data-count]").ToList();
        int Count(string id) => items.SingleOrDefault(i => i.GetAttribute("data-testid") == id) is { } li ? int.Parse(li.GetAttribute("data-count")!) : 0;
        Assert.Equal(items.Sum(i => int.Parse(i.GetAttribute("data-count")!)), int.Parse(desk.QuerySelector("[data-testid=todo-list] h2 .badge")!.TextContent));
        Assert.NotEmpty(items); // the demo zone gives every role work waiting

        // Counted independently of the desk's queries, per role.
        var user = await factory.WithDbAsync(db => db.Users.Where(u => u.Email == email).Select(u => new { u.Id, u.DepartmentId }).SingleAsync(ct));
        var code = await factory.WithDbAsync(db => db.Departments.Where(d => d.Id == user.DepartmentId).Select(d => d.Code).SingleAsync(ct));
        var submitted = await factory.WithDbAsync(db => db.AdmissionApplications.Where(a => a.State == QualityZone.Features.Admission.ApplicationState.Submitted)
            .Select(a => a.Reviews.Select(r => r.Reviewer).ToList()).ToListAsync(ct));
        switch (code)
        {
            case "ciq" or "association":
                Assert.Equal(submitted.Count(r => !r.Contains(code)), Count("admission-opinions"));
                break;
            case "zone-office":
                Assert.Equal(submitted.Count(r => r.Contains("ciq") && r.Contains("association")), Count("admission-decisions"));
                break;
            case "testing-center":
                Assert.Equal(await factory.WithDbAsync(db => db.TestRequests.CountAsync(r => r.State == QualityZone.Features.Testing.RequestState.InReview, ct)), Count("reports-to-review"));
                Assert.Equal(await factory.WithDbAsync(db => db.TestRequests.CountAsync(r => r.State == QualityZone.Features.Testing.RequestState.Submitted, ct)), Count("samples-to-receive"));
                break;
        }
        if (code is not ("zone-office" or "testing-center" or "association"))
        {
            var open = await factory.WithDbAsync(db => db.CorrectiveActions.CountAsync(a => a.OwnerDepartmentId == user.DepartmentId
                && (a.State == QualityZone.Features.Actions.ActionState.Open || a.State == QualityZone.Features.Actions.ActionState.InProgress), ct));
            Assert.Equal(open, Count("owned-actions"));
        }
        if (code == "association")
            Assert.Equal(await factory.WithDbAsync(db => db.Notices.CountAsync(n => n.Status == QualityZone.Features.Portal.NoticeStatus.InReview, ct)), Count("notices-in-review"));

        foreach (var link in items.Select(i => i.QuerySelector("a")!.GetAttribute("href")!))
        {
            using var response = await client.GetAsync(link, ct);
            Assert.True(response.StatusCode == System.Net.HttpStatusCode.OK, $"{email} {link}: {(int)response.StatusCode}");
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
