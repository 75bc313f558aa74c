using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using QualityZone.Features.AnalysisReports;
using QualityZone.Features.Surveys;
using QualityZone.Infrastructure.Data;
using QualityZone.Infrastructure.Documents;
using SkiaSharp;

namespace QualityZone.Infrastructure.Demo;

/// <summary>
/// The industry survey of the demo (task 2): a questionnaire in three parts sent to every enterprise in
/// the zone, four in five of them submitted (answers pre-filled from the register and the returns where
/// the questionnaire says so, the rest as such enterprises answer), a few drafts, the research report
/// drafted from it. The first demo enterprise has a draft, so its user sees a questionnaire to finish.
/// Written through SurveyCommands and AnswerCommands, as the organizers and the enterprises would.
/// </summary>
public sealed class DemoSurveys(AppDbContext db, SurveyCommands surveys, AnswerCommands answers, SurveyPrefill prefill, ReportCommands reports,
    DocumentFonts fonts, ZoneClock clock, ILogger<DemoSurveys> logger)
{
    // <data>
    private static readonly QuestionInput[] Questionnaire =
    [
        new("一、企业基本情况", "从业人数", QuestionType.Number, true, null, null, "人", 0, 100000, null, "register.employees"),
        new("一、企业基本情况", "上年度工业总产值", QuestionType.Number, true, null, null, "万元", 0, null, null, "register.output"),
        new("一、企业基本情况", "近 12 个月出口额", QuestionType.Number, true, null, null, "万美元", 0, null, null, "returns.export-12m"),
        new("一、企业基本情况", "主要出口市场（国家或地区代码）", QuestionType.Text, false, null, null, null, null, null, 500, "returns.markets-12m"),
        new("一、企业基本情况", "出口方式", QuestionType.Multiple, true, "自主品牌\nODM\nOEM", null, null, null, null, null, null),
        new("二、质量管理与检测能力", "质量管理体系认证情况", QuestionType.Multiple, true, "ISO 9001\nIATF 16949\nISO 14001\nISO 45001\n未认证", null, null, null, null, null, null),
        new("二、质量管理与检测能力", "企业实验室是否通过 CNAS 认可", QuestionType.Single, true, "是\n否", null, null, null, null, null, "register.cnas"),
        new("二、质量管理与检测能力", "出厂检验方式", QuestionType.Single, true, "全数检验\n抽样检验\n委托第三方检验\n不检验", null, null, null, null, null, null),
        new("二、质量管理与检测能力", "产品批次追溯制度", QuestionType.Single, true, "已建立，覆盖原材料到出货\n部分建立\n未建立", null, null, null, null, null, null),
        new("二、质量管理与检测能力", "主要检测设备", QuestionType.Table, false, null, "设备名称\n数量（台）\n是否在校准有效期内", null, null, null, 10, null),
        new("三、国外技术性贸易措施与公共服务需求", "近一年国外技术性贸易措施对出口的影响", QuestionType.Single, true, "无影响\n影响较小\n影响较大\n影响严重", null, null, null, null, null, null),
        new("三、国外技术性贸易措施与公共服务需求", "最需要的公共服务", QuestionType.Multiple, true, "国外标准法规信息\n检测认证服务\n质量人才培训\n品牌建设\n出口信用保险与融资", null, null, null, null, null, null),
        new("三、国外技术性贸易措施与公共服务需求", "质量管理体系证书（扫描件）", QuestionType.File, false, null, null, null, null, null, null, null),
        new("三、国外技术性贸易措施与公共服务需求", "对示范区建设的意见和建议", QuestionType.Text, false, null, null, null, null, null, 2000, null),
    ];

    private static readonly string[] Suggestions =
    [
        "希望检验中心增加电磁阀寿命试验的检测能力，缩短排队时间。",
        "建议定期组织欧盟机械法规（EU）2023/1230 的解读培训。",
        "希望平台提供主要出口国标准的中文摘要，并及时推送到企业。",
        "中小企业实验室建设资金不足，建议对 CNAS 认可给予补助。",
        "建议协会牵头建立关键原材料（密封件、铝型材）合格供应商名录。",
        "希望简化出口检验申报手续，推广信用分类管理下的便利措施。",
        "建议组织企业集中参加境外展会，提升奉化气动自主品牌影响力。",
        "希望对国外召回通报提供应对指导，帮助企业快速追溯问题批次。",
    ];

    private static readonly string[] Equipment = ["气缸耐久试验台", "电磁阀寿命试验台", "泄漏检测仪", "三坐标测量机", "耐压试验机", "盐雾试验箱"];
    // </data>

    public async Task SeedAsync(Random random, CancellationToken ct)
    {
        var office = DemoSeeder.Office;
        var (_, id) = await surveys.CreateAsync(office, new CampaignInput($"{clock.Today.Year}年奉化气动元件产业及产品质量安全状况调查",
            "为摸清奉化气动元件产业现状和出口产品质量安全状况，形成产业发展研究报告（建设任务第 2 项），请各企业如实填写。平台已掌握的数据已预填，请核对。",
            clock.Today.AddDays(10), 3), null, ct);
        foreach (var question in Questionnaire) await surveys.SaveQuestionAsync(id!.Value, null, question, ct);
        var (opened, _) = await surveys.OpenAsync(id!.Value, null, ct);
        if (!opened.Succeeded) { logger.LogWarning("Demo survey not sent: {Error}", opened.Error); return; }

        var campaign = (await surveys.FindAsync(id.Value, ct))!;
        var firstEnterprise = await db.Users.AsNoTracking().Where(u => u.Email == "enterprise1@demo.qz").Select(u => u.EnterpriseId).SingleOrDefaultAsync(ct);
        var recipients = await db.SurveyResponses.AsNoTracking().Where(r => r.SurveyId == id).Select(r => new { r.EnterpriseId }).ToListAsync(ct);
        var certificates = 0;
        foreach (var recipient in recipients.OrderBy(r => r.EnterpriseId))
        {
            var roll = random.NextDouble();
            var first = recipient.EnterpriseId == firstEnterprise;
            // Four in five submit, one in twenty leaves a draft, the rest have not started.
            if (!first && roll >= 0.85) continue;
            var submit = !first && roll < 0.80;
            // A few enterprises attach their certificate (the first demo enterprise among them) while still answering.
            if (fonts.Available && (first || certificates++ < 3)) await AttachCertificateAsync(campaign, recipient.EnterpriseId, ct);
            var version = await db.SurveyResponses.AsNoTracking().Where(r => r.SurveyId == id && r.EnterpriseId == recipient.EnterpriseId).Select(r => r.Version).SingleAsync(ct);
            var given = await AnswersAsync(random, campaign, recipient.EnterpriseId, complete: submit, ct);
            var result = await answers.SaveAsync(DemoSeeder.EnterpriseStaff(recipient.EnterpriseId), id.Value, given, submit, version, ct);
            if (!result.Succeeded) logger.LogWarning("Demo survey answer refused: {Error}", result.Error);
            db.ChangeTracker.Clear();
        }

        var (drafted, _) = await reports.CreateResearchAsync(office, id.Value, ct);
        if (!drafted.Succeeded) logger.LogWarning("Demo research report not drafted: {Error}", drafted.Error);
    }

    private async Task<Dictionary<Guid, JsonElement>> AnswersAsync(Random random, SurveyCampaign campaign, Guid enterpriseId, bool complete, CancellationToken ct)
    {
        var prefilled = await prefill.ForAsync(enterpriseId, campaign.Questions, ct);
        var given = new Dictionary<Guid, JsonElement>();
        foreach (var q in campaign.Questions.OrderBy(q => q.Position))
        {
            // A draft stops half-way.
            if (!complete && q.Position > campaign.Questions.Count / 2) break;
            if (prefilled.TryGetValue(q.Id, out var known)) { given[q.Id] = known; continue; }
            object? value = q.Type switch
            {
                QuestionType.Number => q.Unit == "人" ? random.Next(30, 800) : Math.Round((decimal)(random.NextDouble() * 8000 + 200), 1),
                QuestionType.Single => q.OptionList[Weighted(random, q.OptionList.Count)],
                QuestionType.Multiple => q.OptionList.Where((_, i) => random.NextDouble() < (i == 0 ? 0.8 : 0.35)).DefaultIfEmpty(q.OptionList[0]).ToList(),
                QuestionType.Table => Enumerable.Range(0, random.Next(1, 4)).Select(_ => new[] { Equipment[random.Next(Equipment.Length)], random.Next(1, 6).ToString(), random.NextDouble() < 0.9 ? "是" : "否" }).ToList(),
                QuestionType.Text when q.Prefill is null => random.NextDouble() < 0.4 ? Suggestions[random.Next(Suggestions.Length)] : null,
                _ => null,
            };
            if (value is not null) given[q.Id] = JsonSerializer.SerializeToElement(value);
        }
        return given;
    }

    /// <summary>A scanned certificate as enterprises send it: a PNG image of the certificate's text (a PDF with its embedded font would exceed the upload limit).</summary>
    private async Task AttachCertificateAsync(SurveyCampaign campaign, Guid enterpriseId, CancellationToken ct)
    {
        var question = campaign.Questions.First(q => q.Type == QuestionType.File);
        var name = await db.Enterprises.AsNoTracking().Where(e => e.Id == enterpriseId).Select(e => e.NameZh).SingleAsync(ct);
        using var bitmap = new SKBitmap(900, 620);
        using (var canvas = new SKCanvas(bitmap))
        {
            canvas.Clear(new SKColor(0xFF, 0xFB, 0xF0));
            using var border = new SKPaint { Color = new SKColor(0xB0, 0x8D, 0x57), Style = SKPaintStyle.Stroke, StrokeWidth = 8 };
            canvas.DrawRect(24, 24, 852, 572, border);
            using var ink = new SKPaint { Color = SKColors.Black, IsAntialias = true };
            using var title = new SKFont(fonts.Typeface, 44);
            using var body = new SKFont(fonts.Typeface, 22);
            canvas.DrawText("质量管理体系认证证书", 450, 130, SKTextAlign.Center, title, ink);
            canvas.DrawText("（演示）", 450, 180, SKTextAlign.Center, body, ink);
            canvas.DrawText($"兹证明 {name}", 90, 280, SKTextAlign.Left, body, ink);
            canvas.DrawText("质量管理体系符合 GB/T 19001-2016 / ISO 9001:2015 标准要求。", 90, 330, SKTextAlign.Left, body, ink);
            canvas.DrawText("认证范围：气动元件（气缸、电磁阀、气源处理元件）的设计、生产和服务。", 90, 380, SKTextAlign.Left, body, ink);
            canvas.DrawText($"有效期至 {clock.Today.AddYears(2):yyyy-MM-dd}", 90, 480, SKTextAlign.Left, body, ink);
        }
        using var image = bitmap.Encode(SKEncodedImageFormat.Png, 90);
        await using var stream = image.AsStream();
        var result = await answers.UploadAsync(DemoSeeder.EnterpriseStaff(enterpriseId), campaign.Id, question.Id, stream, "质量管理体系认证证书.png", ct);
        if (!result.Succeeded) logger.LogWarning("Demo certificate refused: {Error}", result.Error);
        db.ChangeTracker.Clear();
    }

    /// <summary>The first choices more often than the last, as answers to such questions run.</summary>
    private static int Weighted(Random random, int count) => Math.Min(count - 1, (int)(Math.Pow(random.NextDouble(), 1.6) * count));

}
