using System.Diagnostics;

namespace QualityZone.Tests.Infrastructure;

/// <summary>Reads a PDF's text back with poppler's pdftotext (installed by scripts/test.sh), and lists its fonts with pdffonts.</summary>
public static class PdfText
{
    /// <summary>The text with all white space removed: lines wrap anywhere in Chinese, so a phrase is looked for without it.</summary>
    public static async Task<string> ReadAsync(byte[] pdf) => System.Text.RegularExpressions.Regex.Replace(await RunAsync("pdftotext", pdf, [], "-"), @"\s+", "");

    public static async Task<string> FontsAsync(byte[] pdf) => await RunAsync("pdffonts", pdf, [], null);

    private static async Task<string> RunAsync(string tool, byte[] pdf, string[] options, string? output)
    {
        var path = Path.Combine(Path.GetTempPath(), $"qz-{Guid.NewGuid():N}.pdf");
        await File.WriteAllBytesAsync(path, pdf);
        try
        {
            string[] arguments = [.. options, path, .. output is null ? Array.Empty<string>() : [output]];
            // pdftotext takes well under a second; a minute allows for a loaded CI machine.
            var result = await ChildProcess.RunAsync(new ProcessStartInfo(tool, arguments), TimeSpan.FromMinutes(1), tool);
            Assert.True(result.ExitCode == 0, $"{tool} could not read the PDF: {result.Stderr}");
            return result.Stdout;
        }
        finally
        {
            File.Delete(path);
        }
    }
}
