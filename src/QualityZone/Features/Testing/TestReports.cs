using System.Globalization;
using QualityZone.Infrastructure.Documents;
using QualityZone.Infrastructure.Files;

namespace QualityZone.Features.Testing;

/// <summary>
/// The test report (检验检测报告) as Word and PDF, the same blocks in both: the lab, the report number,
/// the enterprise, product and sample, every result with its limits and verdict, the conclusion, the CNAS
/// statement only when every item is in the lab's accredited scope, the seal line, and a strip with the
/// QR code of the public verification page and the verification code.
/// </summary>
public sealed class TestReports(FileStore files, DocumentFonts fonts, VerificationStrip verification)
{
    public const string LabName = "宁波市奉化区质量监督检验中心";

    /// <summary>Where a printed report's QR code leads: Site:PublicUrl, else the address this request came to.</summary>
    public string VerifyUrl(TestRequest request) =>
        verification.PublicUrl($"/verify?number={Uri.EscapeDataString(request.ReportNumber!)}&code={Uri.EscapeDataString(request.VerificationCode!)}");

    /// <summary>Writes both files and keeps them; returns their hashes (no PDF without a Chinese font).</summary>
    public async Task<(string Docx, string? Pdf)> WriteAsync(TestRequest request, string enterpriseName, CancellationToken ct)
    {
        var url = VerifyUrl(request);
        // <data>
        var strip = verification.Png(url, "扫码或访问以下地址核验本报告真伪 / Scan to verify this report:",
            $"报告编号 Report No. {request.ReportNumber}    验证码 Code {request.VerificationCode}");
        // </data>
        var word = new WordDocument();
        Write(word, request, enterpriseName, strip, url);
        StoredFile docx;
        using (var stream = new MemoryStream(word.ToBytes())) docx = await files.SaveGeneratedAsync(stream, request.ReportNumber + ".docx", ct);
        if (!fonts.Available) return (docx.Sha256, null);
        var temp = PdfDocument.WriteTempFile(fonts.Typeface, request.ReportNumber!, document => Write(document, request, enterpriseName, strip, url));
        try
        {
            await using var input = File.OpenRead(temp);
            return (docx.Sha256, (await files.SaveGeneratedAsync(input, request.ReportNumber + ".pdf", ct)).Sha256);
        }
        finally { File.Delete(temp); }
    }

    private static void Write(IDocumentWriter document, TestRequest r, string enterpriseName, (byte[] Png, int Width, int Height) strip, string verifyUrl)
    {
        // The report is a legal document of the lab: written in Chinese whatever the reader's language, as printed.
        // <data>
        document.Title("检验检测报告");
        document.Right($"报告编号：{r.ReportNumber}");
        var allInScope = r.Items.All(i => i.CnasScope);
        document.Body(allInScope
            ? $"{LabName}（CNAS 认可实验室）。本报告所列项目均在实验室认可范围内。"
            : $"{LabName}。本报告含实验室认可范围以外的项目，不加盖 CNAS 认可标识。");
        document.Table(["项目", "内容"],
        [
            ["委托单位", enterpriseName],
            ["检验类别", r.Kind == RequestKind.Supervision ? "监督抽检" : "委托检验"],
            ["产品名称", r.ProductName],
            ["型号规格", r.Model ?? "—"],
            ["样品编号", r.SampleNumber ?? "—"],
            ["样品状态", r.SampleCondition ?? "—"],
            ["目标市场", r.TargetMarket ?? "—"],
            ["委托编号", r.Number],
        ]);
        document.Heading("检验结果");
        var current = r.Current.ToDictionary(x => x.RequestItemId);
        document.Table(["序号", "检验项目", "检验依据", "技术要求", "测得值", "单项判定"],
            r.Items.OrderBy(i => i.Position).Select(i =>
            {
                var result = current.GetValueOrDefault(i.Id);
                return (IReadOnlyList<string>)[i.Position.ToString(CultureInfo.InvariantCulture), i.NameZh + (i.CnasScope ? "" : "*"), i.Standard,
                    i.PassFail ? "符合要求" : TestingLabels.Limits(i.Min, i.Max, i.Unit),
                    result?.Value is { } v ? $"{v.ToString("0.####", CultureInfo.InvariantCulture)} {i.Unit}" : result is null ? "—" : "—",
                    result is null ? "—" : result.Verdict == Verdict.Pass ? "合格" : "不合格"];
            }));
        if (!allInScope) document.Body("注：带 * 的项目不在实验室 CNAS 认可范围内。");
        document.Heading("检验结论");
        document.Body(ConclusionZh(r));
        document.Right($"批准：{r.IssuedBy}　审核：{r.ReviewedBy}");
        document.Right($"{LabName}（检验检测专用章）");
        document.Right(r.IssuedAt?.ToOffset(TimeSpan.FromHours(8)).ToString("yyyy年M月d日", CultureInfo.InvariantCulture) ?? "");
        document.Image(strip.Png, strip.Width, strip.Height);
        document.Body($"报告核验：报告编号 {r.ReportNumber}，验证码 {r.VerificationCode}，网址 {verifyUrl}");
        // </data>
    }

    // <data>
    private static string ConclusionZh(TestRequest r)
    {
        var failed = r.Items.Where(i => r.Current.Any(x => x.RequestItemId == i.Id && x.Verdict == Verdict.Fail)).Select(i => i.NameZh).ToList();
        return failed.Count == 0 ? "经检验，所检项目符合标准要求。" : $"经检验，所检项目中{string.Join("、", failed)}不符合标准要求。";
    }
    // </data>
}
