using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using QualityZone.Infrastructure.Localization;

namespace QualityZone.Features.Audit;

/// <summary>
/// The audit log in words (issue 21): the kind of record and its fields by name in the reader's language, values as
/// people read them (instants in the zone's time, yes / no). A type or field without a name here is split into words
/// ("NonconformingBatches" → "Nonconforming batches") rather than shown as a class name.
/// </summary>
public static partial class AuditLabels
{
    // <data>
    private static readonly Dictionary<string, (string Zh, string En)> Entities = new()
    {
        ["AppUser"] = ("用户账号", "User account"), ["IdentityUserRole`1"] = ("用户角色", "User role"), ["IdentityRole"] = ("角色", "Role"),
        ["IdentityUserClaim`1"] = ("用户声明", "User claim"), ["ApiToken"] = ("API 令牌", "API token"), ["UserSession"] = ("登录会话", "Sign-in session"),
        ["Department"] = ("部门", "Department"), ["Enterprise"] = ("企业", "Enterprise"), ["EnterpriseProduct"] = ("企业出口产品", "Enterprise product"),
        ["EnterpriseMarket"] = ("企业出口市场", "Enterprise market"), ["EnterpriseEvent"] = ("企业管理记录", "Enterprise management record"),
        ["CodeListItem"] = ("代码表项", "Code list item"), ["Certificate"] = ("认证证书", "Certificate"), ["Brand"] = ("品牌与商标", "Brand"),
        ["IdentityChangeRequest"] = ("企业信息变更申请", "Identity change request"), ["Notification"] = ("站内通知", "Notification"),
        ["CommitmentTemplate"] = ("承诺书模板", "Commitment letter template"), ["CommitmentLetter"] = ("质量诚信承诺书", "Commitment letter"),
        ["AdmissionCriterion"] = ("入区条件", "Admission criterion"), ["AdmissionApplication"] = ("入区申请", "Admission application"),
        ["EvaluationCriterion"] = ("评价指标", "Evaluation criterion"), ["Evaluation"] = ("年度评价", "Yearly evaluation"),
        ["ZoneTask"] = ("建设任务", "Construction task"), ["TaskDepartment"] = ("任务部门分工", "Task department"), ["TaskMeasure"] = ("具体措施", "Measure"),
        ["MeasureNote"] = ("措施进展", "Measure progress note"), ["EvidenceFile"] = ("佐证材料", "Evidence file"), ["ZoneSetting"] = ("示范区设置", "Zone setting"),
        ["ExportReturn"] = ("出口质量月报", "Monthly export return"), ["ExportReturnVersion"] = ("月报版本", "Return version"),
        ["ExportReturnLine"] = ("月报出口明细", "Return line"), ["ExportReturnIncident"] = ("月报通报召回退运", "Return incident"),
        ["ExchangeRate"] = ("汇率", "Exchange rate"), ["ReturnReminder"] = ("月报催报", "Return reminder"), ["CustomsDeclarationLine"] = ("报关数据", "Customs declaration line"),
        ["Supplier"] = ("供应商", "Supplier"), ["SupplierCertificate"] = ("供应商证书", "Supplier certificate"), ["SupplierEvaluation"] = ("供应商评价", "Supplier evaluation"),
        ["Material"] = ("物料", "Material"), ["MaterialSource"] = ("物料供应来源", "Material source"), ["MaterialLot"] = ("进货台帐物料批", "Purchase ledger lot"),
        ["ProductionBatch"] = ("生产批次", "Production batch"), ["BatchStep"] = ("生产工序记录", "Batch step"), ["BatchComponent"] = ("批次投料", "Batch component"),
        ["Shipment"] = ("出口发货", "Shipment"), ["ShipmentLine"] = ("发货明细", "Shipment line"), ["TraceRequest"] = ("追溯请求", "Trace request"),
        ["EpcisEvent"] = ("EPCIS 事件", "EPCIS event"), ["EpcisCaptureJob"] = ("EPCIS 接收任务", "EPCIS capture job"), ["EpcisMasterData"] = ("EPCIS 主数据", "EPCIS master data"),
        ["CorrectiveAction"] = ("整改事项", "Corrective action"), ["ActionEvent"] = ("整改记录", "Action record"), ["JointMeeting"] = ("联席会议", "Joint meeting"),
        ["MeetingAttendee"] = ("参会人员", "Meeting attendee"), ["ChecklistTemplate"] = ("检查表", "Checklist"), ["ChecklistItem"] = ("检查项目", "Checklist item"),
        ["InspectionRound"] = ("联合检查批次", "Inspection round"), ["InspectionRecord"] = ("检查记录", "Inspection record"), ["InspectionAnswer"] = ("检查结果", "Inspection answer"),
        ["InspectionFinding"] = ("检查发现问题", "Inspection finding"), ["RiskItem"] = ("风险事项", "Risk"), ["RiskReview"] = ("风险评审", "Risk review"),
        ["WarningSignal"] = ("预警信号", "Warning signal"), ["EnterpriseRiskScore"] = ("企业风险评分", "Enterprise risk score"), ["Notice"] = ("信息", "Notice"),
        ["NoticeAttachment"] = ("信息附件", "Notice attachment"), ["NoticeAlert"] = ("信息预警", "Notice alert"), ["NoticeSubscription"] = ("信息订阅", "Notice subscription"),
        ["NoticeFeedSource"] = ("境外数据源", "Feed source"), ["TbtCase"] = ("TBT 通报应对", "TBT response"), ["ImpactStatement"] = ("影响反馈", "Impact statement"),
        ["StandardParticipation"] = ("标准制修订参与", "Standards participation"), ["TestItem"] = ("检测项目", "Test item"), ["TestPackage"] = ("检测套餐", "Test package"),
        ["SubsidyRule"] = ("检测补贴规则", "Testing subsidy rule"), ["TestRequest"] = ("检测委托", "Test request"), ["RequestItem"] = ("委托检测项目", "Requested item"),
        ["TestResult"] = ("检测结果", "Test result"), ["RequestEvent"] = ("委托记录", "Request record"), ["RequestAttachment"] = ("委托附件", "Request attachment"),
        ["TrainingSession"] = ("培训班", "Training session"), ["TrainingRegistration"] = ("培训报名", "Training registration"), ["TrainingQuestion"] = ("培训考题", "Training question"),
        ["TrainingMaterial"] = ("培训资料", "Training material"), ["TrainingInvitation"] = ("培训邀请", "Training invitation"), ["CandidateLab"] = ("CNAS 培育实验室", "Candidate lab"),
        ["LabStage"] = ("实验室培育阶段", "Lab stage"), ["LabClause"] = ("实验室条款", "Lab clause"), ["Membership"] = ("协会会员", "Membership"),
        ["MembershipFee"] = ("会费", "Membership fee"), ["ConventionVersion"] = ("自律公约", "Convention"), ["ConventionSignature"] = ("公约签署", "Convention signature"),
        ["Complaint"] = ("投诉举报", "Complaint"), ["PracticeCase"] = ("质量案例", "Practice case"), ["CaseFile"] = ("案例附件", "Case file"), ["MediaItem"] = ("宣传报道", "Media item"),
        ["SurveyCampaign"] = ("调查问卷", "Survey"), ["SurveyQuestion"] = ("问卷题目", "Survey question"), ["SurveyResponse"] = ("问卷答卷", "Survey response"),
        ["SurveyAnswer"] = ("问卷答案", "Survey answer"), ["AnalysisReport"] = ("质量分析报告", "Analysis report"), ["ReportSection"] = ("报告章节", "Report section"),
        ["ReportFile"] = ("报告文件", "Report file"), ["ZoneIndicator"] = ("示范区指标", "Zone indicator"), ["IndicatorYear"] = ("年度指标值", "Indicator year"),
        ["AssessmentItem"] = ("验收自评项", "Assessment item"), ["AssessmentFile"] = ("自评佐证", "Assessment file"), ["Policy"] = ("政策文件", "Policy"),
        ["PolicyFile"] = ("政策附件", "Policy file"), ["PolicyClaim"] = ("政策申请", "Policy claim"), ["MeasureGrant"] = ("便利化措施授予", "Facilitation grant"),
        ["AppraisalWeight"] = ("考核权重", "Appraisal weight"), ["AppraisalManualScore"] = ("考核评分", "Appraisal score"), ["LeadingGroupMember"] = ("领导小组成员", "Leading group member"),
        ["GoverningDocument"] = ("工作机制文件", "Governing document"),
    };

