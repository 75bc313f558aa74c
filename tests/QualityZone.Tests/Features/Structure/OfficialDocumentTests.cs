using Microsoft.EntityFrameworkCore;
using QualityZone.Features.Inspections;
using QualityZone.Infrastructure.Demo;
using QualityZone.Infrastructure.Documents;
using QualityZone.Tests.Infrastructure;

namespace QualityZone.Tests.Features.Structure;

/// <summary>
/// Issue 21: the generated Word documents read as official documents do. Each is laid out by LibreOffice as PDF and read
/// back page by page (the pages are saved as images under the test artifacts, documents/): every page carries the zone's
/// name and its page number of the total, the signature block is on a page with the content it signs, and tables fit
/// their columns to their content and repeat their header row.
/// </summary>
[Collection(DemoZoneCollection.Name)]
public sealed class OfficialDocumentTests(DemoZoneFactory factory)
{
    private const string ZoneName = "国家级（奉化）出口气动元件质量安全示范区";

    [Fact]
    public async Task Each_generated_word_document_has_the_zone_header_page_numbers_and_its_signature_with_its_content()
    {
        var ct = TestContext.Current.CancellationToken;
        var office = await factory.SignInAsync("office@demo.qz");
        // The signed inspection record with the most photos, the story enterprise's letter, archive and planted recall shipment, a TBT comment.
        var (record, photos) = await factory.WithDbAsync(async db => (await db.InspectionRecords.Where(r => r.State == RecordState.Submitted || r.State == RecordState.Signed)
            .OrderByDescending(r => r.Answers.Count(a => a.PhotoSha256 != null)).Select(r => new { r.Id, Photos = r.Answers.Count(a => a.PhotoSha256 != null) }).FirstAsync(ct)) is var r ? (r.Id, r.Photos) : default);
        Assert.True(photos > 0, "the demo's inspections have photos of what failed");
        var enterprise = await factory.WithDbAsync(db => db.MaterialLots.Where(l => l.LotNumber == DemoTrace.StoryLot).Select(l => l.EnterpriseId).FirstAsync(ct));
        var shipment = await factory.WithDbAsync(db => db.Shipments.Where(s => s.EnterpriseId == enterprise && s.CountryCode == "DE").OrderBy(s => s.ShippedOn).Select(s => s.Id).FirstAsync(ct));
        var tbt = await factory.WithDbAsync(db => db.TbtCases.Select(c => c.Id).FirstAsync(ct));
        (string Name, string Url, string? Signature, string? KeptWith)[] documents =
        [
            ("inspection-record", $"/inspections/records/{record}/report.docx", "受检企业确认（签章）", "检查组会签"),
            ("commitment-letter", $"/enterprises/{enterprise}/commitment-letter", "承诺书版本", "法律责任"),
            ("export-archive", $"/archives/enterprises/{enterprise}?handler=Docx", null, null),
            ("trace-report", $"/trace/backward?shipment={shipment}&handler=Docx", null, null),
            ("tbt-comment", $"/portal/tbt/{tbt}/comment.docx", "奉化区气动行业协会", null),
        ];
        foreach (var (name, url, signature, keptWith) in documents)
        {
            using var response = await office.GetAsync(url, ct);
            Assert.True(response.IsSuccessStatusCode, $"{name}: {(int)response.StatusCode}");
            Assert.Equal(WordDocument.ContentType, response.Content.Headers.ContentType?.MediaType);
            var bytes = await response.Content.ReadAsByteArrayAsync(ct);
            using (var package = DocumentFormat.OpenXml.Packaging.WordprocessingDocument.Open(new MemoryStream(bytes), false))
            {
                var errors = new DocumentFormat.OpenXml.Validation.OpenXmlValidator().Validate(package, ct).Select(e => $"{e.Path?.XPath}: {e.Description}").ToList();
                Assert.True(errors.Count == 0, $"{name}: " + string.Join("\n", errors.Take(5)));
                // The inspection record carries its photos, each a real picture of a few kilobytes (not a 1 × 1 stand-in).
                if (name == "inspection-record")
                {
                    var pictures = package.MainDocumentPart!.ImageParts.ToList();
                    Assert.Equal(photos, pictures.Count);
                    Assert.All(pictures, p => Assert.InRange(p.GetStream().Length, 2_000, 200_000));
                }
            }
            var pages = await LibreOffice.PagesAsync(bytes, ".docx", name);
            if (pages is null) continue; // no LibreOffice on this developer machine (CI has it, LibreOffice.cs)
            Assert.NotEmpty(pages);
            for (var i = 0; i < pages.Count; i++)
            {
                Assert.True(pages[i].Contains(ZoneName), $"{name} page {i + 1}: no running header");
                Assert.True(pages[i].Contains($"第{i + 1}页共{pages.Count}页"), $"{name} page {i + 1}: no page number of {pages.Count}");
            }
            if (signature is null) continue;
            // The signature is on the last page, and not alone there: something it signs comes before it on that page.
            var last = pages[^1].Replace(ZoneName, "").Replace($"第{pages.Count}页共{pages.Count}页", "");
            var at = last.IndexOf(signature, StringComparison.Ordinal);
            Assert.True(at >= 0, $"{name}: the signature is not on the last page");
            Assert.True(at >= 20, $"{name}: the signature stands alone on page {pages.Count}: {last}");
            if (keptWith is not null) Assert.True(last.IndexOf(keptWith, StringComparison.Ordinal) is >= 0 and var k && k < at, $"{name}: the signature is not with its section ({keptWith}): {last}");
        }
    }

