using System.Globalization;
using QualityZone.Features.Reference;
using QualityZone.Infrastructure.Localization;

namespace QualityZone.Features.Enterprises;

/// <summary>
/// An enterprise's profile as the form, the API and the Excel import submit it. One validator
/// serves all three, so the same rules give the same messages everywhere.
/// </summary>
public sealed class EnterpriseInput
{
    public string? CreditCode { get; set; }
    public string? CustomsCode { get; set; }
    public string? NameZh { get; set; }
    public string? NameEn { get; set; }
    public string? Address { get; set; }
    public string? LegalRepresentative { get; set; }
    public string? QualityContact { get; set; }
    public string? QualityContactPhone { get; set; }
    public int? Employees { get; set; }
    public decimal? AnnualOutputWanYuan { get; set; }
    public decimal? AnnualExportWanUsd { get; set; }
    public int? OwnBrandShare { get; set; }
    public int? OdmShare { get; set; }
    public int? OemShare { get; set; }
    public string? CustomsCreditTier { get; set; }
    public bool LabCnasAccredited { get; set; }
    public string? LabCnasNumber { get; set; }
    public DateOnly? LabCnasExpiry { get; set; }
    /// <summary>"HS code:product name" pairs, e.g. "8412310000:气缸".</summary>
    public List<ProductInput> Products { get; set; } = [];
    /// <summary>ISO 3166-1 alpha-2 codes.</summary>
    public List<string> Markets { get; set; } = [];

    public sealed record ProductInput(string HsCode, string Name);

    public static EnterpriseInput From(Enterprise e) => new()
    {
        CreditCode = e.CreditCode, CustomsCode = e.CustomsCode, NameZh = e.NameZh, NameEn = e.NameEn, Address = e.Address,
        LegalRepresentative = e.LegalRepresentative, QualityContact = e.QualityContact, QualityContactPhone = e.QualityContactPhone,
        Employees = e.Employees, AnnualOutputWanYuan = e.AnnualOutputWanYuan, AnnualExportWanUsd = e.AnnualExportWanUsd,
        OwnBrandShare = e.OwnBrandShare, OdmShare = e.OdmShare, OemShare = e.OemShare, CustomsCreditTier = e.CustomsCreditTier,
        LabCnasAccredited = e.LabCnasAccredited, LabCnasNumber = e.LabCnasNumber, LabCnasExpiry = e.LabCnasExpiry,
        Products = e.Products.Select(p => new ProductInput(p.HsCode, p.Name)).ToList(),
        Markets = e.Markets.Select(m => m.CountryCode).ToList(),
    };