    private static readonly Dictionary<string, (string Zh, string En)> Fields = new()
    {
        ["Name"] = ("名称", "Name"), ["NameZh"] = ("中文名称", "Chinese name"), ["NameEn"] = ("英文名称", "English name"), ["Title"] = ("标题", "Title"),
        ["Code"] = ("代码", "Code"), ["State"] = ("状态", "State"), ["Status"] = ("状态", "Status"), ["Description"] = ("说明", "Description"), ["Note"] = ("备注", "Note"),
        ["Reason"] = ("原因", "Reason"), ["Summary"] = ("摘要", "Summary"), ["CreatedAt"] = ("创建时间", "Created at"), ["CreatedBy"] = ("创建人", "Created by"),
        ["UpdatedAt"] = ("修改时间", "Updated at"), ["UpdatedBy"] = ("修改人", "Updated by"), ["DeletedAt"] = ("删除时间", "Deleted at"), ["IsDeleted"] = ("已删除", "Deleted"),
        ["DueOn"] = ("截止日期", "Due date"), ["Deadline"] = ("截止日期", "Deadline"), ["Revision"] = ("版本号", "Revision"), ["Version"] = ("版本号", "Version"),
        ["EnterpriseId"] = ("企业", "Enterprise"), ["DepartmentId"] = ("部门", "Department"), ["UserId"] = ("用户", "User"), ["RoleId"] = ("角色", "Role"),
        ["Email"] = ("邮箱", "Email"), ["UserName"] = ("用户名", "User name"), ["DisplayName"] = ("姓名", "Name"), ["IsActive"] = ("启用", "Active"),
        ["PhoneNumber"] = ("电话", "Phone"), ["PasswordHash"] = ("密码", "Password"), ["Period"] = ("月份", "Month"), ["Grade"] = ("等级", "Grade"),
        ["CreditCode"] = ("统一社会信用代码", "Credit code"), ["CustomsCode"] = ("海关编码", "Customs code"), ["AdmissionNumber"] = ("入区编号", "Admission number"),
        ["AdmittedOn"] = ("入区日期", "Admitted on"), ["Address"] = ("地址", "Address"), ["HsCode"] = ("HS 编码", "HS code"), ["CountryCode"] = ("国家", "Country"),
        ["Country"] = ("国家", "Country"), ["Quantity"] = ("数量", "Quantity"), ["Unit"] = ("单位", "Unit"), ["ValueUsd"] = ("货值（美元）", "Value (USD)"),
        ["ValueCny"] = ("货值（人民币）", "Value (CNY)"), ["Batches"] = ("批次", "Batches"), ["NonconformingBatches"] = ("不合格批次", "Nonconforming batches"),
        ["Number"] = ("编号", "Number"), ["Reference"] = ("编号", "Reference"), ["ValidFrom"] = ("有效期起", "Valid from"), ["ValidTo"] = ("有效期至", "Valid to"),
        ["FileName"] = ("文件名", "File name"), ["ContentType"] = ("文件类型", "File type"), ["Size"] = ("大小", "Size"), ["Value"] = ("值", "Value"),
        ["Key"] = ("键", "Key"), ["Comment"] = ("意见", "Comment"), ["Conclusion"] = ("结论", "Conclusion"), ["Result"] = ("结果", "Result"),
        ["Score"] = ("得分", "Score"), ["Level"] = ("等级", "Level"), ["Year"] = ("年度", "Year"), ["Amount"] = ("金额", "Amount"), ["Model"] = ("型号", "Model"),
        ["LotNumber"] = ("物料批号", "Lot number"), ["BatchNumber"] = ("生产批号", "Batch number"), ["SupplierId"] = ("供应商", "Supplier"), ["MaterialId"] = ("物料", "Material"),
        ["Disposition"] = ("处置", "Disposition"), ["ReadAt"] = ("阅读时间", "Read at"), ["PublishedOn"] = ("发布日期", "Published on"), ["Type"] = ("类型", "Type"),
        ["Kind"] = ("类别", "Kind"), ["StartsOn"] = ("开始日期", "Starts on"), ["EndsOn"] = ("结束日期", "Ends on"), ["Position"] = ("序号", "Position"),
        ["Id"] = ("标识", "Id"), ["ComputedAt"] = ("计算时间", "Computed at"), ["LevelChangedAt"] = ("等级变化时间", "Level changed at"),
        ["PreviousLevel"] = ("原等级", "Previous level"), ["Points"] = ("分值", "Points"), ["Count"] = ("数量", "Count"), ["Link"] = ("链接", "Link"),
        ["Evidence"] = ("依据", "Evidence"), ["EndedAt"] = ("结束时间", "Ended at"), ["UserAgent"] = ("浏览器", "Browser"), ["ExpiresAt"] = ("到期时间", "Expires at"),
        ["RevokedAt"] = ("撤销时间", "Revoked at"), ["LastUsedAt"] = ("最近使用", "Last used"), ["SubmittedAt"] = ("提交时间", "Submitted at"),
        ["SubmittedBy"] = ("提交人", "Submitted by"), ["ReviewedAt"] = ("审核时间", "Reviewed at"), ["ReviewedBy"] = ("审核人", "Reviewed by"),
        ["AcceptedAt"] = ("审核通过时间", "Accepted at"), ["AcceptedBy"] = ("审核人", "Accepted by"), ["Owner"] = ("负责人", "Owner"),
        ["OwnerDepartmentId"] = ("责任部门", "Owner department"), ["LeadDepartmentId"] = ("牵头部门", "Lead department"), ["DueDay"] = ("截止日", "Due day"),
        ["StatusChangedAt"] = ("状态变更时间", "Status changed at"), ["StatusChangedBy"] = ("状态变更人", "Status changed by"), ["MeasureId"] = ("措施", "Measure"),
        ["Sha256"] = ("文件校验值（SHA-256）", "SHA-256"), ["UploadedAt"] = ("上传时间", "Uploaded at"), ["UploadedById"] = ("上传人", "Uploaded by"),
        ["UploadedByName"] = ("上传人姓名", "Uploaded by (name)"), ["AccessFailedCount"] = ("登录失败次数", "Failed sign-ins"),
        ["ConcurrencyStamp"] = ("并发标记", "Concurrency stamp"), ["SecurityStamp"] = ("安全标记", "Security stamp"), ["LockoutEnd"] = ("锁定截止时间", "Locked out until"),
        ["LockoutEnabled"] = ("允许锁定", "Lockout enabled"), ["EmailConfirmed"] = ("邮箱已验证", "Email confirmed"), ["PhoneNumberConfirmed"] = ("电话已验证", "Phone confirmed"),
        ["TwoFactorEnabled"] = ("双因素认证", "Two-factor"), ["NormalizedEmail"] = ("邮箱（规范化）", "Normalized email"), ["NormalizedUserName"] = ("用户名（规范化）", "Normalized user name"),
    };
    // </data>

