using QualityZone.Infrastructure.Documents;
using SkiaSharp;

namespace QualityZone.Infrastructure.Demo;

/// <summary>
/// Photos for the demo zone (issue 21: not 1 × 1 pixels): a drawn shop-floor scene — wall, floor, a workbench with
/// cylinders and a tagged tray — with the camera's date stamp and what was photographed, as a JPEG of a few kilobytes.
/// Each photo varies with its seed, so the records do not all show the same picture.
/// </summary>
public static class DemoPhotos
{
    public const string ContentType = "image/jpeg";

    public static byte[] ShopFloor(int seed, string stamp, string caption, DocumentFonts? fonts)
    {
        var random = new Random(seed);
        const int width = 480, height = 360;
        using var bitmap = new SKBitmap(width, height);
        using (var canvas = new SKCanvas(bitmap))
        {
            // Wall and floor, lit from the left.
            using (var wall = new SKPaint { Shader = SKShader.CreateLinearGradient(new SKPoint(0, 0), new SKPoint(width, 0), [new SKColor(0xE4, 0xE7, 0xE2), new SKColor(0xB9, 0xBF, 0xBA)], SKShaderTileMode.Clamp) })
                canvas.DrawRect(0, 0, width, 210, wall);
            using (var floor = new SKPaint { Color = new SKColor((byte)(0x6E + random.Next(20)), 0x86, 0x7A) })
                canvas.DrawRect(0, 210, width, height - 210, floor);
            // A workbench with cylinders of varied bore and stroke.
            using var bench = new SKPaint { Color = new SKColor(0x5B, 0x4A, 0x3A), IsAntialias = true };
            canvas.DrawRect(30, 190, 420, 18, bench);
            canvas.DrawRect(45, 208, 14, 110, bench);
            canvas.DrawRect(420, 208, 14, 110, bench);
            var x = 50f;
            for (var i = 0; i < 5 + random.Next(3); i++)
            {
                var bore = 22 + random.Next(22);
                var stroke = 70 + random.Next(60);
                using var metal = new SKPaint
                {
                    IsAntialias = true,
                    Shader = SKShader.CreateLinearGradient(new SKPoint(0, 190 - bore), new SKPoint(0, 190), [new SKColor(0xF2, 0xF4, 0xF6), new SKColor(0x8C, 0x95, 0x9E)], SKShaderTileMode.Clamp),
                };
                if (x + stroke > 440) break;
                canvas.DrawRoundRect(x, 190 - bore, stroke, bore, 4, 4, metal);
                using var cap = new SKPaint { Color = new SKColor(0x2F, 0x4F, 0x8F), IsAntialias = true };
                canvas.DrawRect(x, 190 - bore - 2, 10, bore + 2, cap);
                canvas.DrawRect(x + stroke - 10, 190 - bore - 2, 10, bore + 2, cap);
                x += stroke + 8 + random.Next(12);
            }
            // A tray with its red nonconforming-product tag (GB/T 19001 8.7: identified and kept apart).
            using (var tray = new SKPaint { Color = new SKColor(0x3C, 0x64, 0x9A) })
                canvas.DrawRect(300 + random.Next(40), 250, 120, 50, tray);
            using (var tag = new SKPaint { Color = new SKColor(0xD0, 0x31, 0x2D) })
                canvas.DrawRect(320 + random.Next(40), 240, 42, 22, tag);
            if (fonts is { Available: true })
            {
                using var shade = new SKPaint { Color = new SKColor(0, 0, 0, 150) };
                canvas.DrawRect(0, height - 34, width, 34, shade);
                using var ink = new SKPaint { Color = SKColors.White, IsAntialias = true };
                using var font = new SKFont(fonts.Typeface, 15);
                canvas.DrawText(caption, 10, height - 12, SKTextAlign.Left, font, ink);
                using var stampInk = new SKPaint { Color = new SKColor(0xFF, 0xA5, 0x00), IsAntialias = true };
                canvas.DrawText(stamp, width - 10, 22, SKTextAlign.Right, font, stampInk);
            }
        }
        using var image = bitmap.Encode(SKEncodedImageFormat.Jpeg, 70);
        return image.ToArray();
    }
}
