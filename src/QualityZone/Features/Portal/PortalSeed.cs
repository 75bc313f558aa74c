using Microsoft.EntityFrameworkCore;
using QualityZone.Infrastructure.Data;

namespace QualityZone.Features.Portal;

/// <summary>The regulations and standards exporters ask about (domain-facts.md), published when the platform starts on an empty portal.</summary>
public static class PortalSeed
{
    // <data>
    private static readonly (NoticeType Type, string Reference, string Title, string Markets, string Hs, string? AppliesFrom, string Summary, string? Equivalents)[] Entries =
    [
        (NoticeType.Regulation, "(EU) 2023/1230", "欧盟机械法规 (EU) 2023/1230 Machinery Regulation", "EU", "8412;8481", "2027-01-20", "自 2027-01-20 起实施，取代机械指令 2006/42/EC。普通气缸和阀通常属于零部件，安全部件在适用范围内。", null),
        (NoticeType.Regulation, "2014/68/EU", "欧盟承压设备指令 PED 2014/68/EU", "EU", "8412;8481", null, "适用于最高允许压力大于 0.5 bar 的承压设备；多数气动元件被排除或按良好工程惯例。", null),
        (NoticeType.Regulation, "2014/34/EU", "欧盟防爆指令 ATEX 2014/34/EU", "EU", "8412;8481", null, "用于爆炸性环境的防爆型气动元件须符合 ATEX 要求。", null),
        (NoticeType.Regulation, "2014/35/EU", "欧盟低电压指令 LVD 2014/35/EU", "EU", "848120", null, "适用于电磁阀线圈等电气部件。", null),
        (NoticeType.Regulation, "2014/30/EU", "欧盟电磁兼容指令 EMC 2014/30/EU", "EU", "848120", null, "适用于电磁阀等含电气部件的产品。", null),
        (NoticeType.Regulation, "2011/65/EU", "欧盟 RoHS 指令 2011/65/EU", "EU", "848120", null, "仅适用于电气电子部件（如电磁阀线圈）。", null),
        (NoticeType.Regulation, "(EC) 1907/2006", "欧盟 REACH 法规：铅为高关注物质，SCIP 通报", "EU", "741220;8481", null, "黄铜接头和阀体中的铅为 SVHC，含量超过 0.1% 须在 SCIP 数据库通报。", null),
        (NoticeType.Regulation, "(EU) 2023/988", "欧盟通用产品安全法规 GPSR (EU) 2023/988", "EU", "8467", "2024-12-13", "自 2024-12-13 起适用于消费品，包括面向消费者销售的气动工具。", null),
        (NoticeType.Regulation, "TR CU 010/2011", "欧亚经济联盟技术法规 TR CU 010/2011 机械设备安全", "RU;BY;KZ;AM;KG", "8412;8481", "2013-02-15", "需取得 EAC 证书或符合性声明。", null),
        (NoticeType.Regulation, "TR CU 004/2011", "欧亚经济联盟技术法规 TR CU 004/2011 低电压设备安全", "RU;BY;KZ;AM;KG", "848120", null, "适用于电磁阀等低电压电气设备。", null),
        (NoticeType.Regulation, "Proposition 65", "美国加州 65 号提案（黄铜中的铅）", "US", "741220;8481", null, "含铅黄铜部件须提供警示。美国对工业气动元件无联邦上市前认证要求。", null),
        (NoticeType.Standard, "ISO 15552", "ISO 15552 气缸：缸径 32–320 mm，1000 kPa（10 bar）系列安装尺寸", "EU;US;RU;IN", "841231", null, "可拆卸安装件的气缸，缸径 32–320 mm。", "GB/T 32336"),
        (NoticeType.Standard, "ISO 6432", "ISO 6432 迷你气缸：缸径 8–25 mm", "EU;US", "841231", null, "单杆迷你气缸安装尺寸。", "GB/T 8102"),
        (NoticeType.Standard, "ISO 21287", "ISO 21287 紧凑型气缸", "EU", "841231", null, "紧凑型气缸安装尺寸。", null),
        (NoticeType.Standard, "ISO 5599", "ISO 5599 五通方向控制阀安装面", "EU;US", "848120", null, "五通阀安装界面。", null),
        (NoticeType.Standard, "ISO 15407", "ISO 15407 18 mm 和 26 mm 五通阀安装面", "EU", "848120", null, "小型五通阀安装界面。", null),
        (NoticeType.Standard, "ISO 4414", "ISO 4414 气动 系统及其元件的一般规则和安全要求", "EU;US;RU", "8412;8481;842139", null, "气动系统和元件的安全要求。", "GB/T 7932"),
        (NoticeType.Standard, "ISO 8573-1", "ISO 8573-1 压缩空气 污染物和纯度等级", "EU;US", "842139", null, "压缩空气纯度等级。", "GB/T 13277.1"),
        (NoticeType.Standard, "ISO 6358-1", "ISO 6358 气动元件流量特性测定", "EU", "8481", null, "流量特性的测试方法。", "GB/T 14513.1"),
        (NoticeType.Standard, "ISO 12238", "ISO 12238 方向控制阀切换时间测量", "EU", "848120", null, "阀切换时间的测量方法。", null),
        (NoticeType.Standard, "ISO 10099", "ISO 10099 气缸出厂检验和验收要求", "EU;US", "841231", null, "气缸的出厂检验项目。", null),
        (NoticeType.Standard, "ISO 19973", "ISO 19973-1…5 气动元件可靠性评估（B10d 用于 EN ISO 13849-1）", "EU", "8412;8481", null, "以循环次数评估元件可靠性。", null),
        (NoticeType.Standard, "ISO 14743", "ISO 14743 热塑性管用快插接头", "EU;US", "391740", null, "快插接头的尺寸和性能要求。", null),
    ];
    // </data>