    /// <summary>Products written as 8412310000:气缸; 8481201000:电磁阀 (the form and the Excel column).</summary>
    public static List<ProductInput> ParseProducts(string? text) =>
        (text ?? "").Split([';', '；', '\n'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(part => part.Split([':', '：'], 2, StringSplitOptions.TrimEntries))
            .Select(pair => new ProductInput(pair[0], pair.Length > 1 ? pair[1] : ""))
            .ToList();

    public static string FormatProducts(IEnumerable<ProductInput> products) => string.Join("; ", products.Select(p => $"{p.HsCode}:{p.Name}"));

    public static List<string> ParseMarkets(string? text) =>
        (text ?? "").Split([';', '；', ',', '，', ' ', '、'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(code => code.ToUpperInvariant()).ToList();

    /// <summary>
    /// Checks every field; returns (field, message) for each problem, in the user's language.
    /// <paramref name="creditTiers"/> is the configurable list of customs credit tier codes.
    /// </summary>
    public List<(string Field, string Message)> Validate(IReadOnlyCollection<string> creditTiers)
    {
        var errors = new List<(string, string)>();
        void Fail(string field, string message) => errors.Add((field, message));

        CreditCode = CreditCode?.Trim().ToUpperInvariant();
        if (string.IsNullOrEmpty(CreditCode)) Fail(nameof(CreditCode), Text.Get("统一社会信用代码不能为空"));
        else if (Enterprises.CreditCode.Problem(CreditCode) is { } problem) Fail(nameof(CreditCode), problem);

        CustomsCode = Blank(CustomsCode)?.ToUpperInvariant();
        if (CustomsCode is not null && (CustomsCode.Length != 10 || !CustomsCode.All(char.IsAsciiLetterOrDigit)))
            Fail(nameof(CustomsCode), Text.Get("海关注册编码应为 10 位字母或数字"));

        NameZh = Blank(NameZh);
        if (NameZh is null) Fail(nameof(NameZh), Text.Get("企业名称不能为空"));
        else if (NameZh.Length > 200) Fail(nameof(NameZh), Text.Get("企业名称不能超过 200 个字"));
        NameEn = Blank(NameEn);
        if (NameEn?.Length > 300) Fail(nameof(NameEn), Text.Get("英文名称不能超过 300 个字符"));
        Address = Blank(Address);
        if (Address?.Length > 300) Fail(nameof(Address), Text.Get("地址不能超过 300 个字"));
        LegalRepresentative = Blank(LegalRepresentative);
        if (LegalRepresentative?.Length > 50) Fail(nameof(LegalRepresentative), Text.Get("法定代表人不能超过 50 个字"));
        QualityContact = Blank(QualityContact);
        if (QualityContact?.Length > 50) Fail(nameof(QualityContact), Text.Get("质量负责人不能超过 50 个字"));
        QualityContactPhone = Blank(QualityContactPhone);
        if (QualityContactPhone is not null && (QualityContactPhone.Length > 30 || !QualityContactPhone.All(c => char.IsAsciiDigit(c) || c is '-' or '+' or ' ' or '(' or ')')))
            Fail(nameof(QualityContactPhone), Text.Get("联系电话格式不正确"));

        if (Employees is < 0 or > 1_000_000) Fail(nameof(Employees), Text.Get("员工人数须在 0 到 1000000 之间"));
        if (AnnualOutputWanYuan is < 0 or > 100_000_000) Fail(nameof(AnnualOutputWanYuan), Text.Get("年产值须为 0 到 1 亿万元之间的数"));
        if (AnnualExportWanUsd is < 0 or > 100_000_000) Fail(nameof(AnnualExportWanUsd), Text.Get("年出口额须为 0 到 1 亿万美元之间的数"));

        int?[] shares = [OwnBrandShare, OdmShare, OemShare];
        if (shares.Any(s => s is < 0 or > 100)) Fail(nameof(OwnBrandShare), Text.Get("出口方式占比须在 0 到 100 之间"));
        else if (shares.Any(s => s is not null) && shares.Sum(s => s ?? 0) != 100)
            Fail(nameof(OwnBrandShare), Text.Format("自主品牌、ODM、OEM 占比合计应为 100%，现为 {0}%", shares.Sum(s => s ?? 0)));

        CustomsCreditTier = Blank(CustomsCreditTier);
        if (CustomsCreditTier is not null && !creditTiers.Contains(CustomsCreditTier))
            Fail(nameof(CustomsCreditTier), Text.Format("海关信用等级“{0}”不在配置的等级列表中", CustomsCreditTier));

        LabCnasNumber = Blank(LabCnasNumber);
        if (LabCnasAccredited && LabCnasNumber is null) Fail(nameof(LabCnasNumber), Text.Get("CNAS 认可实验室须填写认可证书编号"));
        if (LabCnasNumber?.Length > 50) Fail(nameof(LabCnasNumber), Text.Get("CNAS 证书编号不能超过 50 个字符"));

        var seenHs = new HashSet<string>();
        // Omitted fields of an API client's product arrive as null.
        Products = Products.Select(p => p with { HsCode = ReferenceData.NormalizeHsCode(p.HsCode ?? ""), Name = p.Name?.Trim() ?? "" }).ToList();
        foreach (var (product, index) in Products.Select((p, i) => (p, i)))
        {
            if (!ReferenceData.IsKnownHsCode(product.HsCode))
                Fail(nameof(Products), Text.Format("HS 编码“{0}”无效：应为 6 到 10 位数字，前 6 位须为 HS 2022 子目", product.HsCode));
            else if (!seenHs.Add(product.HsCode)) Fail(nameof(Products), Text.Format("HS 编码“{0}”重复", product.HsCode));
            if (product.Name.Length is 0 or > 100) Fail(nameof(Products), Text.Format("第 {0} 个产品须有名称（不超过 100 个字）", index + 1));
        }
        Markets = Markets.Select(m => m?.Trim().ToUpperInvariant() ?? "").Distinct().ToList();
        foreach (var market in Markets.Where(m => ReferenceData.FindCountry(m) is null))
            Fail(nameof(Markets), Text.Format("“{0}”不是 ISO 3166 国家或地区代码", market));
        return errors;
    }

    public void ApplyTo(Enterprise e)
    {
        e.CustomsCode = CustomsCode; e.NameZh = NameZh!; e.NameEn = NameEn; e.Address = Address;
        e.LegalRepresentative = LegalRepresentative; e.QualityContact = QualityContact; e.QualityContactPhone = QualityContactPhone;
        e.Employees = Employees; e.AnnualOutputWanYuan = AnnualOutputWanYuan; e.AnnualExportWanUsd = AnnualExportWanUsd;
        e.OwnBrandShare = OwnBrandShare; e.OdmShare = OdmShare; e.OemShare = OemShare; e.CustomsCreditTier = CustomsCreditTier;
        e.LabCnasAccredited = LabCnasAccredited; e.LabCnasNumber = LabCnasNumber; e.LabCnasExpiry = LabCnasExpiry;
        e.CreditCode = CreditCode!;
    }

    private static string? Blank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();

    public static string Money(decimal? value) => value?.ToString("#,0.##", CultureInfo.CurrentCulture) ?? "—";
}
