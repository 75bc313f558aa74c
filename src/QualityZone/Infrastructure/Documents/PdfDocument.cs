using SkiaSharp;

namespace QualityZone.Infrastructure.Documents;

/// <summary>
/// Writes an official document as PDF with SkiaSharp's PDF back end, which embeds the subset of the
/// Chinese font it uses (a CID TrueType font with a ToUnicode map, so the text can be searched and
/// read back). The page is A4 with the margins of GB/T 9704 (37 mm top, 28 mm left, 26 mm right,
/// 35 mm bottom), and pages are numbered "— n —" at the foot as official documents are. Pages are
/// written to the stream as they fill, so a long report is not held in memory as pages.
/// </summary>
public sealed class PdfDocument : IDocumentWriter, IDisposable
{
    public const string ContentType = "application/pdf";

    private const float PageWidth = 595.28f, PageHeight = 841.89f;
    private const float Top = 104.9f, Left = 79.4f, RightMargin = 73.7f, Bottom = 99.2f;
    private const float ColumnWidth = PageWidth - Left - RightMargin;
    private const float TableFontSize = 9f, CellPadding = 3f;

    private readonly SKDocument document;
    private readonly SKTypeface typeface;
    private readonly SKPaint ink = new() { Color = SKColors.Black, IsAntialias = true };
    private readonly SKPaint rule = new() { Color = SKColors.Black, IsAntialias = true, Style = SKPaintStyle.Stroke, StrokeWidth = 0.5f };
    private SKCanvas? canvas;
    private int pageNumber;
    private float y;

    public PdfDocument(Stream output, SKTypeface typeface, string title)
    {
        this.typeface = typeface;
        document = SKDocument.CreatePdf(output, new SKDocumentPdfMetadata { Title = title, Creator = "QualityZone", Producer = "QualityZone (SkiaSharp)", RasterDpi = 150 });
    }

    /// <summary>
    /// Writes a document to a new temporary file and returns its path (the caller stores or sends it,
    /// then deletes it): a long document is never a byte array in memory.
    /// </summary>
    public static string WriteTempFile(SKTypeface typeface, string title, Action<IDocumentWriter> write)
    {
        var path = Path.GetTempFileName();
        try
        {
            using var output = File.Create(path);
            using var document = new PdfDocument(output, typeface, title);
            write(document);
            document.Close();
            return path;
        }
        catch
        {
            File.Delete(path);
            throw;
        }
    }

    public IDocumentWriter Title(string text)
    {
        Paragraph(text, 18f, bold: true, indent: false, align: Align.Center, spaceAfter: 18f);
        return this;
    }

    public IDocumentWriter Heading(string text)
    {
        Paragraph(text, 14f, bold: true, indent: false, align: Align.Left, spaceAfter: 6f, keepWithNext: 60f);
        return this;
    }

    public IDocumentWriter Body(string text)
    {
        Paragraph(text, 14f, bold: false, indent: true, align: Align.Left, spaceAfter: 3f);
        return this;
    }

    public IDocumentWriter Right(string text)
    {
        Paragraph(text, 14f, bold: false, indent: false, align: Align.Right, spaceAfter: 3f);
        return this;
    }

    public IDocumentWriter PageBreak()
    {
        EndPage();
        return this;
    }

    public IDocumentWriter Image(byte[] png, int pixelWidth, int pixelHeight)
    {
        using var image = SKImage.FromEncodedData(png);
        var width = Math.Min(ColumnWidth, pixelWidth * 0.75f);
        var height = width * pixelHeight / Math.Max(1, pixelWidth);
        Room(height + 6f);
        var x = Left + (ColumnWidth - width) / 2;
        Canvas.DrawImage(image, new SKRect(x, y, x + width, y + height), new SKSamplingOptions(SKFilterMode.Linear, SKMipmapMode.Linear));
        y += height + 8f;
        return this;
    }

