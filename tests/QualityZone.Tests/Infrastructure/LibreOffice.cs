using System.Diagnostics;
using System.Runtime.CompilerServices;

namespace QualityZone.Tests.Infrastructure;

/// <summary>
/// Opens a generated document in LibreOffice (converts it to PDF headless), as a person would open
/// it. scripts/test.sh installs LibreOffice; on a developer machine without it the check is skipped.
/// </summary>
public static class LibreOffice
{
    /// <summary>
    /// Opens the document in LibreOffice. A Word document is also laid out page by page (images saved as artifacts under
    /// documents/, named after the test) and every page must carry the running header's page number of the total, as
    /// every document the platform generates does (WordDocument).
    /// </summary>
    public static async Task AssertOpensAsync(byte[] document, string extension, [CallerFilePath] string file = "", [CallerMemberName] string test = "")
    {
        if (extension != ".docx")
        {
            await ConvertAsync(document, extension, null);
            return;
        }
        var name = $"{Path.GetFileNameWithoutExtension(file)}-{new string(test.Where(char.IsUpper).ToArray())}-{Interlocked.Increment(ref documents)}";
        var pages = await PagesAsync(document, extension, name);
        if (pages is null) return;
        Assert.NotEmpty(pages);
        var zoneNames = new[] { ZoneName, QualityZone.Infrastructure.Localization.Text.EnglishTranslations[ZoneName] }.Select(n => new string(n.Where(c => !char.IsWhiteSpace(c)).ToArray()));
        for (var i = 0; i < pages.Count; i++)
        {
            string[] numbers = [$"第{i + 1}页共{pages.Count}页", $"Page{i + 1}of{pages.Count}"];
            Assert.True(numbers.Any(pages[i].Contains), $"{name} page {i + 1}: no page number of {pages.Count}: {pages[i][..Math.Min(200, pages[i].Length)]}");
            // Nothing but the running header and the page number: a blank page.
            var content = numbers.Concat(zoneNames).Aggregate(pages[i], (text, furniture) => text.Replace(furniture, ""));
            Assert.True(content.Length > 0, $"{name} page {i + 1} of {pages.Count} is blank");
        }
    }

    private const string ZoneName = "国家级（奉化）出口气动元件质量安全示范区";

    private static int documents;

    /// <summary>
    /// Converts a document to PDF as LibreOffice lays it out and returns each page's text (white space removed); the pages
    /// are also saved as images under the test artifacts (documents/<paramref name="name"/>-N.png) to be looked at.
    /// Null where LibreOffice is not installed on a developer machine.
    /// </summary>
    public static async Task<IReadOnlyList<string>?> PagesAsync(byte[] document, string extension, string name)
    {
        IReadOnlyList<string>? pages = null;
        await ConvertAsync(document, extension, async pdf =>
        {
            // pdftotext separates pages with a form feed.
            var text = await ChildProcess.RunAsync(new ProcessStartInfo("pdftotext", ["-layout", pdf, "-"]), TimeSpan.FromMinutes(1), "pdftotext");
            pages = text.Stdout.Split('\f').SkipLast(1).Select(p => System.Text.RegularExpressions.Regex.Replace(p, @"\s+", "")).ToList();
            var artifacts = Path.Combine(Environment.GetEnvironmentVariable("QZ_TEST_ARTIFACTS") ?? Path.Combine(Path.GetTempPath(), "qz-artifacts"), "documents");
            Directory.CreateDirectory(artifacts);
            await File.WriteAllBytesAsync(Path.Combine(artifacts, name + extension), document);
            var images = await ChildProcess.RunAsync(new ProcessStartInfo("pdftoppm", ["-png", "-r", "60", pdf, Path.Combine(artifacts, name)]), TimeSpan.FromMinutes(2), "pdftoppm");
            Assert.True(images.ExitCode == 0, "pdftoppm: " + images.Stderr);
        });
        return pages;
    }

    private static async Task ConvertAsync(byte[] document, string extension, Func<string, Task>? read)
    {
        var soffice = new[] { "/usr/bin/soffice", "/usr/bin/libreoffice" }.FirstOrDefault(File.Exists);
        if (soffice is null)
        {
            if (Environment.GetEnvironmentVariable("CI") == "true") Assert.Fail("LibreOffice is not installed in CI");
            return;
        }
        var dir = Directory.CreateTempSubdirectory("qz-lo-").FullName;
        try
        {
            var input = Path.Combine(dir, "document" + extension);
            await File.WriteAllBytesAsync(input, document);
            var pdf = Path.Combine(dir, "document.pdf");
            // A conversion takes 2–10 s here; three minutes allows for a loaded CI machine. A headless soffice that starts
            // while another one is starting now and then exits without converting (and says nothing): a second attempt with
            // a fresh profile tells that apart from a document it cannot open, which fails both times.
            var errors = new List<string>();
            for (var attempt = 1; attempt <= 2 && !File.Exists(pdf); attempt++)
            {
                var result = await ChildProcess.RunAsync(new ProcessStartInfo(soffice, ["--headless", $"-env:UserInstallation=file://{dir}/profile{attempt}", "--convert-to", "pdf", "--outdir", dir, input]),
                    TimeSpan.FromMinutes(3), $"LibreOffice opening a {extension}");
                errors.Add($"attempt {attempt}: exit {result.ExitCode} {result.Stderr} {result.Stdout}".Trim());
            }
            Assert.True(File.Exists(pdf), $"LibreOffice could not open the {extension}: " + string.Join(" | ", errors));
            Assert.True(new FileInfo(pdf).Length > 500);
            if (read is not null) await read(pdf);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }
}
