using QualityZone.Infrastructure;
using QualityZone.Infrastructure.Data;
using QualityZone.Infrastructure.Localization;

namespace QualityZone.Features.Enterprises;

/// <summary>
/// The states of dynamic management (动态管理) under the zone's management measures (task 6):
/// an applicant is admitted; an admitted enterprise may be put on watch (警示), suspended or
/// removed; each change is a named action with reason, evidence and actor.
/// </summary>
public enum EnterpriseState { Applicant, Admitted, Watch, Suspended, Removed }

public enum ManagementAction { Registered, Admitted, PutOnWatch, WatchLifted, Suspended, Reinstated, Removed, Reapplied }

/// <summary>
/// An exporting enterprise of the zone: the authoritative register entry. Identity (credit code,
/// customs code, names) and state change only through methods, so every change of state leaves an
/// event in the timeline.
/// </summary>
[CachedIn("enterprises")]
public sealed class Enterprise : SoftDeletable
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    /// <summary>统一社会信用代码 (GB 32100-2015), 18 characters, check character validated.</summary>
    public required string CreditCode { get; set; }
    /// <summary>海关注册编码, 10 characters.</summary>
    public string? CustomsCode { get; set; }
    public required string NameZh { get; set; }
    public string? NameEn { get; set; }
    public string? Address { get; set; }
    public string? LegalRepresentative { get; set; }
    public string? QualityContact { get; set; }
    public string? QualityContactPhone { get; set; }
    public int? Employees { get; set; }
    /// <summary>年产值, 万元 (CNY 10,000).</summary>
    public decimal? AnnualOutputWanYuan { get; set; }
    /// <summary>年出口额, 万美元 (USD 10,000).</summary>
    public decimal? AnnualExportWanUsd { get; set; }
    /// <summary>Export mode shares in percent (自主品牌 / ODM / OEM); they add up to 100 when given.</summary>
    public int? OwnBrandShare { get; set; }
    public int? OdmShare { get; set; }
    public int? OemShare { get; set; }
    /// <summary>Code of the customs credit tier (configurable list, GACC Order No. 282 by default).</summary>
    public string? CustomsCreditTier { get; set; }
    public bool LabCnasAccredited { get; set; }
    public string? LabCnasNumber { get; set; }
    public DateOnly? LabCnasExpiry { get; set; }

    public EnterpriseState State { get; private set; } = EnterpriseState.Applicant;
    /// <summary>Grade of the latest yearly evaluation (A/B/C/D), read by inspections and risk.</summary>
    public string? Grade { get; set; }
    public string? AdmissionNumber { get; private set; }
    public DateOnly? AdmittedOn { get; private set; }
    public DateTimeOffset CreatedAt { get; set; }
    /// <summary>Optimistic concurrency for edits by the office and the enterprise at once.</summary>
    public int Version { get; set; }
    public List<EnterpriseProduct> Products { get; set; } = [];
    public List<EnterpriseMarket> Markets { get; set; } = [];
    public List<EnterpriseEvent> Events { get; set; } = [];

    public string Name => Text.Pick(NameZh, NameEn);


    /// <summary>Which action leads from which states to which state.</summary>
    public static readonly IReadOnlyDictionary<ManagementAction, (EnterpriseState[] From, EnterpriseState To)> Transitions =
        new Dictionary<ManagementAction, (EnterpriseState[], EnterpriseState)>
        {
            [ManagementAction.Admitted] = ([EnterpriseState.Applicant], EnterpriseState.Admitted),
            [ManagementAction.PutOnWatch] = ([EnterpriseState.Admitted], EnterpriseState.Watch),
            [ManagementAction.WatchLifted] = ([EnterpriseState.Watch], EnterpriseState.Admitted),
            [ManagementAction.Suspended] = ([EnterpriseState.Admitted, EnterpriseState.Watch], EnterpriseState.Suspended),
            [ManagementAction.Reinstated] = ([EnterpriseState.Suspended], EnterpriseState.Admitted),
            [ManagementAction.Removed] = ([EnterpriseState.Applicant, EnterpriseState.Admitted, EnterpriseState.Watch, EnterpriseState.Suspended], EnterpriseState.Removed),
            [ManagementAction.Reapplied] = ([EnterpriseState.Removed], EnterpriseState.Applicant),
        };

    public IEnumerable<ManagementAction> AllowedActions =>
        Transitions.Where(t => t.Value.From.Contains(State) && t.Key != ManagementAction.Admitted).Select(t => t.Key);

    public EnterpriseEvent Register(string actor, DateTimeOffset now)
    {
        CreatedAt = now;
        // Stored as the Chinese key and read in the reader's language (the timeline translates a reason that is a UI string).
        return Record(ManagementAction.Registered, State, "登记入库", null, actor, now);
    }

    /// <summary>Admission decided by the zone office (入区): the admission number and date are issued.</summary>
    public EnterpriseEvent Admit(string admissionNumber, DateOnly admittedOn, string reason, StoredEvidence? evidence, string actor, DateTimeOffset now)
    {
        if (string.IsNullOrWhiteSpace(admissionNumber)) throw new BusinessRuleException(Text.Get("入区编号不能为空"));
        var evt = Transition(ManagementAction.Admitted, reason, evidence, actor, now);
        AdmissionNumber = admissionNumber.Trim();
        AdmittedOn = admittedOn;
        return evt;
    }

    /// <summary>A dynamic-management action (警示, 暂停, 恢复, 移出…); refused unless the state allows it.</summary>
    public EnterpriseEvent Transition(ManagementAction action, string reason, StoredEvidence? evidence, string actor, DateTimeOffset now)
    {
        if (!Transitions.TryGetValue(action, out var transition))
            throw new BusinessRuleException(Text.Get("不支持的管理操作"));
        if (!transition.From.Contains(State))
            throw new BusinessRuleException(Text.Format("企业当前状态为“{0}”，不能执行“{1}”", Text.Get(EnterpriseLabels.State(State)), Text.Get(EnterpriseLabels.Action(action))));
        if (string.IsNullOrWhiteSpace(reason)) throw new BusinessRuleException(Text.Get("请填写原因"));
        var from = State;
        State = transition.To;
        return Record(action, from, reason.Trim(), evidence, actor, now);
    }

    private EnterpriseEvent Record(ManagementAction action, EnterpriseState from, string reason, StoredEvidence? evidence, string actor, DateTimeOffset now)
    {
        var evt = new EnterpriseEvent
        {
            EnterpriseId = Id, Action = action, FromState = from, ToState = State, Reason = reason,
            EvidenceSha256 = evidence?.Sha256, EvidenceFileName = evidence?.FileName, EvidenceContentType = evidence?.ContentType,
            Actor = actor, At = now,
        };
        Events.Add(evt);
        return evt;
    }
}

