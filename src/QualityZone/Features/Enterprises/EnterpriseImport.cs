using QualityZone.Infrastructure.Telemetry;
using System.Security.Claims;
using Microsoft.EntityFrameworkCore;
using MiniExcelLibs;
using QualityZone.Features.Settings;
using QualityZone.Infrastructure;
using QualityZone.Infrastructure.Auth;
using QualityZone.Infrastructure.Data;
using QualityZone.Infrastructure.Documents;
using QualityZone.Infrastructure.Localization;

namespace QualityZone.Features.Enterprises;

public sealed record ImportResult(int Imported, IReadOnlyList<RowError> Errors)
{
    public bool Succeeded => Errors.Count == 0;
}

/// <summary>
/// Bulk registration from an Excel workbook made from the template. Every row is checked with the
/// same rules as the form; any error anywhere means nothing is saved (all-or-nothing), and the
/// report names row, column and reason.
/// </summary>
public sealed class EnterpriseImport(AppDbContext db, WriteGate writeGate, TimeProvider clock)
{
    public const int MaxRows = 10_000;
    private const int SaveSlice = 200;

    // Template columns, in order. The first two are required. The template is Chinese in both
    // languages: the headers are the file format, not UI text.
    // <data>
    public const string CreditCode = "统一社会信用代码";
    public const string NameZh = "企业名称";
    public const string NameEn = "英文名称";
    public const string CustomsCode = "海关注册编码";
    public const string Address = "地址";
    public const string LegalRepresentative = "法定代表人";
    public const string QualityContact = "质量负责人";
    public const string Phone = "联系电话";
    public const string Employees = "员工人数";
    public const string Output = "年产值（万元）";
    public const string Export = "年出口额（万美元）";
    public const string OwnBrand = "自主品牌占比%";
    public const string Odm = "ODM占比%";
    public const string Oem = "OEM占比%";
    public const string Tier = "海关信用等级";
    public const string Products = "出口产品（HS编码:名称;…）";
    public const string Markets = "主要出口市场（ISO代码;…）";
    public const string Cnas = "CNAS认可实验室（是/否）";
    public const string CnasNumber = "CNAS证书编号";
    public const string CnasExpiry = "CNAS有效期至";
    // </data>

    public static readonly string[] Columns =
        [CreditCode, NameZh, NameEn, CustomsCode, Address, LegalRepresentative, QualityContact, Phone, Employees, Output, Export,
         OwnBrand, Odm, Oem, Tier, Products, Markets, Cnas, CnasNumber, CnasExpiry];

    /// <summary>The template: the header row and one example row (valid, so it can be tried as is).</summary>
    public static async Task<MemoryStream> TemplateAsync(CancellationToken ct)
    {
        // <data>
        var example = new Dictionary<string, object?>
        {
            [CreditCode] = "91350100M000100Y43", [NameZh] = "宁波示例气动科技有限公司", [NameEn] = "Ningbo Example Pneumatic Technology Co., Ltd.",
            [CustomsCode] = "3302960001", [Address] = "浙江省宁波市奉化区示例路 1 号", [LegalRepresentative] = "王某某", [QualityContact] = "李某某",
            [Phone] = "0574-88888888", [Employees] = 260, [Output] = 18500, [Export] = 1200, [OwnBrand] = 40, [Odm] = 35, [Oem] = 25,
            [Tier] = "认证企业", [Products] = "8412310000:气缸; 8481201000:电磁阀", [Markets] = "DE; US; RU", [Cnas] = "是",
            [CnasNumber] = "CNAS L12345", [CnasExpiry] = "2028-06-30",
        };
        // </data>
        var stream = new MemoryStream();
        await stream.SaveAsAsync(new[] { example }, cancellationToken: ct);
        stream.Position = 0;
        return stream;
    }

