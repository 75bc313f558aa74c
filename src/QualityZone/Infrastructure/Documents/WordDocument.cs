using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Wordprocessing;

namespace QualityZone.Infrastructure.Documents;

/// <summary>
/// Builds simple official documents (.docx) with DocumentFormat.OpenXml: a centred title, body
/// paragraphs indented two characters as Chinese official writing is, and right-aligned lines for
/// the signature block. Chinese runs name 宋体 (SimSun); LibreOffice substitutes a CJK font where
/// it is missing (Noto CJK on Debian).
/// </summary>
public sealed class WordDocument
{
    private readonly List<OpenXmlElement> blocks = [];

    public WordDocument Title(string text)
    {
        blocks.Add(Paragraph(text, JustificationValues.Center, bold: true, halfPoints: 36, indent: false, spacingAfter: 360));
        return this;
    }

    public WordDocument Body(string text)
    {
        blocks.Add(Paragraph(text, JustificationValues.Both, bold: false, halfPoints: 28, indent: true, spacingAfter: 60));
        return this;
    }

    public WordDocument Right(string text)
    {
        blocks.Add(Paragraph(text, JustificationValues.Right, bold: false, halfPoints: 28, indent: false, spacingAfter: 60));
        return this;
    }

    public WordDocument Gap()
    {
        blocks.Add(new Paragraph());
        return this;
    }

    public byte[] ToBytes()
    {
        using var stream = new MemoryStream();
        using (var document = WordprocessingDocument.Create(stream, WordprocessingDocumentType.Document))
        {
            var main = document.AddMainDocumentPart();
            var body = new DocumentFormat.OpenXml.Wordprocessing.Body(blocks.Select(b => b.CloneNode(true)));
            // A4 with the margins of GB/T 9704 official documents (37 mm top, 28 mm left, 26 mm right, 35 mm bottom).
            body.Append(new SectionProperties(
                new PageSize { Width = 11906U, Height = 16838U },
                new PageMargin { Top = 2098, Right = 1474U, Bottom = 1984, Left = 1588U, Header = 851U, Footer = 992U, Gutter = 0U }));
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
