using System.IO.Compression;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Wordprocessing;
using A = DocumentFormat.OpenXml.Drawing;
using DW = DocumentFormat.OpenXml.Drawing.Wordprocessing;
using PIC = DocumentFormat.OpenXml.Drawing.Pictures;

namespace QualityZone.Infrastructure.Documents;

/// <summary>
/// Builds simple official documents (.docx) with DocumentFormat.OpenXml: a centred title, body
/// paragraphs indented two characters as Chinese official writing is, and right-aligned lines for
/// the signature block. Chinese runs name 宋体 (SimSun); LibreOffice substitutes a CJK font where
/// it is missing (Noto CJK on Debian). Every page carries the zone's name in its header and
/// the page number (page x of y) in its footer; tables fit their columns to their content and repeat their header
/// row on each page; the signature block (<see cref="Right"/>) is kept on the page of the content it
/// signs (GB/T 9704—2012 7.3.5: the signature is not left alone on a page).
/// </summary>
public sealed class WordDocument : IDocumentWriter
{
    public const string ContentType = "application/vnd.openxmlformats-officedocument.wordprocessingml.document";

    private readonly List<OpenXmlElement> blocks = [];
    private readonly List<(string Id, byte[] Data, PartTypeInfo Type)> images = [];

    // Streaming mode: the body is written straight into word/document.xml of the caller's zip, each block as it comes.
    // The other parts (header, footer, images, relationships, content types) are small: they are built in a shell
    // package in memory and copied in at the end. System.IO.Packaging keeps every part of a package it creates in memory
    // until it is closed (ZipArchiveMode.Update), so a catalogue of 24,000 rows written through it held its whole
    // document.xml, and its growing buffers, in the server (issue 22.6; docs/benchmarks.md, twelfth session).
    private ZipArchive? zip;
    private Stream? bodyStream;
    private MemoryStream? shellBytes;
    private WordprocessingDocument? shell;
    private MainDocumentPart? main;
    private OpenXmlWriter? writer;
    private int pictures;
    // The block written last, held back in streaming mode so that a signature can still keep it on its page.
    private OpenXmlElement? pending;
    // The space after the last table: at the end of the document it becomes the one-point closing paragraph.
    private Paragraph? afterTable;

    /// <summary>The running header of every page: the zone's name.</summary>
    public string HeaderText { get; init; } = Localization.Text.Get("国家级（奉化）出口气动元件质量安全示范区");

    /// <summary>
    /// A document written to <paramref name="output"/> block by block, a table row by row (a dossier catalogue of tens of
    /// thousands of rows is never held in memory, neither as a tree nor as XML); <see cref="Close"/> finishes it.
    /// A table's rows are written as they come, so a signature line after a table keeps with its gap, not its last rows.
    /// </summary>
    public static WordDocument Streaming(Stream output)
    {
        var document = new WordDocument { shellBytes = new MemoryStream() };
        document.shell = WordprocessingDocument.Create(document.shellBytes, WordprocessingDocumentType.Document);
        document.main = document.shell.AddMainDocumentPart();
        document.zip = new ZipArchive(output, ZipArchiveMode.Create, leaveOpen: true);
        document.bodyStream = document.zip.CreateEntry(document.main.Uri.OriginalString.TrimStart('/'), CompressionLevel.Optimal).Open();
        document.writer = OpenXmlWriter.Create(document.bodyStream);
        document.writer.WriteStartDocument();
        document.writer.WriteStartElement(new Document());
        document.writer.WriteStartElement(new DocumentFormat.OpenXml.Wordprocessing.Body());
        return document;
    }

    /// <summary>Ends a streaming document: the page setup, the body, then the shell's other parts copied into the zip.</summary>
    public void Close()
    {
        if (writer is null || zip is null || bodyStream is null || shell is null || shellBytes is null || main is null)
            throw new InvalidOperationException("Close ends a streaming document (WordDocument.Streaming)");
        if (pending is not null) writer.WriteElement(pending == afterTable ? Closing() : pending);
        writer.WriteElement(PageSetup(main));
        writer.WriteEndElement();
        writer.WriteEndElement();
        writer.Close();
        bodyStream.Dispose();
        // The shell's own main part is a placeholder: its body is the one just written.
        var bodyName = main.Uri.OriginalString.TrimStart('/');
        main.Document = new Document(new DocumentFormat.OpenXml.Wordprocessing.Body());
        shell.Dispose();
        shellBytes.Position = 0;
        using (var parts = new ZipArchive(shellBytes, ZipArchiveMode.Read))
            foreach (var part in parts.Entries.Where(e => e.FullName != bodyName))
            {
                using var from = part.Open();
                using var to = zip.CreateEntry(part.FullName, CompressionLevel.Optimal).Open();
                from.CopyTo(to);
            }
        zip.Dispose();
        shellBytes.Dispose();
        (writer, zip, bodyStream, shell, shellBytes, main) = (null, null, null, null, null, null);
    }