    /// <summary>A bordered table: columns as wide as their content allows, cells wrapped, the header repeated on every page.</summary>
    public IDocumentWriter Table(IReadOnlyList<string> headers, IEnumerable<IReadOnlyList<string>> rows)
    {
        using var regular = Font(TableFontSize, bold: false);
        using var bold = Font(TableFontSize, bold: true);
        var body = rows.ToList();
        var widths = ColumnWidths(headers, body, regular, bold);
        var lineHeight = TableFontSize * 1.35f;

        void DrawRow(IReadOnlyList<string> cells, SKFont font, float height)
        {
            var x = Left;
            for (var i = 0; i < widths.Length; i++)
            {
                Canvas.DrawRect(x, y, widths[i], height, rule);
                var lineY = y + CellPadding + TableFontSize;
                foreach (var line in Wrap(i < cells.Count ? cells[i] : "", font, widths[i] - 2 * CellPadding, 0))
                {
                    Canvas.DrawText(line, x + CellPadding, lineY, font, ink);
                    lineY += lineHeight;
                }
                x += widths[i];
            }
            y += height;
        }

        float HeightOf(IReadOnlyList<string> cells, SKFont font) =>
            widths.Select((w, i) => Wrap(i < cells.Count ? cells[i] : "", font, w - 2 * CellPadding, 0).Count).Max() * lineHeight + 2 * CellPadding;

        var headerHeight = HeightOf(headers, bold);
        Room(headerHeight + lineHeight + 2 * CellPadding);
        DrawRow(headers, bold, headerHeight);
        foreach (var row in body)
        {
            var height = HeightOf(row, regular);
            if (y + height > PageHeight - Bottom)
            {
                EndPage();
                DrawRow(headers, bold, headerHeight);
            }
            DrawRow(row, regular, height);
        }
        y += 10f;
        return this;
    }

    /// <summary>Ends the last page and writes the document's trailer; the stream then holds the whole PDF.</summary>
    public void Close()
    {
        _ = Canvas; // an empty document still has its one page
        EndPage();
        document.Close();
    }

    public void Dispose()
    {
        document.Dispose();
        ink.Dispose();
        rule.Dispose();
    }

    private enum Align { Left, Center, Right }

    private SKCanvas Canvas
    {
        get
        {
            if (canvas is not null) return canvas;
            canvas = document.BeginPage(PageWidth, PageHeight);
            pageNumber++;
            y = Top;
            return canvas;
        }
    }

    private void EndPage()
    {
        if (canvas is null) return;
        using var font = Font(10.5f, bold: false);
        var footer = $"— {pageNumber} —";
        canvas.DrawText(footer, (PageWidth - font.MeasureText(footer)) / 2, PageHeight - Bottom / 2, font, ink);
        document.EndPage();
        canvas = null;
    }

    /// <summary>Starts a new page unless <paramref name="height"/> points still fit on this one.</summary>
    private void Room(float height)
    {
        if (canvas is not null && y + height > PageHeight - Bottom && y > Top) EndPage();
    }

    private void Paragraph(string text, float size, bool bold, bool indent, Align align, float spaceAfter, float keepWithNext = 0)
    {
        using var font = Font(size, bold);
        var lineHeight = size * 1.5f;
        var lines = Wrap(text, font, ColumnWidth, indent ? 2 * size : 0);
        Room(lineHeight + keepWithNext);
        for (var i = 0; i < lines.Count; i++)
        {
            Room(lineHeight);
            var width = font.MeasureText(lines[i]);
            var x = align switch
            {
                Align.Center => Left + (ColumnWidth - width) / 2,
                Align.Right => Left + ColumnWidth - width,
                _ => Left + (i == 0 && indent ? 2 * size : 0),
            };
            Canvas.DrawText(lines[i], x, y + size, font, ink);
            y += lineHeight;
        }
        y += spaceAfter;
    }

