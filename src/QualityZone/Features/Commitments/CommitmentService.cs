using System.Globalization;
using System.Security.Claims;
using Microsoft.EntityFrameworkCore;
using QualityZone.Features.Enterprises;
using QualityZone.Infrastructure;
using QualityZone.Infrastructure.Auth;
using QualityZone.Infrastructure.Data;
using QualityZone.Infrastructure.Documents;
using QualityZone.Infrastructure.Files;
using QualityZone.Infrastructure.Localization;

namespace QualityZone.Features.Commitments;

public sealed record CoverageRow(Guid EnterpriseId, string NameZh, string CreditCode, EnterpriseState State, int? SignedVersion, DateOnly? SignedOn);

public sealed record Coverage(int CurrentVersion, int InZone, int Signed, IReadOnlyList<CoverageRow> Rows)
{
    public double Ratio => InZone == 0 ? 0 : (double)Signed / InZone;
}

/// <summary>The letter's template versions, the generated .docx per enterprise, signing and coverage.</summary>
public sealed class CommitmentService(AppDbContext db, FileStore files, ZoneClock zoneClock, TimeProvider clock)
{
    public const int MaxBodyLength = 20000;

    /// <summary>States in which an enterprise belongs to the zone and must have signed.</summary>
    public static readonly EnterpriseState[] InZone = [EnterpriseState.Admitted, EnterpriseState.Watch, EnterpriseState.Suspended];

    private sealed record SeedEntry(string Title, string Body, string Signature);

    public static async Task EnsureTemplateAsync(AppDbContext db, CancellationToken ct)
    {
        if (await db.CommitmentTemplates.AnyAsync(ct)) return;
        var seed = SeedFile.Read<SeedEntry>(typeof(CommitmentService), "commitment-template.seed.json")[0];
        db.CommitmentTemplates.Add(new CommitmentTemplate { Version = 1, Title = seed.Title, Body = seed.Body + "\n\n" + seed.Signature, CreatedAt = DateTimeOffset.UtcNow, CreatedBy = "system" });
        await db.SaveChangesAsync(ct);
    }

    public Task<CommitmentTemplate> CurrentAsync(CancellationToken ct) =>
        db.CommitmentTemplates.AsNoTracking().OrderByDescending(t => t.Version).FirstAsync(ct);

    public Task<List<CommitmentTemplate>> VersionsAsync(CancellationToken ct) =>
        db.CommitmentTemplates.AsNoTracking().OrderByDescending(t => t.Version).ToListAsync(ct);

    /// <summary>Publishes a new version: from now on every enterprise must sign it.</summary>
    public async Task<CommandResult> PublishAsync(ClaimsPrincipal user, string? title, string? body, CancellationToken ct)
    {
        title = title?.Trim();
        body = body?.Replace("\r\n", "\n").Trim();
        if (string.IsNullOrEmpty(title) || title.Length > 100) return CommandResult.Invalid(Text.Get("请填写标题（不超过 100 个字）"));
        if (string.IsNullOrEmpty(body) || body.Length > MaxBodyLength) return CommandResult.Invalid(Text.Format("正文不能为空，且不超过 {0} 个字", MaxBodyLength));
        if (!body.Contains(CommitmentTemplate.Placeholders[0])) return CommandResult.Invalid(Text.Get("正文须包含占位符 {企业名称}"));
        var current = await CurrentAsync(ct);
        if (current.Title == title && current.Body == body) return CommandResult.Invalid(Text.Get("内容与当前版本相同，无需发布新版本"));
        db.CommitmentTemplates.Add(new CommitmentTemplate { Version = current.Version + 1, Title = title, Body = body, CreatedAt = clock.GetUtcNow(), CreatedBy = user.DisplayName() });
        await db.SaveChangesAsync(ct);
        return CommandResult.Ok;
    }

