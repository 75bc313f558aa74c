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
            // A conversion takes 2–10 s here; three minutes allows for a loaded CI machine.
            var result = await ChildProcess.RunAsync(new ProcessStartInfo(soffice, ["--headless", $"-env:UserInstallation=file://{dir}/profile", "--convert-to", "pdf", "--outdir", dir, input]),
                TimeSpan.FromMinutes(3), $"LibreOffice opening a {extension}");
            var pdf = Path.Combine(dir, "document.pdf");
            Assert.True(File.Exists(pdf), $"LibreOffice could not open the {extension}: " + result.Stderr);
            Assert.True(new FileInfo(pdf).Length > 500);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }
}