    private void Add(OpenXmlElement block)
    {
        if (writer is null) blocks.Add(block);
        else
        {
            WritePending();
            pending = block;
        }
    }

    /// <summary>Streaming: writes the block held back for a signature, now that something else follows it.</summary>
    private void WritePending()
    {
        if (pending is not null) writer!.WriteElement(pending);
        pending = null;
    }

    // A4 with the margins of GB/T 9704 official documents (37 mm top, 28 mm left, 26 mm right, 35 mm bottom),
    // the running header and the page-number footer (CT_SectPr: headerReference, footerReference, then pgSz, pgMar).
    private SectionProperties PageSetup(MainDocumentPart part)
    {
        var header = part.AddNewPart<HeaderPart>();
        header.Header = new Header(Paragraph(HeaderText, JustificationValues.Center, bold: false, halfPoints: 18, indent: false, spacingAfter: 0, bottomBorder: true));
        var footer = part.AddNewPart<FooterPart>();
        footer.Footer = new Footer(PageNumber());
        return new SectionProperties(
            new HeaderReference { Type = HeaderFooterValues.Default, Id = part.GetIdOfPart(header) },
            new FooterReference { Type = HeaderFooterValues.Default, Id = part.GetIdOfPart(footer) },
            new PageSize { Width = 11906U, Height = 16838U },
            new PageMargin { Top = 2098, Right = 1474U, Bottom = 1984, Left = 1588U, Header = 851U, Footer = 992U, Gutter = 0U });
    }

    /// <summary>The page number, page x of y, with the PAGE and NUMPAGES fields (ISO/IEC 29500-1 §17.16.5.43, §17.16.5.45).</summary>
    private static Paragraph PageNumber()
    {
        var english = Localization.Text.IsEnglish;
        var paragraph = new Paragraph(new ParagraphProperties(new Justification { Val = JustificationValues.Center }));
        void Words(string text) => paragraph.Append(new Run(RunProperties(false, 18), new Text(text) { Space = SpaceProcessingModeValues.Preserve }));
        void Field(string instruction) => paragraph.Append(new SimpleField(new Run(RunProperties(false, 18), new Text("1"))) { Instruction = instruction });
        // <data>
        Words(english ? "Page " : "第 ");
        Field(" PAGE ");
        Words(english ? " of " : " 页 共 ");
        Field(" NUMPAGES ");
        if (!english) Words(" 页");
        // </data>
        return paragraph;
    }

    // The text column of the A4 page below (11906 − 1588 − 1474 twips), in EMU (635 per twip).
    private const long ColumnEmu = 8844L * 635;

    IDocumentWriter IDocumentWriter.Title(string text) => Title(text);
    IDocumentWriter IDocumentWriter.Heading(string text) => Heading(text);
    IDocumentWriter IDocumentWriter.Body(string text) => Body(text);
    IDocumentWriter IDocumentWriter.Right(string text) => Right(text);
    IDocumentWriter IDocumentWriter.Table(IReadOnlyList<string> headers, IEnumerable<IReadOnlyList<string>> rows) => Table(headers, rows);

    public IDocumentWriter PageBreak()
    {
        Add(new Paragraph(new Run(new Break { Type = BreakValues.Page })));
        return this;
    }

    /// <summary>A PNG picture inline, centred, as wide as the text column (or its own width at 96 dpi when narrower).</summary>
    public IDocumentWriter Image(byte[] png, int pixelWidth, int pixelHeight) => Picture(png, ImagePartType.Png, pixelWidth, pixelHeight, ColumnEmu);