/// <summary>A file kept by the file store, as a record refers to it.</summary>
public sealed record StoredEvidence(string Sha256, string FileName, string ContentType);

/// <summary>A product category the enterprise exports, by HS code (6 to 10 digits).</summary>
public sealed class EnterpriseProduct : IAggregatePart, IEnterpriseOwned
{
    Guid IAggregatePart.AggregateId => EnterpriseId;
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public Guid EnterpriseId { get; set; }
    public required string HsCode { get; set; }
    public required string Name { get; set; }
}

/// <summary>A main export market (ISO 3166-1 alpha-2).</summary>
public sealed class EnterpriseMarket : IAggregatePart, IEnterpriseOwned
{
    Guid IAggregatePart.AggregateId => EnterpriseId;
    public Guid EnterpriseId { get; set; }
    public required string CountryCode { get; set; }
}

/// <summary>One step of the enterprise's timeline: what was done, from which state to which, why, by whom.</summary>
public sealed class EnterpriseEvent : IAggregatePart, IEnterpriseOwned
{
    Guid IAggregatePart.AggregateId => EnterpriseId;
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public Guid EnterpriseId { get; set; }
    public ManagementAction Action { get; set; }
    public EnterpriseState FromState { get; set; }
    public EnterpriseState ToState { get; set; }
    public required string Reason { get; set; }
    public string? EvidenceSha256 { get; set; }
    public string? EvidenceFileName { get; set; }
    public string? EvidenceContentType { get; set; }
    public required string Actor { get; set; }
    public DateTimeOffset At { get; set; }
}

public static class EnterpriseLabels
{
    public static string State(EnterpriseState state) => state switch
    {
        EnterpriseState.Applicant => "申请中",
        EnterpriseState.Admitted => "已入区",
        EnterpriseState.Watch => "警示",
        EnterpriseState.Suspended => "暂停",
        _ => "已移出",
    };

    public static string StateBadge(EnterpriseState state) => state switch
    {
        EnterpriseState.Admitted => "bg-success",
        EnterpriseState.Watch => "bg-warning text-dark",
        EnterpriseState.Suspended => "bg-danger",
        EnterpriseState.Removed => "bg-dark",
        _ => "bg-secondary",
    };

    public static string Action(ManagementAction action) => action switch
    {
        ManagementAction.Registered => "登记入库",
        ManagementAction.Admitted => "批准入区",
        ManagementAction.PutOnWatch => "列入警示",
        ManagementAction.WatchLifted => "解除警示",
        ManagementAction.Suspended => "暂停资格",
        ManagementAction.Reinstated => "恢复资格",
        ManagementAction.Removed => "移出示范区",
        _ => "重新申请",
    };
}
