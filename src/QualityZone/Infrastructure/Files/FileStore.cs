using System.Security.Cryptography;
using QualityZone.Infrastructure.Data;
using QualityZone.Infrastructure.Documents;
using QualityZone.Infrastructure.Localization;

namespace QualityZone.Infrastructure.Files;

/// <summary>A stored file: its SHA-256 names it on disk, so the same content is kept once.</summary>
public sealed record StoredFile(string Sha256, long Size, string ContentType, string FileName);

/// <summary>Why an upload was refused, in the user's language.</summary>
public sealed class FileRejectedException(string message) : Exception(message);

/// <summary>
/// Keeps uploaded files outside wwwroot under <c>Files:Directory</c> (default {data}/files),
/// named by content hash. Checks size and that the content really is of an allowed type: the
/// extension and the browser's content type are not trusted, the first bytes decide.
/// </summary>
public sealed class FileStore
{
    private readonly string root;
    public long MaxBytes { get; }

    public FileStore(IConfiguration configuration)
    {
        root = Path.GetFullPath(configuration["Files:Directory"] ?? Path.Combine(DatabaseSetup.GetDataDirectory(configuration), "files"));
        MaxBytes = configuration.GetValue<long?>("Files:MaxBytes") ?? 20 * 1024 * 1024;
        Directory.CreateDirectory(root);
    }

    public Task<StoredFile> SaveAsync(Stream content, string fileName, CancellationToken cancellationToken) =>
        SaveAsync(content, fileName, MaxBytes, cancellationToken);

    /// <summary>
    /// A document the platform generated itself (a report with its embedded font): kept like an
    /// upload, type and package checks included, but not held to the upload size limit, which is
    /// there for what people send.
    /// </summary>
    public Task<StoredFile> SaveGeneratedAsync(Stream content, string fileName, CancellationToken cancellationToken) =>
        SaveAsync(content, fileName, long.MaxValue, cancellationToken);

    private async Task<StoredFile> SaveAsync(Stream content, string fileName, long maxBytes, CancellationToken cancellationToken)
    {
        fileName = Path.GetFileName(fileName.Replace('\\', '/'));
        if (string.IsNullOrWhiteSpace(fileName)) throw new FileRejectedException(Text.Get("文件名不能为空"));
        var extension = Path.GetExtension(fileName).ToLowerInvariant();
        if (!FileTypes.ByExtension.TryGetValue(extension, out var type))
            throw new FileRejectedException(Text.Format("不允许上传此类型的文件（{0}）。允许：{1}", extension, FileTypes.AllowedList));

        var temp = Path.Combine(root, "tmp-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(root);
        try
        {
            long size;
            string sha256;
            await using (var output = File.Create(temp))
            using (var hasher = IncrementalHash.CreateHash(HashAlgorithmName.SHA256))
            {
                var buffer = new byte[81920];
                size = 0;
                int read;
                var head = new byte[16];
                var headLength = 0;
                while ((read = await content.ReadAsync(buffer, cancellationToken)) > 0)
                {
                    size += read;
                    if (size > maxBytes) throw new FileRejectedException(Text.Format("文件超过大小上限 {0} MB", MaxBytes / 1024 / 1024));
                    if (headLength < head.Length)
                    {
                        var take = Math.Min(head.Length - headLength, read);
                        Array.Copy(buffer, 0, head, headLength, take);
                        headLength += take;
                    }
                    hasher.AppendData(buffer, 0, read);
                    await output.WriteAsync(buffer.AsMemory(0, read), cancellationToken);
                }
                if (size == 0) throw new FileRejectedException(Text.Get("文件为空"));
                if (!type.Matches(head.AsSpan(0, headLength)))
                    throw new FileRejectedException(Text.Format("文件内容与扩展名 {0} 不符", extension));
                sha256 = Convert.ToHexStringLower(hasher.GetHashAndReset());
            }
            // A ZIP package (Office, OFD) is read once through the decompressor: one that expands beyond
            // the limits is refused here, before anyone downloads and opens it.
            if (type.IsZipPackage)
            {
                await using var stored = File.OpenRead(temp);
                if (PackageLimits.Stored.Check(stored) is { } problem) throw new FileRejectedException(problem);
            }

            var path = PathFor(sha256);
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            if (File.Exists(path)) File.Delete(temp);
            else File.Move(temp, path);
            return new StoredFile(sha256, size, type.ContentType, fileName);
        }
        finally
        {
            if (File.Exists(temp)) File.Delete(temp);
        }
    }

    public Stream OpenRead(string sha256) => File.OpenRead(PathFor(sha256));

    /// <summary>The directory where files are kept, for backups.</summary>
    public string Root => root;

    /// <summary>Whether a file can be written now (readiness): a full disk or a read-only mount says no.</summary>
    public bool IsWritable()
    {
        var probe = Path.Combine(root, "tmp-ready-" + Guid.NewGuid().ToString("N"));
        try
        {
            Directory.CreateDirectory(root);
            File.WriteAllBytes(probe, [1]);
            File.Delete(probe);
            return true;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException) { return false; }
    }

    public bool Exists(string sha256) => File.Exists(PathFor(sha256));

    private string PathFor(string sha256)
    {
        if (sha256.Length != 64 || !sha256.All(Uri.IsHexDigit)) throw new ArgumentException("not a SHA-256", nameof(sha256));
        return Path.Combine(root, sha256[..2], sha256[2..4], sha256);
    }
}

public sealed record FileType(string ContentType, byte[][] Signatures)
{
    public bool IsZipPackage => Signatures.Any(s => s.AsSpan().SequenceEqual(FileTypes.Zip));

    public bool Matches(ReadOnlySpan<byte> head)
    {
        foreach (var signature in Signatures)
            if (head.StartsWith(signature)) return true;
        return false;
    }
}

/// <summary>The documents evidence and archives are made of, and the magic bytes each must start with.</summary>
public static class FileTypes
{
    private static readonly byte[] Pdf = "%PDF-"u8.ToArray();
    internal static readonly byte[] Zip = [0x50, 0x4B, 0x03, 0x04];        // OOXML and OFD are ZIP packages
    private static readonly byte[] Ole = [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1]; // legacy .doc/.xls
    private static readonly byte[] Png = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A];
    private static readonly byte[] Jpeg = [0xFF, 0xD8, 0xFF];

    public static readonly IReadOnlyDictionary<string, FileType> ByExtension = new Dictionary<string, FileType>
    {
        [".pdf"] = new("application/pdf", [Pdf]),
        [".docx"] = new("application/vnd.openxmlformats-officedocument.wordprocessingml.document", [Zip]),
        [".xlsx"] = new("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", [Zip]),
        [".pptx"] = new("application/vnd.openxmlformats-officedocument.presentationml.presentation", [Zip]),
        [".ofd"] = new("application/ofd", [Zip]),
        [".doc"] = new("application/msword", [Ole]),
        [".xls"] = new("application/vnd.ms-excel", [Ole]),
        [".png"] = new("image/png", [Png]),
        [".jpg"] = new("image/jpeg", [Jpeg]),
        [".jpeg"] = new("image/jpeg", [Jpeg]),
    };

    public static string AllowedList => string.Join(" ", ByExtension.Keys);

    /// <summary>A photo: PNG or JPEG by its name (the store checks the bytes when it saves).</summary>
    public static bool IsImage(string fileName) => ByExtension.TryGetValue(Path.GetExtension(fileName).ToLowerInvariant(), out var type) && type.ContentType.StartsWith("image/", StringComparison.Ordinal);
}