    /// <summary>The CPSC recall service (documented, keyless): registered switched off, for the office to enable where the server reaches the internet.</summary>
    // <data>
    public const string CpscSourceName = "美国 CPSC 召回（SaferProducts）";
    // </data>

    public static async Task EnsureAsync(AppDbContext db, CancellationToken ct)
    {
        if (!await db.NoticeFeedSources.AnyAsync(ct))
        {
            db.NoticeFeedSources.Add(new NoticeFeedSource
            {
                Name = CpscSourceName, Url = "https://www.saferproducts.gov/RestWebServices/Recall?format=json", IncrementalByLastPublishDate = true,
                IntervalHours = 24, Enabled = false, CreatedBy = "system", CreatedAt = DateTimeOffset.UtcNow,
            });
            await db.SaveChangesAsync(ct);
        }
        if (await db.Notices.AnyAsync(n => n.Source == NoticeSource.Editorial, ct)) return;
        var now = DateTimeOffset.UtcNow;
        var notices = Entries.Select(e =>
        {
            var markets = e.Markets.Split(';').SelectMany(m => m == "EU" ? Reference.ReferenceData.EuMembers : [m]);
            var notice = new Notice
            {
                Type = e.Type, Source = NoticeSource.Editorial, Reference = e.Reference, Title = e.Title, Summary = e.Summary, Markets = Notice.Join(markets), HsCodes = Notice.Join(e.Hs.Split(';')),
                AppliesFrom = e.AppliesFrom is null ? null : DateOnly.Parse(e.AppliesFrom, System.Globalization.CultureInfo.InvariantCulture), Equivalents = e.Equivalents,
                Status = NoticeStatus.Published, PublishedOn = DateOnly.FromDateTime(now.UtcDateTime), CreatedBy = "system", CreatedAt = now, UpdatedAt = now,
            };
            NoticeSearch.Prepare(notice);
            return notice;
        }).ToList();
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        db.Notices.AddRange(notices);
        await NoticeSearch.IndexAsync(db, notices, ct);
        await db.SaveChangesAsync(ct);
        await transaction.CommitAsync(ct);
    }
}

/// <summary>The real recall files kept with the platform (feeds/NOTICE.md), for the demo and the tests.</summary>
public static class FeedSamples
{
    public static readonly string[] Names = ["canon-event-seeds.json", "usagov-Adapter-Power-Supply.json", "usagov-Cribs.json", "usagov-Lights-Accessories.json", "usagov-cpsc_recalls.json"];

    public static byte[] Read(string name)
    {
        using var stream = typeof(FeedSamples).Assembly.GetManifestResourceStream($"QualityZone.Features.Portal.feeds.{name}")
            ?? throw new InvalidOperationException($"feed sample {name} is not embedded");
        using var buffer = new MemoryStream();
        stream.CopyTo(buffer);
        return buffer.ToArray();
    }
}