    [Fact]
    public void A_table_fits_its_columns_to_their_content_and_repeats_its_header_row()
    {
        IReadOnlyList<string> headers = ["序号", "检查内容", "结果", "得分", "说明"];
        IReadOnlyList<IReadOnlyList<string>> rows = [["1", "是否建立覆盖原材料进货、生产过程、出厂检验和出口发货各环节的质量控制记录，并按批次可追溯", "符合", "10/10", ""]];
        var widths = WordDocument.ColumnWidths(headers, rows);
        Assert.Equal(8844, widths.Sum());
        Assert.True(widths[1] > 3 * widths[0], string.Join(",", widths)); // the check text is wide, the number narrow
        Assert.True(widths[0] >= 500, string.Join(",", widths)); // and the number still holds its header

        var bytes = new WordDocument().Table(headers, rows).ToBytes();
        using var package = DocumentFormat.OpenXml.Packaging.WordprocessingDocument.Open(new MemoryStream(bytes), false);
        var table = package.MainDocumentPart!.Document!.Body!.Elements<DocumentFormat.OpenXml.Wordprocessing.Table>().Single();
        var header = table.Elements<DocumentFormat.OpenXml.Wordprocessing.TableRow>().First();
        Assert.NotNull(header.TableRowProperties?.GetFirstChild<DocumentFormat.OpenXml.Wordprocessing.TableHeader>());
    }

    [Fact]
    public void A_photo_that_is_not_a_readable_jpeg_or_png_is_left_out_and_the_document_stays_valid()
    {
        var document = new WordDocument().Title("现场照片");
        Assert.False(document.Photo([0x47, 0x49, 0x46, 0x38, 0x39, 0x61, 1, 0, 1, 0], "GIF")); // a GIF header: not a format of the record
        Assert.False(document.Photo([0xFF, 0xD8, 0xFF, 0x00, 0x01], "truncated JPEG"));
        Assert.False(document.Photo([], "empty"));
        Assert.True(document.Photo(DemoPhotos.ShopFloor(1, "2026-05-12 10:20", "阀体毛刺", null), "阀体毛刺"));
        var bytes = document.ToBytes();
        using var package = DocumentFormat.OpenXml.Packaging.WordprocessingDocument.Open(new MemoryStream(bytes), false);
        Assert.Single(package.MainDocumentPart!.ImageParts);
        Assert.Empty(new DocumentFormat.OpenXml.Validation.OpenXmlValidator().Validate(package, TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task A_streamed_document_holds_what_the_same_document_built_in_memory_holds_and_is_valid()
    {
        var ct = TestContext.Current.CancellationToken;
        // A catalogue's shape: title, a right-aligned line, headings, body lines, tables (one of 3,000 rows), a photo.
        var rows = Enumerable.Range(1, 3000).Select(i => (IReadOnlyList<string>)[i.ToString(), $"佐证材料 {i}", "整改记录", $"5.公共服务体系/5.1 检测/{i:D2} 报告.pdf"]).ToList();
        var photo = DemoPhotos.ShopFloor(1, "2026-05-12 10:20", "阀体毛刺", null);
        void Write(WordDocument document)
        {
            document.Title("验收材料目录").Right("自评总分 90 / 100").Heading("5.公共服务体系").Body("5.1 检测能力");
            document.Table(["序号", "佐证材料", "来源", "文件"], rows);
            Assert.True(document.Photo(photo, "现场照片"));
            document.Heading("6.其他").Table(["序号", "文件"], [["1", "清单.xlsx"]]);
        }
        var inMemory = new WordDocument();
        Write(inMemory);
        using var streamed = new MemoryStream();
        var streaming = WordDocument.Streaming(streamed);
        Write(streaming);
        streaming.Close();

        using var expected = DocumentFormat.OpenXml.Packaging.WordprocessingDocument.Open(new MemoryStream(inMemory.ToBytes()), false);
        using var package = DocumentFormat.OpenXml.Packaging.WordprocessingDocument.Open(new MemoryStream(streamed.ToArray()), false);
        var body = package.MainDocumentPart!.Document!.Body!;
        Assert.Equal(expected.MainDocumentPart!.Document!.Body!.InnerText, body.InnerText);
        Assert.Equal(3001, body.Elements<DocumentFormat.OpenXml.Wordprocessing.Table>().First().Elements<DocumentFormat.OpenXml.Wordprocessing.TableRow>().Count());
        Assert.Single(package.MainDocumentPart.ImageParts);
        Assert.Contains(ZoneName, package.MainDocumentPart.HeaderParts.Single().Header!.InnerText);
        Assert.Single(package.MainDocumentPart.FooterParts);
        Assert.Empty(new DocumentFormat.OpenXml.Validation.OpenXmlValidator().Validate(package, ct).Select(e => $"{e.Path?.XPath}: {e.Description}"));
        await LibreOffice.AssertOpensAsync(streamed.ToArray(), ".docx");
    }
}