    public static string Entity(string clrName) =>
        Entities.TryGetValue(clrName, out var name) ? Text.Pick(name.Zh, name.En) : Words(clrName);

    /// <summary>A field by its name in the reader's language; one without a label here is read as words, in Chinese where the platform has those words.</summary>
    public static string Field(string name) =>
        Fields.TryGetValue(name, out var label) ? Text.Pick(label.Zh, label.En) : CodeLabel(name);

    /// <summary>"NonconformingBatches" → "Nonconforming batches"; generic arity markers dropped.</summary>
    public static string Words(string name)
    {
        var plain = name.Split('`')[0];
        var words = CamelWords().Matches(plain).Select(m => m.Value).ToList();
        if (words.Count == 0) return plain;
        return string.Join(' ', words.Select((w, i) => i == 0 ? w : w.All(char.IsUpper) ? w : w.ToLowerInvariant()));
    }

    /// <summary>
    /// A stored value as people read it: an enum value by the label its feature shows (理事单位, not Director), instants in
    /// the zone's time, yes / no, long text cut, nothing as ∅. <paramref name="type"/> is the field's CLR type where the
    /// model knows it.
    /// </summary>
    public static string Value(JsonElement value, Func<DateTimeOffset, string> zoneTime, Type? type = null) => value.ValueKind switch
    {
        JsonValueKind.String when type is not null && EnumLabel(type, value.GetString()!) is { } label => label,
        JsonValueKind.Null or JsonValueKind.Undefined => "∅",
        JsonValueKind.True => Text.Get("是"),
        JsonValueKind.False => Text.Get("否"),
        JsonValueKind.String when value.GetString() is { Length: >= 20 } s && s[4] == '-' && s[10] == 'T'
            && DateTimeOffset.TryParse(s, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var instant) => zoneTime(instant),
        JsonValueKind.String when CodeValue().IsMatch(value.GetString()!) => CodeLabel(value.GetString()!),
        JsonValueKind.String => value.GetString()!.Length > 120 ? value.GetString()![..120] + "…" : value.GetString()!,
        _ => value.GetRawText(),
    };