    /// <summary>The current letter filled in for one enterprise, as a .docx (null when out of scope).</summary>
    public async Task<(byte[] Content, string FileName)?> GenerateAsync(ClaimsPrincipal user, Guid enterpriseId, CancellationToken ct)
    {
        var enterprise = await db.Enterprises.AsNoTracking().ForScope(EnterpriseScope.For(user)).SingleOrDefaultAsync(e => e.Id == enterpriseId, ct);
        if (enterprise is null) return null;
        var template = await CurrentAsync(ct);
        var today = zoneClock.Today;
        // <data>
        string Fill(string text) => text
            .Replace("{企业名称}", enterprise.NameZh).Replace("{统一社会信用代码}", enterprise.CreditCode)
            .Replace("{法定代表人}", enterprise.LegalRepresentative ?? "________").Replace("{地址}", enterprise.Address ?? "________")
            .Replace("{日期}", today.ToString("yyyy年M月d日", CultureInfo.InvariantCulture));
        // </data>

        var document = new WordDocument().Title(Fill(template.Title));
        var (main, signature) = SplitSignature(Fill(template.Body));
        foreach (var paragraph in main.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)) document.Body(paragraph);
        document.Gap();
        foreach (var line in signature.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)) document.Right(line);
        document.Right($"（{Text.Get("承诺书版本")} v{template.Version}）");
        return (document.ToBytes(), $"{template.Title}-{enterprise.NameZh}-v{template.Version}.docx");
    }

    /// <summary>The signature block is the paragraph after the last blank line, when there is one.</summary>
    private static (string Main, string Signature) SplitSignature(string body)
    {
        var at = body.LastIndexOf("\n\n", StringComparison.Ordinal);
        return at < 0 ? (body, "") : (body[..at], body[(at + 2)..]);
    }

    /// <summary>Records the signed copy of the current version.</summary>
    public async Task<CommandResult> SignAsync(ClaimsPrincipal user, Guid enterpriseId, string? signatory, DateOnly? signedOn, Stream? scan, string? scanName, CancellationToken ct)
    {
        if (!EnterpriseScope.For(user).Allows(enterpriseId) || !await db.Enterprises.AnyAsync(e => e.Id == enterpriseId, ct))
            return CommandResult.NotFound(Text.Get("企业不存在"));
        signatory = signatory?.Trim();
        if (string.IsNullOrEmpty(signatory) || signatory.Length > 50) return CommandResult.Invalid(Text.Get("请填写签署人（不超过 50 个字）"));
        if (signedOn is null) return CommandResult.Invalid(Text.Get("请填写签署日期"));
        if (signedOn > zoneClock.Today) return CommandResult.Invalid(Text.Get("签署日期不能晚于今天"));
        if (scan is null || string.IsNullOrEmpty(scanName)) return CommandResult.Invalid(Text.Get("请上传盖章签字后的承诺书扫描件"));
        StoredFile stored;
        try
        {
            stored = await files.SaveAsync(scan, scanName, ct);
        }
        catch (FileRejectedException ex)
        {
            return CommandResult.Invalid(ex.Message);
        }
        var template = await CurrentAsync(ct);
        db.CommitmentLetters.Add(new CommitmentLetter
        {
            EnterpriseId = enterpriseId, TemplateVersion = template.Version, SignedOn = signedOn.Value, Signatory = signatory,
            FileSha256 = stored.Sha256, FileName = stored.FileName, FileContentType = stored.ContentType,
            RecordedBy = user.DisplayName(), RecordedAt = clock.GetUtcNow(),
        });
        await db.SaveChangesAsync(ct);
        return CommandResult.Ok;
    }

    /// <summary>Who in the zone has signed the current version (signed / all enterprises in the zone).</summary>
    public async Task<Coverage> CoverageAsync(CancellationToken ct)
    {
        var version = (await CurrentAsync(ct)).Version;
        var rows = await db.Enterprises.AsNoTracking().Where(e => InZone.Contains(e.State)).OrderBy(e => e.NameZh)
            .Select(e => new CoverageRow(e.Id, e.NameZh, e.CreditCode, e.State,
                db.CommitmentLetters.Where(l => l.EnterpriseId == e.Id).Max(l => (int?)l.TemplateVersion),
                db.CommitmentLetters.Where(l => l.EnterpriseId == e.Id).OrderByDescending(l => l.TemplateVersion).ThenByDescending(l => l.SignedOn).Select(l => (DateOnly?)l.SignedOn).FirstOrDefault()))
            .ToListAsync(ct);
        return new Coverage(version, rows.Count, rows.Count(r => r.SignedVersion == version), rows);
    }

    /// <summary>Only the figures (for dashboards): two counts instead of a row per enterprise.</summary>
    public async Task<Coverage> CoverageFiguresAsync(CancellationToken ct)
    {
        var version = (await CurrentAsync(ct)).Version;
        var inZone = db.Enterprises.AsNoTracking().Where(e => InZone.Contains(e.State));
        var total = await inZone.CountAsync(ct);
        var signed = await inZone.CountAsync(e => db.CommitmentLetters.Any(l => l.EnterpriseId == e.Id && l.TemplateVersion == version), ct);
        return new Coverage(version, total, signed, []);
    }

    public Task<List<CommitmentLetter>> LettersAsync(Guid enterpriseId, CancellationToken ct) =>
        db.CommitmentLetters.AsNoTracking().Where(l => l.EnterpriseId == enterpriseId).OrderByDescending(l => l.TemplateVersion).ThenByDescending(l => l.SignedOn).ToListAsync(ct);
}
