using QualityZone.Infrastructure.Localization;
using SkiaSharp;

namespace QualityZone.Infrastructure.Documents;

/// <summary>
/// The blocks of an official document, written once and rendered as Word (<see cref="WordDocument"/>)
/// or PDF (<see cref="PdfDocument"/>), so that the two files of a report say exactly the same.
/// </summary>
public interface IDocumentWriter
{
    IDocumentWriter Title(string text);
    IDocumentWriter Heading(string text);
    IDocumentWriter Body(string text);
    IDocumentWriter Right(string text);
    IDocumentWriter Table(IReadOnlyList<string> headers, IEnumerable<IReadOnlyList<string>> rows);
    /// <summary>A PNG picture (a chart) at the width of the text column, keeping its proportions.</summary>
    IDocumentWriter Image(byte[] png, int pixelWidth, int pixelHeight);
    IDocumentWriter PageBreak();
}

public sealed class FontUnavailableException(string message) : Exception(message);

/// <summary>
/// The Chinese font PDF files and chart images embed. A PDF must carry its font (a reader at the
/// district government may have none), and only a TrueType-outline font embeds as a CID font whose
/// text reads back exactly: Noto CJK (CFF outlines) becomes Type 3 glyphs that map 气 to the Kangxi
/// radical ⽓. So WenQuanYi Micro Hei (Debian's fonts-wqy-microhei, Apache 2.0) comes first;
/// <c>Documents:FontFile</c> names another file. No font found is a clear error, never a PDF of boxes.
/// </summary>
public sealed class DocumentFonts
{
    private static readonly string[] Candidates =
    [
        "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc",
        "/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc",
        "/usr/share/fonts/truetype/droid/DroidSansFallbackFull.ttf",
        "/usr/share/fonts/truetype/arphic/uming.ttc",
    ];

    private readonly Lazy<string?> path;
    private readonly Lazy<SKTypeface?> typeface;

    public DocumentFonts(IConfiguration configuration)
    {
        var configured = configuration["Documents:FontFile"];
        path = new(() => string.IsNullOrWhiteSpace(configured) ? Candidates.FirstOrDefault(File.Exists) : File.Exists(configured) ? configured : null);
        typeface = new(() => path.Value is { } file ? SKTypeface.FromFile(file, 0) : null);
    }

    /// <summary>The font file, or a localized error that says what to install.</summary>
    public string FontFile => path.Value ?? throw Missing();

    public SKTypeface Typeface => typeface.Value ?? throw Missing();

    public bool Available => typeface.Value is not null;

    private static FontUnavailableException Missing() => new(MissingMessage);

    public static string MissingMessage => Text.Get("服务器未安装可嵌入 PDF 的中文字体（请安装 fonts-wqy-microhei，或在 Documents:FontFile 中指定 TrueType 字体文件）");
}