    /// <summary>
    /// A code-list value stored by its name (enums are stored as text, e.g. Active, PendingVerification) in words: the
    /// Chinese label whose English is those words where the platform has one, otherwise the words.
    /// </summary>
    public static string CodeLabel(string code)
    {
        var words = Words(code);
        if (Text.IsEnglish) return words;
        return ChineseByEnglish.Value.TryGetValue(words, out var chinese) ? chinese : words;
    }

    /// <summary>
    /// The label of an enum value as its feature shows it: a feature's <c>…Labels</c> class has the method a value of its
    /// enums is shown by (<c>AssociationLabels.Level(MemberLevel)</c>), a type may have a static <c>…Label</c> method
    /// (<c>EarlyWarning.Label(SignalKind)</c>); methods giving a CSS class, a badge or a key are not labels. Labels that
    /// are Chinese keys for the view to translate are translated here. Null when the type is no enum, the name is none of
    /// its values or no feature labels it.
    /// </summary>
    public static string? EnumLabel(Type type, string name)
    {
        var enumType = Nullable.GetUnderlyingType(type) ?? type;
        if (!enumType.IsEnum || !Enum.TryParse(enumType, name, ignoreCase: false, out var value) || !LabelMethods.Value.TryGetValue(enumType, out var method)) return null;
        return method.Invoke(null, [value]) is string label ? Text.Get(label) : null;
    }

