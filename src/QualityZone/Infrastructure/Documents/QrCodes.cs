using QRCoder;

namespace QualityZone.Infrastructure.Documents;

/// <summary>QR codes as PNG (QRCoder, MIT): a sample's label, a report's verification address, a session's check-in.</summary>
public static class QrCodes
{
    /// <summary>The code of a text (an address), error correction M (15 %: it survives a smudged print), <paramref name="pixelsPerModule"/> pixels a module.</summary>
    public static byte[] Png(string text, int pixelsPerModule = 6)
    {
        using var generator = new QRCodeGenerator();
        using var data = generator.CreateQrCode(text, QRCodeGenerator.ECCLevel.M);
        return new PngByteQRCode(data).GetGraphic(pixelsPerModule);
    }
}
