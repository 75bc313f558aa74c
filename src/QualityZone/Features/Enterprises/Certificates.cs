using System.Security.Claims;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using QualityZone.Features.Settings;
using QualityZone.Infrastructure;
using QualityZone.Infrastructure.Auth;
using QualityZone.Infrastructure.Data;
using QualityZone.Infrastructure.Files;
using QualityZone.Infrastructure.Localization;

namespace QualityZone.Features.Enterprises;

/// <summary>
/// A quality-management or product certificate (ISO 9001, IATF 16949, CE, EAC, UL… — a configurable
/// list), with its validity and a scanned copy. Task 9.2 asks that zone enterprises be certified to
/// a quality management system; an expiring certificate is flagged 60 days ahead.
/// </summary>
public sealed class Certificate : SoftDeletable, IAggregatePart, IEnterpriseOwned
{
    public const int WarningDays = 60;

    public Guid Id { get; set; } = Guid.CreateVersion7();
    public Guid EnterpriseId { get; set; }
    public required string Type { get; set; }
    public required string Number { get; set; }
    public string? Issuer { get; set; }
    public DateOnly ValidFrom { get; set; }
    public DateOnly ValidTo { get; set; }
    public string? FileSha256 { get; set; }
    public string? FileName { get; set; }
    public string? FileContentType { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    Guid IAggregatePart.AggregateId => EnterpriseId;


    public static CertificateStatus StatusOn(DateOnly validTo, DateOnly today) =>
        validTo < today ? CertificateStatus.Expired
        : validTo <= today.AddDays(WarningDays) ? CertificateStatus.Expiring
        : CertificateStatus.Valid;
}

public enum CertificateStatus { Valid, Expiring, Expired }

/// <summary>A brand or trademark and its level (provincial famous brand, well-known trademark…): task 21.1.</summary>
public sealed class Brand : SoftDeletable, IAggregatePart, IEnterpriseOwned
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public Guid EnterpriseId { get; set; }
    public required string Name { get; set; }
    public required string Level { get; set; }
    public string? RegistrationNumber { get; set; }
    public int? AwardedYear { get; set; }
    public DateOnly? ValidTo { get; set; }
    Guid IAggregatePart.AggregateId => EnterpriseId;

}

public sealed class CertificateConfiguration : IEntityTypeConfiguration<Certificate>
{
    public void Configure(EntityTypeBuilder<Certificate> builder)
    {
        builder.ToTable("enterprise_certificates");
        builder.Property(c => c.Id).ValueGeneratedNever();
        builder.Property(c => c.Type).HasMaxLength(64);
        builder.Property(c => c.Number).HasMaxLength(100);
        builder.Property(c => c.Issuer).HasMaxLength(200);
        builder.Property(c => c.FileSha256).HasMaxLength(64);
        builder.Property(c => c.FileName).HasMaxLength(255);
        builder.Property(c => c.FileContentType).HasMaxLength(128);
        builder.HasIndex(c => new { c.EnterpriseId, c.ValidTo });
        builder.HasIndex(c => c.ValidTo);
    }
}

public sealed class BrandConfiguration : IEntityTypeConfiguration<Brand>
{
    public void Configure(EntityTypeBuilder<Brand> builder)
    {
        builder.ToTable("enterprise_brands");
        builder.Property(b => b.Id).ValueGeneratedNever();
        builder.Property(b => b.Name).HasMaxLength(100);
        builder.Property(b => b.Level).HasMaxLength(64);
        builder.Property(b => b.RegistrationNumber).HasMaxLength(100);
        builder.HasIndex(b => b.EnterpriseId);
    }
}

public sealed record CertificateInput(string? Type, string? Number, string? Issuer, DateOnly? ValidFrom, DateOnly? ValidTo);
public sealed record BrandInput(string? Name, string? Level, string? RegistrationNumber, int? AwardedYear, DateOnly? ValidTo);

