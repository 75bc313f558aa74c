using System.IO.Compression;
using System.Net;
using System.Text;
using Microsoft.Extensions.Configuration;
using QualityZone.Features.Traceability;
using QualityZone.Infrastructure.Auth;
using QualityZone.Infrastructure.Documents;
using QualityZone.Infrastructure.Files;
using QualityZone.Tests.Infrastructure;

namespace QualityZone.Tests.Features.Security;

/// <summary>
/// Issue 19, finding 1: a few hundred KB of ZIP that expands to hundreds of MiB. Every reader of an uploaded package
/// refuses it while decompressing, with a clear message, and holds only a buffer while it does.
/// </summary>
public sealed class DecompressionBombTests(AppFactory factory) : IClassFixture<AppFactory>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;
    private const int MiB = 1024 * 1024;

    /// <summary>A workbook whose only sheet has one inline-string cell of <paramref name="cellMiB"/> MiB of "A".</summary>
    private static byte[] WorkbookWithOneHugeCell(int cellMiB)
    {
        var output = new MemoryStream();
        using (var zip = new ZipArchive(output, ZipArchiveMode.Create, leaveOpen: true))
        {
            void Part(string name, string xml)
            {
                using var writer = new StreamWriter(zip.CreateEntry(name).Open(), new UTF8Encoding(false));
                writer.Write(xml);
            }
            Part("[Content_Types].xml", """<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>""");
            Part("_rels/.rels", """<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>""");
            Part("xl/workbook.xml", """<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="生产批次" sheetId="1" r:id="rId1"/></sheets></workbook>""");
            Part("xl/_rels/workbook.xml.rels", """<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>""");
            using var sheet = zip.CreateEntry("xl/worksheets/sheet1.xml", CompressionLevel.SmallestSize).Open();
            sheet.Write("""<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>批次号</t></is></c></row><row r="2"><c r="A2" t="inlineStr"><is><t>"""u8);
            var chunk = Enumerable.Repeat((byte)'A', MiB).ToArray();
            for (var i = 0; i < cellMiB; i++) sheet.Write(chunk);
            sheet.Write("</t></is></c></row></sheetData></worksheet>"u8);
        }
        return output.ToArray();
    }

    /// <summary>A .docx whose document part is <paramref name="mib"/> MiB of spaces inside one paragraph.</summary>
    private static byte[] DocumentOf(int mib)
    {
        var output = new MemoryStream();
        using (var zip = new ZipArchive(output, ZipArchiveMode.Create, leaveOpen: true))
        {
            using var part = zip.CreateEntry("word/document.xml", CompressionLevel.SmallestSize).Open();
            part.Write("""<?xml version="1.0" encoding="UTF-8"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body><w:p><w:r><w:t>"""u8);
            var chunk = Enumerable.Repeat((byte)' ', MiB).ToArray();
            for (var i = 0; i < mib; i++) part.Write(chunk);
            part.Write("</w:t></w:r></w:p></w:body></w:document>"u8);
        }
        return output.ToArray();
    }

    [Fact]
    public async Task A_workbook_with_a_300_MiB_cell_is_refused_by_the_traceability_import_with_a_clear_message()
    {
        factory.RequireDatabase();
        var bomb = WorkbookWithOneHugeCell(300);
        Assert.True(bomb.Length < 1 * MiB, $"the bomb is {bomb.Length / 1024} KB");

        var enterprise = await factory.CreateEnterpriseAsync("解压炸弹测试气动有限公司");
        var company = await factory.SignInAsNewUserAsync(Roles.EnterpriseUser, enterpriseId: enterprise);
        var token = await AppFactory.AntiforgeryTokenAsync(company, "/trace/import?kind=Batches");
        using var form = new MultipartFormDataContent
        {
            { new StringContent(token), "__RequestVerificationToken" }, { new StringContent("Batches"), "kind" }, { new ByteArrayContent(bomb), "file", "batches.xlsx" },
        };
        var response = await company.PostAsync("/trace/import", form, Ct);
        var page = new AngleSharp.Html.Parser.HtmlParser().ParseDocument(await response.Content.ReadAsStringAsync(Ct));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var errors = page.QuerySelector("[data-testid=import-errors]")?.TextContent ?? "";
        Assert.Contains("单元格内容超过 32767 个字符", errors);
        Assert.Null(page.QuerySelector("[data-testid=import-success]"));
    }

    [Fact]
    public void The_check_holds_a_buffer_not_the_cell()
    {
        var bomb = new MemoryStream(WorkbookWithOneHugeCell(300));
        var before = GC.GetAllocatedBytesForCurrentThread();
        var problem = PackageLimits.Workbook(TraceImport.MaxRows).Check(bomb);
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.NotNull(problem);
        Assert.Contains("32767", problem);
        // Reading the cell into a string would allocate 600 MiB (UTF-16); the check reads in 4 K-character chunks.
        Assert.True(allocated < 16 * MiB, $"the check allocated {allocated / MiB} MiB");
        Assert.Equal(0, bomb.Position);
    }

    [Fact]
    public void A_sheet_with_more_rows_than_the_import_takes_is_refused_before_it_is_read()
    {
        var rows = new MemoryStream();
        MiniExcelLibs.MiniExcel.SaveAs(rows, Enumerable.Range(0, 1_001).Select(i => new Dictionary<string, object> { ["批次号"] = $"B{i}" }));
        Assert.Contains("1000", PackageLimits.Workbook(1_000).Check(rows));
        Assert.Null(PackageLimits.Workbook(1_001).Check(rows));
    }

    [Fact]
    public async Task An_uploaded_document_that_expands_beyond_the_limit_is_not_stored()
    {
        var directory = Directory.CreateTempSubdirectory("qz-bomb-");
        try
        {
            var store = new FileStore(new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["Files:Directory"] = directory.FullName }).Build());
            var bomb = DocumentOf(300);
            Assert.True(bomb.Length < 2 * MiB);
            var refused = await Assert.ThrowsAsync<FileRejectedException>(() => store.SaveAsync(new MemoryStream(bomb), "整改报告.docx", Ct));
            Assert.Contains("解压后超过 256 MB", refused.Message);
            Assert.Empty(directory.EnumerateFiles("*", SearchOption.AllDirectories));

            // An ordinary document is kept.
            var stored = await store.SaveAsync(new MemoryStream(DocumentOf(1)), "整改报告.docx", Ct);
            Assert.True(store.Exists(stored.Sha256));
        }
        finally { directory.Delete(recursive: true); }
    }
}
