using SkiaSharp;

namespace QualityZone.Infrastructure.Documents;

/// <summary>
/// What a printed document the zone issues (a test report, a training certificate) carries so anyone can check
/// it: the public address of its verification page and a wide strip with that page's QR code beside the
/// number and code, which prints at column width without a giant code.
/// </summary>
public sealed class VerificationStrip(DocumentFonts fonts, IConfiguration configuration, IHttpContextAccessor http)
{
    /// <summary>Characters of a verification code: no 0/O, 1/I/L to misread from paper.</summary>
    private const string CodeAlphabet = "ABCDEFGHJKMNPQRSTUVWXYZ23456789";

    /// <summary>A new eight-character verification code, from a cryptographic source (it is what makes a forged paper fail).</summary>
    public static string NewCode() =>
        string.Concat(Enumerable.Range(0, 8).Select(_ => CodeAlphabet[System.Security.Cryptography.RandomNumberGenerator.GetInt32(CodeAlphabet.Length)]));

    /// <summary>The public address of a page: Site:PublicUrl, else the address this request came to.</summary>
    public string PublicUrl(string pathAndQuery)
    {
        var origin = configuration["Site:PublicUrl"]?.TrimEnd('/')
            ?? (http.HttpContext?.Request is { } r ? $"{r.Scheme}://{r.Host}" : "http://localhost:5080");
        return origin + pathAndQuery;
    }

    /// <summary>The strip: the QR code of <paramref name="url"/> on the left, two lines of text and the address beside it.</summary>
    public (byte[] Png, int Width, int Height) Png(string url, string firstLine, string secondLine)
    {
        var qr = QrCodes.Png(url, 4);
        const int width = 1200, height = 240;
        using var bitmap = new SKBitmap(width, height);
        using (var canvas = new SKCanvas(bitmap))
        {
            canvas.Clear(SKColors.White);
            using var code = SKBitmap.Decode(qr);
            canvas.DrawBitmap(code, new SKRect(10, 10, 230, 230));
            if (fonts.Available)
            {
                using var ink = new SKPaint { Color = SKColors.Black, IsAntialias = true };
                using var font = new SKFont(fonts.Typeface, 26);
                canvas.DrawText(firstLine, 260, 70, SKTextAlign.Left, font, ink);
                canvas.DrawText(secondLine, 260, 130, SKTextAlign.Left, font, ink);
                using var small = new SKFont(fonts.Typeface, 20);
                canvas.DrawText(url, 260, 185, SKTextAlign.Left, small, ink);
            }
        }
        using var image = bitmap.Encode(SKEncodedImageFormat.Png, 100);
        return (image.ToArray(), width, height);
    }
}