    /// <summary>
    /// A photo (JPEG or PNG, as taken on site) inline and centred, at most 10 cm wide, its caption below it on the same
    /// page; false when the bytes are not an
    /// image that can be read, so a damaged upload never breaks the document.
    /// </summary>
    public bool Photo(byte[] image, string caption)
    {
        using var codec = SkiaSharp.SKCodec.Create(new MemoryStream(image));
        if (codec is null) return false;
        var type = codec.EncodedFormat switch { SkiaSharp.SKEncodedImageFormat.Jpeg => ImagePartType.Jpeg, SkiaSharp.SKEncodedImageFormat.Png => ImagePartType.Png, _ => (PartTypeInfo?)null };
        if (type is null) return false;
        Picture(image, type.Value, codec.Info.Width, codec.Info.Height, 10 * 360_000L);
        KeepWithNext(writer is null ? blocks[^1] : pending); // the caption below stays with its photo
        Add(Paragraph(caption, JustificationValues.Center, bold: false, halfPoints: 21, indent: false, spacingAfter: 240));
        return true;
    }

    private WordDocument Picture(byte[] data, PartTypeInfo type, int pixelWidth, int pixelHeight, long maxWidthEmu)
    {
        var id = $"rIdImage{++pictures}";
        if (main is null) images.Add((id, data, type));
        else
        {
            using var picture = new MemoryStream(data);
            main.AddImagePart(type, id).FeedData(picture);
        }
        var cx = Math.Min(maxWidthEmu, pixelWidth * 9525L);
        var cy = cx * pixelHeight / Math.Max(1, pixelWidth);
        var number = (uint)pictures;
        // The inline picture of WordprocessingML (ISO/IEC 29500-1 §20.4): wp:inline > a:graphic > pic:pic.
        var drawing = new Drawing(new DW.Inline(
            new DW.Extent { Cx = cx, Cy = cy },
            new DW.EffectExtent { LeftEdge = 0L, TopEdge = 0L, RightEdge = 0L, BottomEdge = 0L },
            new DW.DocProperties { Id = number, Name = $"Chart {number}" },
            new DW.NonVisualGraphicFrameDrawingProperties(new A.GraphicFrameLocks { NoChangeAspect = true }),
            new A.Graphic(new A.GraphicData(
                new PIC.Picture(
                    new PIC.NonVisualPictureProperties(new PIC.NonVisualDrawingProperties { Id = 0U, Name = $"chart{number}.png" }, new PIC.NonVisualPictureDrawingProperties()),
                    new PIC.BlipFill(new A.Blip { Embed = id }, new A.Stretch(new A.FillRectangle())),
                    new PIC.ShapeProperties(new A.Transform2D(new A.Offset { X = 0L, Y = 0L }, new A.Extents { Cx = cx, Cy = cy }),
                        new A.PresetGeometry(new A.AdjustValueList()) { Preset = A.ShapeTypeValues.Rectangle })))
            { Uri = "http://schemas.openxmlformats.org/drawingml/2006/picture" }))
        { DistanceFromTop = 0U, DistanceFromBottom = 0U, DistanceFromLeft = 0U, DistanceFromRight = 0U });
        Add(new Paragraph(new ParagraphProperties(new Justification { Val = JustificationValues.Center }), new Run(drawing)));
        return this;
    }

    public WordDocument Title(string text)
    {
        Add(Paragraph(text, JustificationValues.Center, bold: true, halfPoints: 36, indent: false, spacingAfter: 360));
        return this;
    }

    public WordDocument Body(string text)
    {
        Add(Paragraph(text, JustificationValues.Both, bold: false, halfPoints: 28, indent: true, spacingAfter: 60));
        return this;
    }

    /// <summary>A right-aligned line of the signature block, kept on the page of what precedes it.</summary>
    public WordDocument Right(string text)
    {
        // The block before, back over the empty gaps to the content (a table, its gap, a gap, then the signature).
        if (writer is not null) KeepWithNext(pending);
        for (var i = blocks.Count - 1; i >= 0; i--)
        {
            KeepWithNext(blocks[i]);
            if (blocks[i] is not Paragraph { InnerText.Length: 0 }) break;
        }
        Add(Paragraph(text, JustificationValues.Right, bold: false, halfPoints: 28, indent: false, spacingAfter: 60));
        return this;
    }