    public async Task<ImportResult> ImportAsync(ClaimsPrincipal user, Stream workbook, CancellationToken ct)
    {
        var result = await AppMetrics.MeasureImportAsync("enterprises", null, () => ImportCoreAsync(user, workbook, ct), r => r.Errors.Count == 0, r => r.Imported);
        // 1,000 enterprises or more, each saved with its products, markets and audit entry: the garbage handed back (LargeImports).
        if (result.Imported >= LargeImportRows) LargeImports.GiveMemoryBack();
        return result;
    }

    private const int LargeImportRows = 1_000;

    private async Task<ImportResult> ImportCoreAsync(ClaimsPrincipal user, Stream workbook, CancellationToken ct)
    {
        if (ExcelFiles.Refused(workbook, MaxRows) is { } refused) return new ImportResult(0, [refused]);
        List<IDictionary<string, object?>> rows;
        try
        {
            rows = workbook.Query(useHeaderRow: true).Cast<IDictionary<string, object?>>().ToList();
        }
        catch (Exception ex) when (ExcelFiles.IsUnreadable(ex))
        {
            return new ImportResult(0, [ExcelFiles.Unreadable]);
        }
        if (rows.Count == 0) return new ImportResult(0, [new RowError(0, "", Text.Get("文件中没有数据行"))]);
        if (rows.Count > MaxRows) return new ImportResult(0, [new RowError(0, "", Text.Format("一次最多导入 {0} 行", MaxRows))]);
        var missing = new[] { CreditCode, NameZh }.Where(c => !rows[0].ContainsKey(c)).ToList();
        var unknown = rows[0].Keys.Where(k => !Columns.Contains(k) && !k.StartsWith('_') && !string.IsNullOrWhiteSpace(k) && k.Length > 1 && !k.All(char.IsAsciiLetterUpper)).ToList();
        if (missing.Count > 0)
            return new ImportResult(0, missing.Select(c => new RowError(1, c, Text.Get("缺少必需的列，请使用导入模板"))).ToList());

        var tiers = await db.ItemsAsync(CodeLists.CustomsCreditTiers, ct);
        var tierCodes = tiers.Select(t => t.Code).ToList();
        var existing = (await db.Enterprises.IgnoreQueryFilters().Select(e => e.CreditCode).ToListAsync(ct)).ToHashSet();
        var seen = new Dictionary<string, int>();
        var errors = unknown.Select(c => new RowError(1, c, Text.Get("无法识别的列"))).ToList();
        var inputs = new List<EnterpriseInput>(rows.Count);

        for (var i = 0; i < rows.Count; i++)
        {
            var row = new ExcelRow(rows[i], i + 2, errors); // Excel row: the header is row 1
            if (row.IsEmpty) continue;
            var input = new EnterpriseInput
            {
                CreditCode = row.Text(CreditCode), NameZh = row.Text(NameZh), NameEn = row.Text(NameEn), CustomsCode = row.Text(CustomsCode),
                Address = row.Text(Address), LegalRepresentative = row.Text(LegalRepresentative), QualityContact = row.Text(QualityContact),
                QualityContactPhone = row.Text(Phone), Employees = row.Integer(Employees),
                AnnualOutputWanYuan = row.Number(Output), AnnualExportWanUsd = row.Number(Export),
                OwnBrandShare = row.Integer(OwnBrand), OdmShare = row.Integer(Odm), OemShare = row.Integer(Oem),
                CustomsCreditTier = TierCode(row.Text(Tier), tiers),
                Products = EnterpriseInput.ParseProducts(row.Text(Products)), Markets = EnterpriseInput.ParseMarkets(row.Text(Markets)),
                // <data>
                LabCnasAccredited = row.Text(Cnas) is "是" or "Y" or "y" or "yes" or "Yes" or "1" or "TRUE" or "true",
                // </data>
                LabCnasNumber = row.Text(CnasNumber), LabCnasExpiry = row.Date(CnasExpiry),
            };
            foreach (var (field, message) in input.Validate(tierCodes))
                errors.Add(new RowError(row.RowNumber, ColumnOf(field), message));
            if (input.CreditCode is { Length: 18 } code)
            {
                if (existing.Contains(code)) errors.Add(new RowError(row.RowNumber, CreditCode, Text.Format("统一社会信用代码 {0} 已登记", code)));
                else if (seen.TryGetValue(code, out var first)) errors.Add(new RowError(row.RowNumber, CreditCode, Text.Format("与第 {0} 行的统一社会信用代码重复", first)));
                else seen[code] = row.RowNumber;
            }
            inputs.Add(input);
        }
        if (errors.Count > 0) return new ImportResult(0, errors);
        if (inputs.Count == 0) return new ImportResult(0, [new RowError(0, "", Text.Get("文件中没有数据行"))]);

        var now = clock.GetUtcNow();
        var actor = user.DisplayName();
        // One transaction, every row or none, saved a slice at a time with the change tracker emptied in between: EF's
        // ordering of the insert commands and its change detection grow with everything it tracks, and one SaveChanges of
        // 2,000 enterprises with their 12,000 products and markets took 2–3 s and held them all (issue 22, docs/benchmarks.md).
        // An enterprise is saved together with its parts, so its audit entry still holds them (AuditInterceptor).
        await using var transaction = await writeGate.BeginTransactionAsync(db, ct);
        foreach (var slice in inputs.Chunk(SaveSlice))
        {
            foreach (var input in slice)
            {
                var enterprise = new Enterprise { CreditCode = input.CreditCode!, NameZh = input.NameZh! };
                input.ApplyTo(enterprise);
                enterprise.Products.AddRange(input.Products.Select(p => new EnterpriseProduct { EnterpriseId = enterprise.Id, HsCode = p.HsCode, Name = p.Name }));
                enterprise.Markets.AddRange(input.Markets.Select(m => new EnterpriseMarket { EnterpriseId = enterprise.Id, CountryCode = m }));
                enterprise.Register(actor, now);
                db.Enterprises.Add(enterprise);
            }
            await db.SaveChangesAsync(ct);
            db.ChangeTracker.Clear();
        }
        await transaction.CommitAsync(ct);
        return new ImportResult(inputs.Count, []);
    }