    /// <summary>
    /// Column widths: each column first gets its natural width up to an equal share, then the space
    /// left goes to the columns that want more, in proportion to what they lack.
    /// </summary>
    private static float[] ColumnWidths(IReadOnlyList<string> headers, List<IReadOnlyList<string>> rows, SKFont regular, SKFont bold)
    {
        var count = headers.Count;
        var natural = new float[count];
        for (var i = 0; i < count; i++)
        {
            natural[i] = bold.MeasureText(headers[i]);
            foreach (var row in rows.Take(500)) if (i < row.Count) natural[i] = Math.Max(natural[i], regular.MeasureText(row[i]));
            natural[i] += 2 * CellPadding + 1;
        }
        var share = ColumnWidth / count;
        var widths = natural.Select(n => Math.Min(n, share)).ToArray();
        var left = ColumnWidth - widths.Sum();
        var lacking = natural.Select((n, i) => n - widths[i]).ToArray();
        var totalLack = lacking.Sum();
        for (var i = 0; i < count; i++)
            widths[i] += totalLack > 0 ? left * Math.Min(1, lacking[i] / totalLack) : left / count;
        var scale = ColumnWidth / widths.Sum();
        return widths.Select(w => w * scale).ToArray();
    }

    private SKFont Font(float size, bool bold) => new(typeface, size) { Embolden = bold, Subpixel = true };

    /// <summary>
    /// Breaks text into lines no wider than <paramref name="width"/>: between any two Chinese
    /// characters, between Latin words, inside a word only when it is longer than a line. Closing
    /// punctuation never starts a line and opening punctuation never ends one (the line-breaking
    /// rules of GB/T 15834 and the W3C's Chinese layout requirements).
    /// </summary>
    internal static List<string> Wrap(string text, SKFont font, float width, float firstIndent)
    {
        var lines = new List<string>();
        var line = new System.Text.StringBuilder();
        var lineWidth = firstIndent;
        foreach (var unit in Units(text.Replace("\r", "").Replace('\n', ' ').Replace('\t', ' ')))
        {
            var unitWidth = font.MeasureText(unit);
            var fits = lineWidth + unitWidth <= width || line.Length == 0 || IsClosing(unit[0]);
            if (!fits)
            {
                // An opening bracket or quote moves down with the word it opens.
                var carry = line.Length > 0 && IsOpening(line[^1]) ? line[^1].ToString() : "";
                if (carry.Length > 0) line.Length--;
                lines.Add(line.ToString().TrimEnd());
                line.Clear().Append(carry);
                lineWidth = font.MeasureText(carry);
                if (unit == " ") continue;
            }
            if (unitWidth > width && line.Length == 0)
            {
                // A word longer than the line (a URL, a long code) is cut where the line ends.
                foreach (var c in unit)
                {
                    var w = font.MeasureText(c.ToString());
                    if (lineWidth + w > width && line.Length > 0) { lines.Add(line.ToString()); line.Clear(); lineWidth = 0; }
                    line.Append(c);
                    lineWidth += w;
                }
                continue;
            }
            line.Append(unit);
            lineWidth += unitWidth;
        }
        if (line.Length > 0 || lines.Count == 0) lines.Add(line.ToString().TrimEnd());
        return lines;
    }

    /// <summary>Each Chinese character and punctuation mark alone; a Latin word with the spaces after it.</summary>
    private static IEnumerable<string> Units(string text)
    {
        var word = new System.Text.StringBuilder();
        foreach (var c in text)
        {
            if (IsWide(c) || IsClosing(c) || IsOpening(c))
            {
                if (word.Length > 0) { yield return word.ToString(); word.Clear(); }
                yield return c.ToString();
            }
            else if (c == ' ')
            {
                word.Append(c);
                yield return word.ToString();
                word.Clear();
            }
            else word.Append(c);
        }
        if (word.Length > 0) yield return word.ToString();
    }

    private static bool IsWide(char c) => c >= '\u2E80';
    private static bool IsClosing(char c) => "，。、；：！？）】」』》〉”’%,.;:!?)]".Contains(c);
    private static bool IsOpening(char c) => "（【「『《〈“‘([".Contains(c);
}