    // Keep-with-next on a paragraph, or on a table's rows: a short table (a signing list) stays whole with what follows,
    // a long one its last rows.
    private static void KeepWithNext(OpenXmlElement? block)
    {
        var paragraphs = block switch
        {
            Paragraph p => [p],
            Table t => t.Elements<TableRow>().TakeLast(12).SelectMany(r => r.Descendants<Paragraph>()).ToList(),
            _ => new List<Paragraph>(),
        };
        foreach (var paragraph in paragraphs)
        {
            var properties = paragraph.ParagraphProperties ?? paragraph.PrependChild(new ParagraphProperties());
            if (properties.KeepNext is null) properties.KeepNext = new KeepNext();
        }
    }

    /// <summary>A section heading (bold, left).</summary>
    public WordDocument Heading(string text)
    {
        // A heading never ends a page: it stays with the first lines of its section.
        var heading = Paragraph(text, JustificationValues.Left, bold: true, halfPoints: 28, indent: false, spacingAfter: 120);
        KeepWithNext(heading);
        Add(heading);
        return this;
    }

    /// <summary>
    /// A bordered table in a small size so wide tables fit A4: a bold header row repeated on every page, rows that do not
    /// break across pages, and columns as wide as their content asks (a "序号" column narrow, a check text wide).
    /// </summary>
    public WordDocument Table(IReadOnlyList<string> headers, IEnumerable<IReadOnlyList<string>> rows)
    {
        var list = rows as IReadOnlyList<IReadOnlyList<string>> ?? rows.ToList();
        // CT_TblPr order: tblW, tblBorders, tblLayout; a table needs tblGrid and cells need a paragraph.
        var borders = new TableBorders(
            new TopBorder { Val = BorderValues.Single, Size = 4 }, new LeftBorder { Val = BorderValues.Single, Size = 4 },
            new BottomBorder { Val = BorderValues.Single, Size = 4 }, new RightBorder { Val = BorderValues.Single, Size = 4 },
            new InsideHorizontalBorder { Val = BorderValues.Single, Size = 4 }, new InsideVerticalBorder { Val = BorderValues.Single, Size = 4 });
        var table = new Table(new TableProperties(new TableWidth { Width = TextColumnTwips.ToString(), Type = TableWidthUnitValues.Dxa }, borders,
            new TableLayout { Type = TableLayoutValues.Fixed }));
        var widths = ColumnWidths(headers, list);
        table.Append(new TableGrid(widths.Select(w => new GridColumn { Width = w.ToString() })));
        table.Append(Row(headers, header: true));
        if (writer is null)
        {
            foreach (var row in list) table.Append(Row(row, header: false));
            Add(table);
        }
        else
        {
            // Streaming: the table's head, then each row as it is made.
            WritePending();
            writer.WriteStartElement(table);
            foreach (var head in table.ChildElements) writer.WriteElement(head);
            foreach (var row in list) writer.WriteElement(Row(row, header: false));
            writer.WriteEndElement();
        }
        Add(afterTable = new Paragraph());
        return this;

        TableRow Row(IReadOnlyList<string> cells, bool header)
        {
            // CT_TrPr: cantSplit, then tblHeader (the row repeated at the top of each page).
            var row = new TableRow(header ? new TableRowProperties(new CantSplit(), new TableHeader()) : new TableRowProperties(new CantSplit()));
            for (var i = 0; i < cells.Count; i++)
                row.Append(new TableCell(new TableCellProperties(new TableCellWidth { Width = widths[Math.Min(i, widths.Length - 1)].ToString(), Type = TableWidthUnitValues.Dxa }),
                    Paragraph(cells[i], JustificationValues.Left, header, halfPoints: 18, indent: false, spacingAfter: 0)));
            return row;
        }
    }

    // The width of the text column (11906 − 1588 − 1474 twips).
    private const int TextColumnTwips = 8844;