/// <summary>Adding and withdrawing certificates and brands: the office for any enterprise, an enterprise for itself.</summary>
public sealed class CertificateCommands(AppDbContext db, FileStore files, TimeProvider clock)
{
    public async Task<CommandResult> AddCertificateAsync(ClaimsPrincipal user, Guid enterpriseId, CertificateInput input, Stream? scan, string? scanName, CancellationToken ct)
    {
        if (!await CanEditAsync(user, enterpriseId, ct)) return CommandResult.NotFound(Text.Get("企业不存在"));
        var types = (await db.ItemsAsync(CodeLists.CertificateTypes, ct)).Select(i => i.Code).ToList();
        if (string.IsNullOrWhiteSpace(input.Type) || !types.Contains(input.Type)) return CommandResult.Invalid(Text.Get("请选择证书类型"));
        if (string.IsNullOrWhiteSpace(input.Number) || input.Number.Trim().Length > 100) return CommandResult.Invalid(Text.Get("请填写证书编号（不超过 100 个字符）"));
        if (input.ValidFrom is null || input.ValidTo is null) return CommandResult.Invalid(Text.Get("请填写有效期起止日期"));
        if (input.ValidTo <= input.ValidFrom) return CommandResult.Invalid(Text.Get("有效期截止日期须晚于起始日期"));
        if (input.Issuer?.Length > 200) return CommandResult.Invalid(Text.Get("发证机构不能超过 200 个字"));
        var certificate = new Certificate
        {
            EnterpriseId = enterpriseId, Type = input.Type, Number = input.Number.Trim(), Issuer = string.IsNullOrWhiteSpace(input.Issuer) ? null : input.Issuer.Trim(),
            ValidFrom = input.ValidFrom.Value, ValidTo = input.ValidTo.Value, CreatedAt = clock.GetUtcNow(),
        };
        if (scan is not null && !string.IsNullOrEmpty(scanName))
        {
            try
            {
                var stored = await files.SaveAsync(scan, scanName, ct);
                (certificate.FileSha256, certificate.FileName, certificate.FileContentType) = (stored.Sha256, stored.FileName, stored.ContentType);
            }
            catch (FileRejectedException ex)
            {
                return CommandResult.Invalid(ex.Message);
            }
        }
        db.Certificates.Add(certificate);
        await db.SaveChangesAsync(ct);
        return CommandResult.Ok;
    }

    public async Task<CommandResult> AddBrandAsync(ClaimsPrincipal user, Guid enterpriseId, BrandInput input, CancellationToken ct)
    {
        if (!await CanEditAsync(user, enterpriseId, ct)) return CommandResult.NotFound(Text.Get("企业不存在"));
        var levels = (await db.ItemsAsync(CodeLists.BrandLevels, ct)).Select(i => i.Code).ToList();
        if (string.IsNullOrWhiteSpace(input.Name) || input.Name.Trim().Length > 100) return CommandResult.Invalid(Text.Get("请填写品牌或商标名称（不超过 100 个字）"));
        if (string.IsNullOrWhiteSpace(input.Level) || !levels.Contains(input.Level)) return CommandResult.Invalid(Text.Get("请选择品牌级别"));
        if (input.AwardedYear is < 1980 or > 2100) return CommandResult.Invalid(Text.Get("获得年份无效"));
        db.Brands.Add(new Brand
        {
            EnterpriseId = enterpriseId, Name = input.Name.Trim(), Level = input.Level,
            RegistrationNumber = string.IsNullOrWhiteSpace(input.RegistrationNumber) ? null : input.RegistrationNumber.Trim(),
            AwardedYear = input.AwardedYear, ValidTo = input.ValidTo,
        });
        await db.SaveChangesAsync(ct);
        return CommandResult.Ok;
    }

    public async Task<CommandResult> WithdrawAsync(ClaimsPrincipal user, Guid enterpriseId, Guid itemId, CancellationToken ct)
    {
        if (!await CanEditAsync(user, enterpriseId, ct)) return CommandResult.NotFound(Text.Get("企业不存在"));
        object? item = await db.Certificates.SingleOrDefaultAsync(c => c.Id == itemId && c.EnterpriseId == enterpriseId, ct)
            ?? (object?)await db.Brands.SingleOrDefaultAsync(b => b.Id == itemId && b.EnterpriseId == enterpriseId, ct);
        if (item is null) return CommandResult.NotFound(Text.Get("记录不存在"));
        db.Remove(item); // a soft delete: the record and its history stay
        await db.SaveChangesAsync(ct);
        return CommandResult.Ok;
    }

    private async Task<bool> CanEditAsync(ClaimsPrincipal user, Guid enterpriseId, CancellationToken ct) =>
        PermissionCatalog.IsGranted(user, EnterprisesPermissions.Edit)
        && EnterpriseScope.For(user).Allows(enterpriseId)
        && await db.Enterprises.AnyAsync(e => e.Id == enterpriseId, ct);
}