    private static string ColumnOf(string field) => field switch
    {
        nameof(EnterpriseInput.CreditCode) => CreditCode,
        nameof(EnterpriseInput.NameZh) => NameZh,
        nameof(EnterpriseInput.NameEn) => NameEn,
        nameof(EnterpriseInput.CustomsCode) => CustomsCode,
        nameof(EnterpriseInput.Address) => Address,
        nameof(EnterpriseInput.LegalRepresentative) => LegalRepresentative,
        nameof(EnterpriseInput.QualityContact) => QualityContact,
        nameof(EnterpriseInput.QualityContactPhone) => Phone,
        nameof(EnterpriseInput.Employees) => Employees,
        nameof(EnterpriseInput.AnnualOutputWanYuan) => Output,
        nameof(EnterpriseInput.AnnualExportWanUsd) => Export,
        nameof(EnterpriseInput.OwnBrandShare) => OwnBrand,
        nameof(EnterpriseInput.CustomsCreditTier) => Tier,
        nameof(EnterpriseInput.Products) => Products,
        nameof(EnterpriseInput.Markets) => Markets,
        nameof(EnterpriseInput.LabCnasNumber) => CnasNumber,
        _ => field,
    };

    /// <summary>The tier column takes the code or the Chinese or English name of a configured tier.</summary>
    private static string? TierCode(string? text, IReadOnlyList<CodeListItem> tiers) =>
        text is null ? null : tiers.FirstOrDefault(t => t.Code == text || t.NameZh == text || string.Equals(t.NameEn, text, StringComparison.OrdinalIgnoreCase))?.Code ?? text;
}