    /// <summary>
    /// Column widths in twips from the content, in display cells (a Chinese character two, a Latin one): a number, a code
    /// or a short label (up to 16 cells, the header up to 8) is never wrapped, a longer text at least keeps its longest
    /// Latin word whole; the width left over goes to the columns whose text would otherwise wrap most, up to 60 cells each.
    /// </summary>
    public static int[] ColumnWidths(IReadOnlyList<string> headers, IReadOnlyList<IReadOnlyList<string>> rows)
    {
        // A cell of 9 pt text is about 95 twips wide; a table cell adds its default margins (2 × 108 twips) and a border.
        const double PerCell = 95, Padding = 230;
        var least = headers.Select(h => Math.Min(Cells(h), 8) * PerCell + Padding).ToArray();
        var natural = headers.Select(h => Cells(h) * PerCell + Padding).ToArray();
        foreach (var row in rows.Take(500))
            for (var i = 0; i < Math.Min(row.Count, least.Length); i++)
            {
                var cells = Cells(row[i]);
                least[i] = Math.Max(least[i], (cells <= 16 ? cells : LongestWord(row[i])) * PerCell + Padding);
                natural[i] = Math.Max(natural[i], Math.Min(cells, 60) * PerCell + Padding);
            }
        var spare = TextColumnTwips - least.Sum();
        var grow = natural.Select((n, i) => Math.Max(0, n - least[i])).ToArray();
        var widths = spare <= 0
            ? least.Select(l => (int)(TextColumnTwips * l / least.Sum())).ToArray()
            : least.Select((l, i) => (int)(l + spare * (grow.Sum() > 0 ? grow[i] / grow.Sum() : l / least.Sum()))).ToArray();
        widths[^1] += TextColumnTwips - widths.Sum();
        return widths;

        static int Cells(string? text) => (text ?? "").Sum(c => c >= 0x2E80 ? 2 : 1);
        static int LongestWord(string text) => text.Split([' ', '/', '\u3000'], StringSplitOptions.RemoveEmptyEntries)
            .Select(w => w.All(c => c < 0x2E80) ? w.Length : 2).DefaultIfEmpty(0).Max();
    }

    public WordDocument Gap()
    {
        Add(new Paragraph());
        return this;
    }

    public byte[] ToBytes()
    {
        using var stream = new MemoryStream();
        using (var document = WordprocessingDocument.Create(stream, WordprocessingDocumentType.Document))
        {
            var main = document.AddMainDocumentPart();
            foreach (var (id, data, type) in images)
            {
                using var picture = new MemoryStream(data);
                main.AddImagePart(type, id).FeedData(picture);
            }
            // The blocks move into the body the first time (a catalogue of 20,000 rows is not copied);
            // a second call finds them placed and copies them.
            var body = new DocumentFormat.OpenXml.Wordprocessing.Body(blocks.Select(b => b == afterTable && b == blocks[^1] ? Closing() : b.Parent is null ? b : b.CloneNode(true)));
            body.Append(PageSetup(main));
            main.Document = new Document(body);
            main.Document.Save();
        }
        return stream.ToArray();
    }

    /// <summary>
    /// The paragraph a body must end with after a table (ISO/IEC 29500-1 §17.4.38: a table is followed by a paragraph),
    /// one point high: a table that fills its page does not push an empty paragraph, and so a blank page, after it.
    /// </summary>
    private static Paragraph Closing() => new(
        new ParagraphProperties(new SpacingBetweenLines { Before = "0", After = "0", Line = "20", LineRule = LineSpacingRuleValues.Exact }),
        new Run(new RunProperties(new FontSize { Val = "2" })));

    private static Paragraph Paragraph(string text, JustificationValues justification, bool bold, int halfPoints, bool indent, int spacingAfter, bool bottomBorder = false)
    {
        // Child order follows the schema (CT_PPr: keepNext, pBdr, spacing, ind, jc; CT_RPr: rFonts, b, sz, szCs).
        var properties = new ParagraphProperties();
        if (bottomBorder) properties.Append(new ParagraphBorders(new BottomBorder { Val = BorderValues.Single, Size = 4, Space = 1 }));
        properties.Append(new SpacingBetweenLines { After = spacingAfter.ToString(), Line = "300", LineRule = LineSpacingRuleValues.Auto });
        if (indent) properties.Append(new Indentation { FirstLineChars = 200 });
        properties.Append(new Justification { Val = justification });
        return new Paragraph(properties, new Run(RunProperties(bold, halfPoints), new Text(text) { Space = SpaceProcessingModeValues.Preserve }));
    }

    private static RunProperties RunProperties(bool bold, int halfPoints)
    {
        // <data>
        var runProperties = new RunProperties(new RunFonts { Ascii = "Times New Roman", HighAnsi = "Times New Roman", EastAsia = "宋体" });
        // </data>
        if (bold) runProperties.Append(new Bold());
        runProperties.Append(new FontSize { Val = halfPoints.ToString() }, new FontSizeComplexScript { Val = halfPoints.ToString() });
        return runProperties;
    }
}
