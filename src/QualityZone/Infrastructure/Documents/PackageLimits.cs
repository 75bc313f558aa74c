using System.IO.Compression;
using System.Xml;
using QualityZone.Infrastructure.Localization;

namespace QualityZone.Infrastructure.Documents;

/// <summary>
/// Limits on what an uploaded ZIP package (.xlsx, .docx, .pptx, .ofd) may expand to, checked while it is
/// decompressed, before any reader builds strings or rows from it. A 300 KB workbook can hold a 300 MiB cell
/// (deflate compresses a repeated character about 1000:1): the sizes in the ZIP directory are written by the
/// sender and are not trusted, the bytes are counted as they come out of the decompressor.
/// </summary>
public sealed record PackageLimits(long MaxUncompressedBytes, int MaxEntries, int MaxCellCharacters, int MaxRowsPerSheet)
{
    /// <summary>Excel's own limit on a cell is 32,767 characters; no template of the platform comes near it.</summary>
    public const int ExcelCellCharacters = 32_767;

    /// <summary>Any stored package (evidence, attachments): bounded in size and entries, its XML not read.</summary>
    public static PackageLimits Stored { get; } = new(256L * 1024 * 1024, 10_000, int.MaxValue, int.MaxValue);

    /// <summary>A workbook to import with at most <paramref name="maxRows"/> data rows per sheet (plus the header).</summary>
    public static PackageLimits Workbook(int maxRows) => new(100L * 1024 * 1024, 1_000, ExcelCellCharacters, maxRows + 1);

    /// <summary>
    /// Reads the whole package through the decompressor once; returns why it is refused (in the user's language),
    /// or null. The stream must be seekable and is left at position 0. A stream that is not a ZIP is not judged
    /// here (null): the reader that follows refuses it with its own message.
    /// </summary>
    public string? Check(Stream package)
    {
        package.Position = 0;
        try
        {
            using var zip = new ZipArchive(package, ZipArchiveMode.Read, leaveOpen: true);
            if (zip.Entries.Count > MaxEntries) return Text.Format("文件包含的部件过多（超过 {0} 个），已拒绝", MaxEntries);
            long total = 0;
            var buffer = new byte[81920];
            foreach (var entry in zip.Entries)
            {
                using var counted = new CountingStream(entry.Open(), MaxUncompressedBytes - total);
                var name = entry.FullName.Replace('\\', '/');
                var isSheetXml = name.StartsWith("xl/worksheets/", StringComparison.OrdinalIgnoreCase) && name.EndsWith(".xml", StringComparison.OrdinalIgnoreCase);
                var isSharedStrings = name.Equals("xl/sharedStrings.xml", StringComparison.OrdinalIgnoreCase);
                string? problem = null;
                try
                {
                    if (MaxCellCharacters != int.MaxValue && (isSheetXml || isSharedStrings))
                        problem = CheckXml(counted, isSheetXml);
                    while (problem is null && counted.Read(buffer, 0, buffer.Length) > 0) { } // the rest of the part, counted
                }
                catch (Exception ex) when (counted.Exceeded && ex is IOException or XmlException) { problem = Expanded; }
                if (problem == Expanded) return Text.Format("文件解压后超过 {0} MB 上限，已拒绝", MaxUncompressedBytes / 1024 / 1024);
                if (problem is not null) return problem;
                total += counted.Count;
            }
            return null;
        }
        // Not a package at all: the reader that follows reports the file as unreadable. What a stream throws for a file
        // shorter than a zip's end record depends on the stream (an upload read in place throws IOException).
        catch (Exception ex) when (ex is InvalidDataException or IOException or ArgumentException) { return null; }
        finally { package.Position = 0; }
    }

    private const string Expanded = "expanded";

    /// <summary>Streams a sheet or the shared strings: text longer than a cell may be, or too many rows, stops the read.</summary>
    private string? CheckXml(CountingStream xml, bool isSheet)
    {
        var settings = new XmlReaderSettings { DtdProcessing = DtdProcessing.Prohibit, XmlResolver = null, IgnoreWhitespace = true, CloseInput = false };
        var rows = 0;
        var chunk = new char[4096];
        try
        {
            using var reader = XmlReader.Create(xml, settings);
            while (reader.Read())
            {
                if (isSheet && reader.NodeType == XmlNodeType.Element && reader.LocalName == "row" && ++rows > MaxRowsPerSheet)
                    return Text.Format("工作表超过 {0} 行，已拒绝", MaxRowsPerSheet - 1);
                if (reader.NodeType is XmlNodeType.Text or XmlNodeType.CDATA)
                {
                    // Counted in chunks: the text is never held as one string.
                    long length = 0;
                    int read;
                    while ((read = reader.ReadValueChunk(chunk, 0, chunk.Length)) > 0)
                        if ((length += read) > MaxCellCharacters) return Text.Format("单元格内容超过 {0} 个字符，已拒绝", MaxCellCharacters);
                }
            }
        }
        catch (XmlException) when (!xml.Exceeded) { } // malformed XML: the workbook reader refuses it with its own message
        return null;
    }

    /// <summary>Counts what is read and fails once more than the allowance has come out.</summary>
    private sealed class CountingStream(Stream inner, long allowance) : Stream
    {
        public long Count { get; private set; }
        public bool Exceeded { get; private set; }

        public override int Read(byte[] buffer, int offset, int count)
        {
            var read = inner.Read(buffer, offset, count);
            Count += read;
            if (Count > allowance)
            {
                Exceeded = true;
                throw new IOException("package expands beyond its limit");
            }
            return read;
        }

        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => Count; set => throw new NotSupportedException(); }
        public override void Flush() { }
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        protected override void Dispose(bool disposing)
        {
            if (disposing) inner.Dispose();
            base.Dispose(disposing);
        }
    }
}
