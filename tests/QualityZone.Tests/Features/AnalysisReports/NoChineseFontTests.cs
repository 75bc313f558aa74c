using System.IO.Compression;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Hosting;
using Microsoft.EntityFrameworkCore;
using QualityZone.Features.Training;
using QualityZone.Infrastructure.Auth;
using QualityZone.Infrastructure.Demo;
using QualityZone.Tests.Infrastructure;

namespace QualityZone.Tests.Features.AnalysisReports;

/// <summary>A server on which no Chinese TrueType font is installed (a fresh Debian machine): the font setting names a file that does not exist.</summary>
public sealed class NoChineseFontFactory : AppFactory
{
    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.UseSetting("Documents:FontFile", Path.Combine(Path.GetTempPath(), "qz-no-such-font.ttf"));
    }
}

/// <summary>
/// Without a Chinese font the PDFs cannot be written (they would embed boxes), but everything else works: the report's Word
/// file is generated with its tables and a line where each chart would be, and a PDF is refused with the reason. On a
/// fresh machine generating a report (and so seed-demo) failed on the first chart.
/// </summary>
public sealed class NoChineseFontTests(NoChineseFontFactory factory) : IClassFixture<NoChineseFontFactory>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;
    private static DateOnly Today => DateOnly.FromDateTime(DateTime.UtcNow.AddHours(8));

    [Fact]
    public async Task The_report_is_written_in_Word_without_its_charts_and_the_PDFs_are_refused_with_the_reason()
    {
        var enterprise = await factory.CreateEnterpriseAsync("奉化无字体测试气动有限公司");
        await factory.WithDbAsync(async db =>
        {
            var e = await db.Enterprises.SingleAsync(x => x.Id == enterprise, Ct);
            e.Admit("FH-NF-" + Random.Shared.Next(100000, 999999), new DateOnly(2020, 1, 1), "测试", null, "测试", DateTimeOffset.UtcNow);
            await db.SaveChangesAsync(Ct);
        });
        await factory.WithDbAsync(db => new DemoReturns(db).SeedAsync(new Random(11), Today, 8, 3, Ct));
        var office = factory.CreateTokenClient(await factory.CreateTokenAsync(await factory.CreateUserAsync(Roles.ZoneAdmin)));
        var (from, to) = Today.Month <= 6 ? ($"{Today.Year}-01", $"{Today.Year}-06") : ($"{Today.Year}-07", $"{Today.Year}-12");
        var created = await office.PostAsJsonAsync("/api/reports", new { fromPeriod = from, toPeriod = to }, Ct);
        Assert.True(created.StatusCode == HttpStatusCode.Created, await created.Content.ReadAsStringAsync(Ct));
        var reportId = (await created.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("id").GetGuid();

        var generated = await office.PostAsync($"/api/reports/{reportId}/versions", null, Ct);
        Assert.True(generated.StatusCode == HttpStatusCode.Created, await generated.Content.ReadAsStringAsync(Ct));
        var docx = await office.GetByteArrayAsync($"/reports/{reportId}/files/1.docx", Ct);
        using (var zip = new ZipArchive(new MemoryStream(docx)))
        {
            Assert.DoesNotContain(zip.Entries, e => e.FullName.EndsWith(".png", StringComparison.Ordinal));
            using var reader = new StreamReader(zip.GetEntry("word/document.xml")!.Open());
            var xml = await reader.ReadToEndAsync(Ct);
            Assert.Contains("服务器未安装中文字体，本图未绘制", xml);
            Assert.Contains("出口产品质量分析报告", xml);
        }
        await LibreOffice.AssertOpensAsync(docx, ".docx");
        Assert.Equal(HttpStatusCode.NotFound, (await office.GetAsync($"/reports/{reportId}/files/1.pdf", Ct)).StatusCode);

        // A training certificate: the Word file as always, the PDF refused with the reason (it was the error page).
        var organizer = await factory.DepartmentIdAsync("market-supervision");
        var registration = await factory.WithDbAsync(async db =>
        {
            var session = new TrainingSession
            {
                Title = "无字体证书测试", Trainer = "测试讲师", OrganizerDepartmentId = organizer, CheckInCode = "NF1234", CreatedBy = "测试",
                StartsAt = DateTimeOffset.UtcNow.AddHours(-3), EndsAt = DateTimeOffset.UtcNow.AddHours(-1), Capacity = 10, QuotaPerEnterprise = 2,
            };
            var r = new TrainingRegistration
            {
                SessionId = session.Id, EnterpriseId = enterprise, ParticipantName = "张三", RegisteredBy = "测试", State = RegistrationState.Registered, AttendedAt = DateTimeOffset.UtcNow.AddHours(-2), Score = 100,
                CertificateNumber = "PX-2026-" + Random.Shared.Next(1000, 9999), CertificateCode = "NOFONT01", CertificateIssuedAt = DateTimeOffset.UtcNow,
            };
            db.AddRange(session, r);
            await db.SaveChangesAsync(Ct);
            return r.Id;
        });
        await LibreOffice.AssertOpensAsync(await office.GetByteArrayAsync($"/training/certificates/{registration}.docx", Ct), ".docx");
        var pdf = await office.GetAsync($"/training/certificates/{registration}.pdf", Ct);
        var body = await pdf.Content.ReadAsStringAsync(Ct);
        Assert.True(pdf.StatusCode == HttpStatusCode.ServiceUnavailable, $"{(int)pdf.StatusCode}: {body}");
        Assert.Contains("服务器未安装中文字体，无法生成 PDF", JsonDocument.Parse(body).RootElement.GetProperty("title").GetString());
    }
}
