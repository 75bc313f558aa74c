using System.IO.Compression;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using QualityZone.Features.Meetings;
using QualityZone.Infrastructure.Auth;
using QualityZone.Infrastructure.Demo;
using QualityZone.Tests.Infrastructure;

namespace QualityZone.Tests.Features.Acceptance;

/// <summary>The acceptance self-assessment: weights, evidence gathered, scores, readiness, the dossier; on SQLite and PostgreSQL.</summary>
public abstract class AcceptanceTests<TFactory>(TFactory factory) where TFactory : AppFactory
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { Converters = { new System.Text.Json.Serialization.JsonStringEnumConverter() } };
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static IEnumerable<JsonElement> Items(JsonElement sheet) => sheet.GetProperty("blocks").EnumerateArray().SelectMany(b => b.GetProperty("items").EnumerateArray());

    private static JsonElement Item(JsonElement sheet, string code) => Items(sheet).Single(i => i.GetProperty("code").GetString() == code);

    [Fact]
    public async Task Evidence_is_gathered_scores_are_checked_and_readiness_adds_up()
    {
        factory.RequireDatabase();
        var office = factory.CreateTokenClient(await factory.CreateTokenAsync(await factory.CreateUserAsync(Roles.ZoneAdmin)));
        var sheet = await office.GetFromJsonAsync<JsonElement>("/api/acceptance", Ct);
        Assert.Equal(100m, sheet.GetProperty("weight").GetDecimal());
        Assert.Equal(6, sheet.GetProperty("blocks").GetArrayLength());

        // Meetings held with minutes are the evidence of 2.1, counted as the database holds them.
        await factory.WithDbAsync(async db =>
        {
            db.JointMeetings.Add(new JointMeeting { Title = "验收测试联席会议", ScheduledAt = DateTimeOffset.UtcNow.AddDays(-3), Minutes = "会议纪要", State = MeetingState.Held, CreatedBy = "测试", CreatedAt = DateTimeOffset.UtcNow });
            await db.SaveChangesAsync(Ct);
        });
        var held = await factory.WithDbAsync(db => db.JointMeetings.CountAsync(m => m.State == MeetingState.Held && m.Minutes != null, Ct));
        var taskFiles = await factory.WithDbAsync(db => db.EvidenceFiles.CountAsync(e => e.Measure!.TaskNumber == 4 || e.Measure!.TaskNumber == 5, Ct));
        sheet = await office.GetFromJsonAsync<JsonElement>("/api/acceptance", Ct);
        var meetings = Item(sheet, "2.1");
        Assert.Equal(held + taskFiles, meetings.GetProperty("evidence").GetInt32());
        Assert.Equal(8, meetings.GetProperty("required").GetInt32());
        Assert.Equal(held + taskFiles >= 8 ? "Sufficient" : "Weak", meetings.GetProperty("strength").GetString());
        var entries = await office.GetFromJsonAsync<JsonElement>($"/api/acceptance/items/{meetings.GetProperty("id").GetGuid()}/evidence", Ct);
        Assert.Contains(entries.EnumerateArray(), e => e.GetProperty("title").GetString() == "验收测试联席会议");

        // Commitment letters must cover every enterprise in the zone: the item needs one per admitted enterprise.
        var admitted = await factory.WithDbAsync(db => db.Enterprises.CountAsync(e => e.AdmittedOn != null && (e.State == QualityZone.Features.Enterprises.EnterpriseState.Admitted
            || e.State == QualityZone.Features.Enterprises.EnterpriseState.Watch || e.State == QualityZone.Features.Enterprises.EnterpriseState.Suspended), Ct));
        Assert.Equal(Math.Max(10, admitted), Item(sheet, "2.3").GetProperty("required").GetInt32());

        // Readiness per block and overall, recomputed here from the items' weights, evidence and needs.
        foreach (var block in sheet.GetProperty("blocks").EnumerateArray())
        {
            var items = block.GetProperty("items").EnumerateArray().ToList();
            var weight = items.Sum(i => i.GetProperty("weight").GetDecimal());
            var proved = items.Sum(i => i.GetProperty("weight").GetDecimal() * Math.Min(1m, (decimal)i.GetProperty("evidence").GetInt32() / Math.Max(1, i.GetProperty("required").GetInt32())));
            Assert.Equal(Math.Round(100m * proved / weight, 1), block.GetProperty("readiness").GetDecimal());
        }
        Assert.Equal(Items(sheet).Count(i => i.GetProperty("strength").GetString() != "Sufficient"), sheet.GetProperty("gaps").GetArrayLength());

        // The responsible department scores its item, within the weight; another department cannot; a stale form is refused.
        var item = Item(sheet, "3.1");
        var id = item.GetProperty("id").GetGuid();
        var ciq = factory.CreateTokenClient(await factory.CreateTokenAsync(await factory.CreateUserAsync(Roles.DepartmentStaff, "ciq")));
        var commerce = factory.CreateTokenClient(await factory.CreateTokenAsync(await factory.CreateUserAsync(Roles.DepartmentStaff, "commerce")));
        var version = item.GetProperty("version").GetInt32();
        var other = await commerce.PutAsJsonAsync($"/api/acceptance/items/{id}/self-score", new { score = 5, version }, Json, Ct);
        Assert.Equal(HttpStatusCode.Forbidden, other.StatusCode);
        Assert.Contains("其他责任部门", await other.Content.ReadAsStringAsync(Ct));
        var over = await ciq.PutAsJsonAsync($"/api/acceptance/items/{id}/self-score", new { score = 8, version }, Json, Ct);
        Assert.Equal(HttpStatusCode.BadRequest, over.StatusCode);
        Assert.Contains("0 到 7", await over.Content.ReadAsStringAsync(Ct));
        Assert.Equal(HttpStatusCode.NoContent, (await ciq.PutAsJsonAsync($"/api/acceptance/items/{id}/self-score", new { score = 6.5, version }, Json, Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, (await ciq.PutAsJsonAsync($"/api/acceptance/items/{id}/self-score", new { score = 6, version }, Json, Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await ciq.PutAsJsonAsync($"/api/acceptance/items/{id}/review", new { score = 6, version = version + 1 }, Json, Ct)).StatusCode);
        Assert.Equal(6.5m, Item(await office.GetFromJsonAsync<JsonElement>("/api/acceptance", Ct), "3.1").GetProperty("selfScore").GetDecimal());

        // Weights that do not add up to 100 are refused whole.
        var weights = Items(sheet).Select(i => new { id = i.GetProperty("id").GetGuid(), weight = i.GetProperty("weight").GetDecimal() }).ToList();
        var bad = weights.Select((w, n) => n == 0 ? w with { weight = w.weight + 3 } : w).ToList();
        var refused = await office.PutAsJsonAsync("/api/acceptance/weights", bad, Json, Ct);
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.Contains("现为 103", await refused.Content.ReadAsStringAsync(Ct));
        Assert.Equal(100m, (await office.GetFromJsonAsync<JsonElement>("/api/acceptance", Ct)).GetProperty("weight").GetDecimal());
        var moved = weights.Select((w, n) => n == 0 ? w with { weight = w.weight + 1 } : n == 1 ? w with { weight = w.weight - 1 } : w).ToList();
        Assert.Equal(HttpStatusCode.NoContent, (await office.PutAsJsonAsync("/api/acceptance/weights", moved, Json, Ct)).StatusCode);

        var enterprise = factory.CreateTokenClient(await factory.CreateTokenAsync(await factory.CreateUserAsync(Roles.EnterpriseUser, enterpriseId: await factory.CreateEnterpriseAsync("验收隔离测试企业"))));
        Assert.Equal(HttpStatusCode.Forbidden, (await enterprise.GetAsync("/api/acceptance", Ct)).StatusCode);
    }

    [Fact]
    public async Task The_dossier_holds_every_evidence_file_under_its_item_as_the_catalogue_lists_it()
    {
        factory.RequireDatabase();
        var officeEmail = await factory.CreateUserAsync(Roles.ZoneAdmin);
        var office = await factory.SignInAsync(officeEmail);
        var token = factory.CreateTokenClient(await factory.CreateTokenAsync(officeEmail));
        var item = Item(await token.GetFromJsonAsync<JsonElement>("/api/acceptance", Ct), "5.1").GetProperty("id").GetGuid();

        // An uploaded document, through the item's page.
        var content = DemoSeeder.MinimalPdf("testing center capability list");
        using var form = new MultipartFormDataContent
        {
            { new StringContent(await AppFactory.AntiforgeryTokenAsync(office, $"/acceptance/items/{item}")), "__RequestVerificationToken" },
            { new ByteArrayContent(content) { Headers = { ContentType = new MediaTypeHeaderValue("application/pdf") } }, "file", "检测能力清单.pdf" },
            { new StringContent("检测中心能力表"), "description" },
        };
        var upload = await office.PostAsync($"/acceptance/items/{item}?handler=Upload", form, Ct);
        Assert.Equal(HttpStatusCode.Redirect, upload.StatusCode);

        // Over the configured limit, refused before anything is built.
        var configuration = factory.Services.GetRequiredService<IConfiguration>();
        configuration["Acceptance:DossierMaxBytes"] = "10";
        try
        {
            var refused = await token.GetAsync("/acceptance/dossier.zip", Ct);
            Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
            Assert.Contains("超过上限", await refused.Content.ReadAsStringAsync(Ct));
        }
        finally { configuration["Acceptance:DossierMaxBytes"] = null; }

        var response = await token.GetAsync("/acceptance/dossier.zip", Ct);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var zip = new ZipArchive(new MemoryStream(await response.Content.ReadAsByteArrayAsync(Ct)));
        var names = zip.Entries.Select(e => e.FullName).ToList();
        Assert.Contains("00 目录.docx", names);
        Assert.Contains("00 目录.pdf", names);
        var uploaded = names.Single(n => n.EndsWith("检测能力清单.pdf", StringComparison.Ordinal));
        Assert.StartsWith("5. 公共服务体系/5.1 ", uploaded);
        await using (var stream = zip.GetEntry(uploaded)!.Open())
        using (var copy = new MemoryStream())
        {
            await stream.CopyToAsync(copy, Ct);
            Assert.Equal(content, copy.ToArray());
        }

        // The catalogue (Word) lists exactly the files of the zip, under the same paths; the PDF says the same.
        byte[] docx;
        await using (var stream = zip.GetEntry("00 目录.docx")!.Open())
        using (var copy = new MemoryStream())
        {
            await stream.CopyToAsync(copy, Ct);
            docx = copy.ToArray();
        }
        string xml;
        using (var word = new ZipArchive(new MemoryStream(docx)))
        using (var reader = new StreamReader(word.GetEntry("word/document.xml")!.Open()))
            xml = System.Net.WebUtility.HtmlDecode(await reader.ReadToEndAsync(Ct));
        var files = names.Where(n => !n.StartsWith("00 ", StringComparison.Ordinal)).ToList();
        Assert.NotEmpty(files);
        foreach (var name in files) Assert.Contains($">{name}<", xml);
        Assert.Equal(files.Count, System.Text.RegularExpressions.Regex.Matches(xml, @">\d\. [^<>/]+/[^<>/]+/\d\d [^<>]+<").Count);
        byte[] pdf;
        await using (var stream = zip.GetEntry("00 目录.pdf")!.Open())
        using (var copy = new MemoryStream())
        {
            await stream.CopyToAsync(copy, Ct);
            pdf = copy.ToArray();
        }
        var text = await PdfText.ReadAsync(pdf);
        Assert.Contains("验收材料目录", text);
        Assert.Contains("5.公共服务体系", text);
        Assert.Contains("检测能力清单.pdf", text);
        await LibreOffice.AssertOpensAsync(docx, ".docx");
    }
}

public sealed class AcceptanceSqliteTests(AppFactory factory) : AcceptanceTests<AppFactory>(factory), IClassFixture<AppFactory>;

public sealed class AcceptancePostgresTests(PostgresAppFactory factory) : AcceptanceTests<PostgresAppFactory>(factory), IClassFixture<PostgresAppFactory>;