    private static readonly string[] NotLabels = ["Css", "Badge", "Key", "Zh", "Numbered"];

    private static readonly Lazy<Dictionary<Type, System.Reflection.MethodInfo>> LabelMethods = new(() => typeof(AuditLabels).Assembly.GetTypes()
        .Where(t => t.IsPublic && t.Namespace?.StartsWith("QualityZone.Features", StringComparison.Ordinal) == true)
        .SelectMany(t => t.GetMethods(System.Reflection.BindingFlags.Public | System.Reflection.BindingFlags.Static | System.Reflection.BindingFlags.DeclaredOnly)
            .Where(m => t.Name.EndsWith("Labels", StringComparison.Ordinal) && t.IsAbstract && t.IsSealed || m.Name.EndsWith("Label", StringComparison.Ordinal)))
        .Where(m => m.ReturnType == typeof(string) && m.GetParameters() is [var p] && (Nullable.GetUnderlyingType(p.ParameterType) ?? p.ParameterType).IsEnum
            && !NotLabels.Any(suffix => m.Name.EndsWith(suffix, StringComparison.Ordinal)))
        .GroupBy(m => Nullable.GetUnderlyingType(m.GetParameters()[0].ParameterType) ?? m.GetParameters()[0].ParameterType)
        .ToDictionary(g => g.Key, g => g.First()));

    private static readonly Lazy<Dictionary<string, string>> ChineseByEnglish = new(() => Text.EnglishTranslations
        .GroupBy(t => t.Value, StringComparer.OrdinalIgnoreCase).ToDictionary(g => g.Key, g => g.OrderBy(t => t.Key.Length).First().Key, StringComparer.OrdinalIgnoreCase));

    [GeneratedRegex("^[A-Z][a-z]+(?:[A-Z][a-z]+)*$")]
    private static partial Regex CodeValue();

    [GeneratedRegex("[A-Z]+(?![a-z])|[A-Z]?[a-z]+|[0-9]+")]
    private static partial Regex CamelWords();
}
