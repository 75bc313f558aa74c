using System.Diagnostics;

namespace QualityZone.Tests.Infrastructure;

/// <summary>
/// Opens a generated document in LibreOffice (converts it to PDF headless), as a person would open
/// it. scripts/test.sh installs LibreOffice; on a developer machine without it the check is skipped.
/// </summary>
public static class LibreOffice
{
    public static async Task AssertOpensAsync(byte[] document, string extension)
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
            var info = new ProcessStartInfo(soffice, ["--headless", $"-env:UserInstallation=file://{dir}/profile", "--convert-to", "pdf", "--outdir", dir, input])
                { RedirectStandardOutput = true, RedirectStandardError = true };
            using var process = Process.Start(info)!;
            using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(3));
            await process.WaitForExitAsync(timeout.Token);
            var pdf = Path.Combine(dir, "document.pdf");
            Assert.True(File.Exists(pdf), $"LibreOffice could not open the {extension}: " + await process.StandardError.ReadToEndAsync());
            Assert.True(new FileInfo(pdf).Length > 500);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }
}
