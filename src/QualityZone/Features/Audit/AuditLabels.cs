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
        ["AccreditedOn"] = ("认可日期", "Accredited on"), ["AcknowledgedAt"] = ("确认时间", "Acknowledged at"), ["AcknowledgedBy"] = ("确认人", "Acknowledged by"), ["ActionId"] = ("整改事项", "Corrective action"),
        ["Actor"] = ("操作人", "Actor"), ["AdvisorComment"] = ("指导意见", "Advisor's comment"), ["AffectedExportsWanUsd"] = ("涉及出口额（万美元）", "Affected exports (10k USD)"), ["AllMembersCooperate"] = ("各成员单位协作", "All member units cooperate"),
        ["AmountKind"] = ("奖励方式", "Amount kind"), ["AnnualExportWanUsd"] = ("年出口额（万美元）", "Annual exports (10k USD)"), ["AnnualOutputWanYuan"] = ("年产值（万元）", "Annual output (10k CNY)"), ["AnswerId"] = ("答案", "Answer"),
        ["ApplicationId"] = ("申请", "Application"), ["ApprovedAmount"] = ("核定金额", "Approved amount"), ["ApprovedAt"] = ("批准时间", "Approved at"), ["ApprovedBy"] = ("批准人", "Approved by"),
        ["Area"] = ("缓存区域", "Area"), ["AssessedAt"] = ("评估时间", "Assessed at"), ["At"] = ("时间", "At"), ["AttendedAt"] = ("签到时间", "Attended at"),
        ["Attributes"] = ("属性", "Attributes"), ["AuditScore"] = ("审核得分", "Audit score"), ["Author"] = ("作者", "Author"), ["AuthorId"] = ("作者", "Author"),
        ["AuthorName"] = ("作者姓名", "Author name"), ["AwardedYear"] = ("获评年度", "Year awarded"), ["BaseCriterion"] = ("计件 / 基数条件", "Base criterion"), ["BaselineValue"] = ("基准值", "Baseline value"),
        ["BaselineYear"] = ("基准年", "Baseline year"), ["BatchId"] = ("生产批次", "Production batch"), ["BizLocation"] = ("业务地点", "Business location"), ["BizStep"] = ("业务步骤", "Business step"),
        ["Block"] = ("板块", "Block"), ["Body"] = ("正文", "Body"), ["BodyHtml"] = ("正文（HTML）", "Body (HTML)"), ["Brand"] = ("品牌", "Brand"),
        ["Budget"] = ("预算", "Budget"), ["Buyer"] = ("买方", "Buyer"), ["CancelledAt"] = ("取消时间", "Cancelled at"), ["CapPerEnterprise"] = ("每家企业上限", "Cap per enterprise"),
        ["CaptureId"] = ("接收任务", "Capture job"), ["CaseId"] = ("案例", "Case"), ["CertificateCode"] = ("证书代码", "Certificate code"), ["CertificateExpiry"] = ("证书有效期至", "Certificate expiry"),
        ["CertificateIssuedAt"] = ("证书签发时间", "Certificate issued at"), ["CertificateNumber"] = ("证书编号", "Certificate number"), ["CertificateScope"] = ("证书范围", "Certificate scope"), ["CertificateScore"] = ("证书得分", "Certificate score"),
        ["Changes"] = ("变更内容", "Changes"), ["CheckInCode"] = ("签到码", "Check-in code"), ["CheckedInBy"] = ("签到人", "Checked in by"), ["ClaimKey"] = ("申请标识", "Claim key"),
        ["ClaimType"] = ("声明类型", "Claim type"), ["ClaimValue"] = ("声明值", "Claim value"), ["ClosedAt"] = ("关闭时间", "Closed at"), ["CnasScope"] = ("CNAS 认可范围", "CNAS scope"),
        ["CnyPerUsd"] = ("汇率（人民币/美元）", "CNY per USD"), ["Columns"] = ("列", "Columns"), ["CommentDeadline"] = ("评议截止日期", "Comment deadline"), ["CompletedBy"] = ("完成人", "Completed by"),
        ["ConcernsZone"] = ("涉及示范区", "Concerns the zone"), ["ConcludedAt"] = ("办结时间", "Concluded at"), ["ConcludedBy"] = ("办结人", "Concluded by"), ["ConsumedQuantity"] = ("消耗数量", "Consumed quantity"),
        ["Correction"] = ("纠正措施", "Correction"), ["CriterionId"] = ("指标", "Criterion"), ["DecidedAt"] = ("决定时间", "Decided at"), ["DecidedBy"] = ("决定人", "Decided by"),
        ["DecisionNote"] = ("决定说明", "Decision note"), ["DecisionReason"] = ("决定理由", "Decision reason"), ["DeclaredInErrorAt"] = ("声明错误时间", "Declared in error at"), ["DeliveryScore"] = ("交付得分", "Delivery score"),
        ["DepartmentName"] = ("部门名称", "Department name"), ["Direction"] = ("方向", "Direction"), ["DisposedAt"] = ("处置时间", "Disposed at"), ["DisposedBy"] = ("处置人", "Disposed by"),
        ["DocxSha256"] = ("Word 文件校验值（SHA-256）", "Word file SHA-256"), ["DocxSize"] = ("Word 文件大小", "Word file size"), ["Duplicates"] = ("重复项", "Duplicates"), ["EditedAt"] = ("编辑时间", "Edited at"),
        ["EditedBy"] = ("编辑人", "Edited by"), ["EffectiveVersion"] = ("有效版本", "Effective version"), ["EligibilitySnapshot"] = ("资格核验快照", "Eligibility snapshot"), ["EmailAttempts"] = ("邮件发送次数", "Email attempts"),
        ["EmailError"] = ("邮件错误", "Email error"), ["EmailSentAt"] = ("邮件发送时间", "Email sent at"), ["EmailTo"] = ("收件邮箱", "Email to"), ["Enabled"] = ("启用", "Enabled"),
        ["EndMonth"] = ("结束月份", "End month"), ["EndOn"] = ("结束日期", "Ends on"), ["EndsAt"] = ("结束时间", "Ends at"), ["EnteredAt"] = ("录入时间", "Entered at"),
        ["EnteredBy"] = ("录入人", "Entered by"), ["EnterpriseNamed"] = ("点名企业", "Enterprise named"), ["EnterpriseShare"] = ("企业分担比例", "Enterprise share"), ["Entitled"] = ("符合条件", "Entitled"),
        ["EntityId"] = ("记录标识", "Record id"), ["EntityType"] = ("记录类型", "Record type"), ["Equivalents"] = ("等同项", "Equivalents"), ["ErrorReason"] = ("错误原因", "Error reason"),
        ["Errors"] = ("错误", "Errors"), ["EscalatedAt"] = ("升级时间", "Escalated at"), ["EvaluatedAt"] = ("评价时间", "Evaluated at"), ["EvaluatedBy"] = ("评价人", "Evaluated by"),
        ["EvaluatedOn"] = ("评价日期", "Evaluated on"), ["EvaluationId"] = ("评价", "Evaluation"), ["EventId"] = ("事件标识", "Event id"), ["EventRowId"] = ("事件", "Event"),
        ["EventTime"] = ("事件时间", "Event time"), ["EventTimeZoneOffset"] = ("事件时区", "Event time zone offset"), ["EventType"] = ("事件类型", "Event type"), ["Events"] = ("事件数", "Events"),
        ["EvidenceContentType"] = ("佐证文件类型", "Evidence file type"), ["EvidenceFileName"] = ("佐证文件名", "Evidence file name"), ["EvidenceSha256"] = ("佐证文件校验值（SHA-256）", "Evidence SHA-256"), ["ExportDate"] = ("出口日期", "Export date"),
        ["FailRaisesFinding"] = ("不合格即形成问题", "A fail raises a finding"), ["FailRequiresNote"] = ("不合格须说明", "A fail requires a note"), ["FailRequiresPhoto"] = ("不合格须拍照", "A fail requires a photo"), ["FileContentType"] = ("文件类型", "File type"),
        ["FileSha256"] = ("文件校验值（SHA-256）", "File SHA-256"), ["FindingId"] = ("检查发现问题", "Finding"), ["From"] = ("自", "From"), ["FinishedAt"] = ("完成时间", "Finished at"), ["FirstSubmittedAt"] = ("首次提交时间", "First submitted at"),
        ["FlagReason"] = ("标记原因", "Flag reason"), ["FlaggedAt"] = ("标记时间", "Flagged at"), ["Formula"] = ("计算公式", "Formula"), ["FriendlyName"] = ("名称", "Friendly name"),
        ["FromPeriod"] = ("起始月份", "From month"), ["FromState"] = ("原状态", "From state"), ["GeneratedAt"] = ("生成时间", "Generated at"), ["GeneratedBy"] = ("生成人", "Generated by"),
        ["GoodsName"] = ("商品名称", "Goods name"), ["GradeASharePercent"] = ("A 级企业占比（%）", "Grade A share (%)"), ["GrantWithoutApplication"] = ("免申即享", "Granted without application"), ["GrantedBy"] = ("授予人", "Granted by"),
        ["Handler"] = ("经办人", "Handler"), ["Hint"] = ("提示", "Hint"), ["Holder"] = ("持有实例", "Holder"), ["HsCodes"] = ("HS 编码", "HS codes"),
        ["ImportedAt"] = ("导入时间", "Imported at"), ["ImportedBy"] = ("导入人", "Imported by"), ["IncludesRatings"] = ("含评级", "Includes ratings"), ["IncrementalByLastPublishDate"] = ("按最近发布日期增量获取", "Incremental by last publish date"),
        ["IndicatorId"] = ("指标", "Indicator"), ["InherentLikelihood"] = ("固有可能性", "Inherent likelihood"), ["InherentSeverity"] = ("固有严重度", "Inherent severity"), ["InputBatchId"] = ("投入批次", "Input batch"),
        ["InspectionReport"] = ("检验报告", "Inspection report"), ["IntervalHours"] = ("间隔（小时）", "Interval (hours)"), ["InvitedAt"] = ("邀请时间", "Invited at"), ["InvitedBy"] = ("邀请人", "Invited by"),
        ["IsPublic"] = ("公开", "Public"), ["IssuedAt"] = ("签发时间", "Issued at"), ["IssuedBy"] = ("签发人", "Issued by"), ["ItemCodes"] = ("项目代码", "Item codes"),
        ["ItemId"] = ("项目", "Item"), ["LabCnasAccredited"] = ("实验室 CNAS 认可", "Lab CNAS accredited"), ["LabCnasExpiry"] = ("实验室 CNAS 有效期至", "Lab CNAS expiry"), ["LabCnasNumber"] = ("实验室 CNAS 编号", "Lab CNAS number"),
        ["LabId"] = ("实验室", "Laboratory"), ["Last"] = ("当前序号", "Last number"), ["LastMessage"] = ("最近消息", "Last message"), ["LastPublishDate"] = ("最近发布日期", "Last publish date"),
        ["LastRequestUrl"] = ("最近请求地址", "Last request URL"), ["LastRunAt"] = ("最近运行时间", "Last run at"), ["LastSignInAt"] = ("最近登录时间", "Last sign-in"), ["LastSucceeded"] = ("最近一次成功", "Last succeeded"),
        ["LatestVersion"] = ("最新版本", "Latest version"), ["Limit"] = ("数量上限", "Limit"), ["LineCount"] = ("明细行数", "Line count"), ["LineNumber"] = ("行号", "Line number"),
        ["List"] = ("清单", "List"), ["LoginProvider"] = ("登录方式", "Login provider"), ["LotsOnTime"] = ("按期到货批数", "Lots on time"), ["LotsRejected"] = ("拒收批数", "Lots rejected"),
        ["LotsWithDueDate"] = ("有约定交期批数", "Lots with a due date"), ["Mapped"] = ("已对应", "Mapped"), ["MappedTo"] = ("对应到", "Mapped to"), ["MaterialLotId"] = ("物料批", "Material lot"),
        ["MaxPoints"] = ("最高分值", "Maximum points"), ["MaxScore"] = ("满分", "Maximum score"), ["MeetingId"] = ("联席会议", "Meeting"), ["MembershipId"] = ("会员", "Membership"),
        ["MinEvidence"] = ("最少佐证数", "Minimum evidence"), ["Mode"] = ("出口方式", "Mode"), ["ModelReason"] = ("型号理由", "Model reason"), ["NextReviewOn"] = ("下次评审日期", "Next review on"),
        ["NoExports"] = ("本月无出口", "No exports"), ["NonconformityDescription"] = ("不合格情况", "Nonconformity description"), ["NormalizedName"] = ("名称（规范化）", "Normalized name"), ["NoticeId"] = ("信息", "Notice"),
        ["OdmShare"] = ("ODM 占比", "ODM share"), ["OdmValueUsd"] = ("ODM 货值（美元）", "ODM value (USD)"), ["OemShare"] = ("OEM 占比", "OEM share"), ["OpenedAt"] = ("打开时间", "Opened at"),
        ["Operator"] = ("操作员", "Operator"), ["Options"] = ("选项", "Options"), ["OrderedByDepartmentId"] = ("委托部门", "Ordering department"), ["OrganizerDepartmentId"] = ("组织部门", "Organizing department"),
        ["OriginCountry"] = ("原产国", "Origin country"), ["OtherShipments"] = ("其他发货", "Other shipments"), ["OwnBrandShare"] = ("自主品牌占比", "Own-brand share"), ["OwnBrandValueUsd"] = ("自主品牌货值（美元）", "Own-brand value (USD)"),
        ["PackageCode"] = ("套餐代码", "Package code"), ["PaidAmount"] = ("已付金额", "Paid amount"), ["PaidBy"] = ("付款人", "Paid by"), ["ParticipantName"] = ("参与人姓名", "Participant name"),
        ["PdfSha256"] = ("PDF 文件校验值（SHA-256）", "PDF SHA-256"), ["PdfSize"] = ("PDF 文件大小", "PDF size"), ["PerUsd"] = ("每美元", "Per USD"), ["PerformedAt"] = ("执行时间", "Performed at"),
        ["PhotoContentType"] = ("照片类型", "Photo type"), ["PhotoFileName"] = ("照片文件名", "Photo file name"), ["PhotoSha256"] = ("照片校验值（SHA-256）", "Photo SHA-256"), ["PlannedOn"] = ("计划日期", "Planned on"),
        ["PolicyId"] = ("政策文件", "Policy"), ["Prefill"] = ("预填内容", "Prefill"), ["Prevention"] = ("预防措施", "Prevention"), ["Price"] = ("价格", "Price"),
        ["ProductName"] = ("产品名称", "Product name"), ["ProviderDisplayName"] = ("登录方式名称", "Provider name"), ["ProviderKey"] = ("登录方式标识", "Provider key"), ["PublishedAt"] = ("发布时间", "Published at"),
        ["PublishedBy"] = ("发布人", "Published by"), ["QualityContact"] = ("质量联系人", "Quality contact"), ["QualityContactPhone"] = ("质量联系人电话", "Quality contact phone"), ["QualityScore"] = ("质量得分", "Quality score"),
        ["QuestionId"] = ("题目", "Question"), ["QuotaPerEnterprise"] = ("每家企业名额", "Quota per enterprise"), ["Rating"] = ("评分", "Rating"), ["ReadPoint"] = ("读取点", "Read point"),
        ["Receipt"] = ("收据", "Receipt"), ["ReceivedAt"] = ("接收时间", "Received at"), ["RecordId"] = ("检查记录", "Record"), ["RecordTime"] = ("记录时间", "Record time"),
        ["RecordedAt"] = ("记录时间", "Recorded at"), ["RefusalReason"] = ("拒绝理由", "Refusal reason"), ["RegisteredAt"] = ("登记时间", "Registered at"), ["RegisteredBy"] = ("登记人", "Registered by"),
        ["RegistrationNumber"] = ("登记编号", "Registration number"), ["RemindDaysBefore"] = ("提前提醒天数", "Remind days before"), ["RemindedAt"] = ("提醒时间", "Reminded at"), ["RemindedOn"] = ("提醒日期", "Reminded on"),
        ["RemoteAddress"] = ("来源地址", "Remote address"), ["ReportDocxSha256"] = ("报告 Word 校验值（SHA-256）", "Report Word SHA-256"), ["ReportFailed"] = ("报告不合格", "Report failed"), ["ReportId"] = ("报告", "Report"),
        ["ReportNumber"] = ("报告编号", "Report number"), ["ReportPdfSha256"] = ("报告 PDF 校验值（SHA-256）", "Report PDF SHA-256"), ["ReporterContact"] = ("举报人联系方式", "Reporter contact"), ["ReporterName"] = ("举报人姓名", "Reporter name"),
        ["RequestId"] = ("检测委托", "Test request"), ["RequestItemId"] = ("委托检测项目", "Requested item"), ["RequestedAt"] = ("申请时间", "Requested at"), ["RequestedBy"] = ("申请人", "Requested by"),
        ["ResearchReportId"] = ("研究报告", "Research report"), ["ResidualLikelihood"] = ("剩余可能性", "Residual likelihood"), ["ResidualSeverity"] = ("剩余严重度", "Residual severity"), ["ResponseId"] = ("答卷", "Response"),
        ["ResponsibleDepartmentId"] = ("负责部门", "Responsible department"), ["ReturnId"] = ("出口质量月报", "Monthly return"), ["ReturnReason"] = ("退回原因", "Return reason"), ["ReviewFileContentType"] = ("评审文件类型", "Review file type"),
        ["ReviewFileName"] = ("评审文件名", "Review file name"), ["ReviewFileSha256"] = ("评审文件校验值（SHA-256）", "Review file SHA-256"), ["ReviewNote"] = ("评审说明", "Review note"), ["ReviewOpinion"] = ("评审意见", "Review opinion"),
        ["ReviewedOn"] = ("评审日期", "Reviewed on"), ["Reviewer"] = ("评审人", "Reviewer"), ["ReviewerName"] = ("评审人姓名", "Reviewer name"), ["RiskId"] = ("风险事项", "Risk"),
        ["RoundId"] = ("联合检查批次", "Inspection round"), ["Running"] = ("运行中", "Running"), ["SampleNumber"] = ("样品编号", "Sample number"), ["SampleQuantity"] = ("样品数量", "Sample quantity"),
        ["SampleReceivedAt"] = ("收样时间", "Sample received at"), ["SavedAt"] = ("保存时间", "Saved at"), ["ScheduledAt"] = ("计划时间", "Scheduled at"), ["ScoredAt"] = ("评分时间", "Scored at"),
        ["ScoredBy"] = ("评分人", "Scored by"), ["SearchKey"] = ("检索键", "Search key"), ["SearchTokens"] = ("检索词", "Search tokens"), ["SelectionReason"] = ("抽取理由", "Selection reason"),
        ["SelfScore"] = ("自评得分", "Self-assessed score"), ["SelfScoredBy"] = ("自评人", "Self-scored by"), ["SentAt"] = ("发送时间", "Sent at"), ["Sequence"] = ("序号", "Sequence"),
        ["SerialFrom"] = ("起始序列号", "Serial from"), ["SerialTo"] = ("截止序列号", "Serial to"), ["SessionId"] = ("培训班", "Training session"), ["SharePercent"] = ("比例（%）", "Share (%)"),
        ["SharedWithEnterprise"] = ("已与企业共享", "Shared with the enterprise"), ["ShipmentId"] = ("出口发货", "Shipment"), ["SignedBy"] = ("签署人", "Signed by"), ["SignedOn"] = ("签署日期", "Signed on"),
        ["SortOrder"] = ("排序", "Sort order"), ["SourceReference"] = ("来源编号", "Source reference"), ["Spec"] = ("规格", "Specification"), ["Staff"] = ("工作人员", "Staff"),
        ["Stage"] = ("培育阶段", "Stage"), ["StartMonth"] = ("开始月份", "Start month"), ["StartOn"] = ("开始日期", "Starts on"), ["StartsAt"] = ("开始时间", "Starts at"),
        ["StatusReason"] = ("状态原因", "Status reason"), ["Step"] = ("步骤", "Step"), ["Success"] = ("成功", "Success"), ["Superseded"] = ("已被取代", "Superseded"),
        ["SurveyId"] = ("调查问卷", "Survey"), ["TaskNumber"] = ("任务序号", "Task number"), ["TaskNumbers"] = ("任务序号", "Task numbers"), ["TemplateId"] = ("模板", "Template"),
        ["TemplateVersion"] = ("模板版本", "Template version"), ["TestedOn"] = ("检测日期", "Tested on"), ["TextEn"] = ("英文内容", "English text"), ["TextZh"] = ("中文内容", "Chinese text"),
        ["TitleEn"] = ("英文标题", "English title"), ["TitleZh"] = ("中文标题", "Chinese title"), ["ToPeriod"] = ("截止月份", "To month"), ["ToState"] = ("新状态", "To state"),
        ["TokenHash"] = ("令牌摘要", "Token hash"), ["Topic"] = ("主题", "Topic"), ["TotalPrice"] = ("总价", "Total price"), ["TurnaroundDays"] = ("检测周期（天）", "Turnaround (days)"),
        ["UploadedBy"] = ("上传人", "Uploaded by"), ["Uri"] = ("地址", "URI"), ["Url"] = ("网址", "URL"), ["UsedQuantity"] = ("使用数量", "Used quantity"),
        ["VerificationNote"] = ("核验说明", "Verification note"), ["VerifiedAt"] = ("核验时间", "Verified at"), ["VerifiedBy"] = ("核验人", "Verified by"), ["VersionId"] = ("月报版本", "Return version"),
        ["VisitedOn"] = ("走访日期", "Visited on"), ["WithdrawalReason"] = ("撤回理由", "Withdrawal reason"), ["WithdrawnAt"] = ("撤回时间", "Withdrawn at"), ["WithdrawnBy"] = ("撤回人", "Withdrawn by"),
        ["Xml"] = ("XML 内容", "XML"),
    };
    // </data>

    /// <summary>Who made the change: a person's account, or the platform itself (scheduled jobs, start-up seeding, recorded as "system").</summary>
    public static string Operator(string userName) => userName == "system" ? Text.Get("系统（自动任务）") : userName;

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
    /// the zone's time, yes / no, stored messages in the reader's language, long text cut, nothing as ∅. <paramref name="type"/>
    /// is the field's CLR type where the model knows it.
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
        // A text the platform keeps as a message (a report's conclusion, a history note) is read in the reader's language.
        JsonValueKind.String when Msg.Render(value.GetString()) is var text => text!.Length > 120 ? text[..120] + "…" : text,
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
