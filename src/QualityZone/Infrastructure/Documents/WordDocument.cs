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
/// it is missing (Noto CJK on Debian).
/// </summary>
public sealed class WordDocument : IDocumentWriter
{
    public const string ContentType = "application/vnd.openxmlformats-officedocument.wordprocessingml.document";

    private readonly List<OpenXmlElement> blocks = [];
    private readonly List<(string Id, byte[] Png)> images = [];

    // Streaming mode: the package is open on the caller's stream and each block is written as it comes.
    private WordprocessingDocument? package;
    private MainDocumentPart? main;
    private OpenXmlWriter? writer;

    /// <summary>
    /// A document written to <paramref name="output"/> block by block (a dossier catalogue of tens of
    /// thousands of rows is never a tree in memory); <see cref="Close"/> finishes it.
    /// </summary>
    public static WordDocument Streaming(Stream output)
    {
        var document = new WordDocument { package = WordprocessingDocument.Create(output, WordprocessingDocumentType.Document) };
        document.main = document.package.AddMainDocumentPart();
        document.writer = OpenXmlWriter.Create(document.main);
        document.writer.WriteStartDocument();
        document.writer.WriteStartElement(new Document());
        document.writer.WriteStartElement(new DocumentFormat.OpenXml.Wordprocessing.Body());
        return document;
    }

    /// <summary>Ends a streaming document: the page setup, the body, the package.</summary>
    public void Close()
    {
        if (writer is null || package is null) throw new InvalidOperationException("Close ends a streaming document (WordDocument.Streaming)");
        writer.WriteElement(PageSetup());
        writer.WriteEndElement();
        writer.WriteEndElement();
        writer.Close();
        package.Dispose();
        (writer, package, main) = (null, null, null);
    }

    private void Add(OpenXmlElement block)
    {
        if (writer is null) blocks.Add(block);
        else writer.WriteElement(block);
    }

    // A4 with the margins of GB/T 9704 official documents (37 mm top, 28 mm left, 26 mm right, 35 mm bottom).
    private static SectionProperties PageSetup() => new(
        new PageSize { Width = 11906U, Height = 16838U },
        new PageMargin { Top = 2098, Right = 1474U, Bottom = 1984, Left = 1588U, Header = 851U, Footer = 992U, Gutter = 0U });

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
    public IDocumentWriter Image(byte[] png, int pixelWidth, int pixelHeight)
    {
        var id = $"rIdImage{images.Count + 1}";
        if (main is null) images.Add((id, png));
        else
        {
            using var picture = new MemoryStream(png);
            main.AddImagePart(ImagePartType.Png, id).FeedData(picture);
        }
        var cx = Math.Min(ColumnEmu, pixelWidth * 9525L);
        var cy = cx * pixelHeight / Math.Max(1, pixelWidth);
        var number = (uint)images.Count;
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

    public WordDocument Right(string text)
    {
        Add(Paragraph(text, JustificationValues.Right, bold: false, halfPoints: 28, indent: false, spacingAfter: 60));
        return this;
    }

    /// <summary>A section heading (bold, left).</summary>
    public WordDocument Heading(string text)
    {
        Add(Paragraph(text, JustificationValues.Left, bold: true, halfPoints: 28, indent: false, spacingAfter: 120));
        return this;
    }

    /// <summary>A bordered table with a bold header row, in a small size so wide tables fit A4.</summary>
    public WordDocument Table(IReadOnlyList<string> headers, IEnumerable<IReadOnlyList<string>> rows)
    {
        // CT_TblPr order: tblW, tblBorders, tblLayout; a table needs tblGrid and cells need a paragraph.
        var borders = new TableBorders(
            new TopBorder { Val = BorderValues.Single, Size = 4 }, new LeftBorder { Val = BorderValues.Single, Size = 4 },
            new BottomBorder { Val = BorderValues.Single, Size = 4 }, new RightBorder { Val = BorderValues.Single, Size = 4 },
            new InsideHorizontalBorder { Val = BorderValues.Single, Size = 4 }, new InsideVerticalBorder { Val = BorderValues.Single, Size = 4 });
        var table = new Table(new TableProperties(new TableWidth { Width = "5000", Type = TableWidthUnitValues.Pct }, borders));
        var grid = new TableGrid();
        foreach (var _ in headers) grid.Append(new GridColumn { Width = (8844 / Math.Max(1, headers.Count)).ToString() });
        table.Append(grid);
        table.Append(Row(headers, bold: true));
        foreach (var row in rows) table.Append(Row(row, bold: false));
        Add(table);
        Add(new Paragraph());
        return this;

        static TableRow Row(IReadOnlyList<string> cells, bool bold) =>
            new(cells.Select(text => new TableCell(Paragraph(text, JustificationValues.Left, bold, halfPoints: 18, indent: false, spacingAfter: 0))));
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
            foreach (var (id, png) in images)
            {
                using var picture = new MemoryStream(png);
                main.AddImagePart(ImagePartType.Png, id).FeedData(picture);
            }
            // The blocks move into the body the first time (a catalogue of 20,000 rows is not copied);
            // a second call finds them placed and copies them.
            var body = new DocumentFormat.OpenXml.Wordprocessing.Body(blocks.Select(b => b.Parent is null ? b : b.CloneNode(true)));
            body.Append(PageSetup());
            main.Document = new Document(body);
            main.Document.Save();
        }
        return stream.ToArray();
    }

    private static Paragraph Paragraph(string text, JustificationValues justification, bool bold, int halfPoints, bool indent, int spacingAfter)
    {
        // Child order follows the schema (CT_PPr: spacing, ind, jc; CT_RPr: rFonts, b, sz, szCs).
        var properties = new ParagraphProperties(new SpacingBetweenLines { After = spacingAfter.ToString(), Line = "300", LineRule = LineSpacingRuleValues.Auto });
        if (indent) properties.Append(new Indentation { FirstLineChars = 200 });
        properties.Append(new Justification { Val = justification });
        // <data>
        var runProperties = new RunProperties(new RunFonts { Ascii = "Times New Roman", HighAnsi = "Times New Roman", EastAsia = "宋体" });
        // </data>
        if (bold) runProperties.Append(new Bold());
        runProperties.Append(new FontSize { Val = halfPoints.ToString() }, new FontSizeComplexScript { Val = halfPoints.ToString() });
        return new Paragraph(properties, new Run(runProperties, new Text(text) { Space = SpaceProcessingModeValues.Preserve }));
    }
}
