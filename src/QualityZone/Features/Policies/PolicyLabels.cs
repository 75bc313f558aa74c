using QualityZone.Infrastructure.Localization;

namespace QualityZone.Features.Policies;

/// <summary>The names of the register's kinds and states, in the reader's language.</summary>
public static class PolicyLabels
{
    public static string Type(PolicyType type) => Text.Get(type switch
    {
        PolicyType.DevelopmentPlan => "发展规划",
        PolicyType.Reward => "奖励扶持",
        PolicyType.Facilitation => "贸易便利化措施",
        PolicyType.Appraisal => "考核办法",
        _ => "其他",
    });

    public static string Claim(ClaimState state) => Text.Get(state switch
    {
        ClaimState.Submitted => "待部门审核",
        ClaimState.Reviewed => "待建设办批准",
        ClaimState.Approved => "已批准待拨付",
        ClaimState.Rejected => "已驳回",
        _ => "已拨付",
    });

    public static string ClaimCss(ClaimState state) => state switch
    {
        ClaimState.Submitted or ClaimState.Reviewed => "warning",
        ClaimState.Approved => "primary",
        ClaimState.Rejected => "secondary",
        _ => "success",
    };

    public static string Grant(GrantState state) => Text.Get(state switch
    {
        GrantState.Active => "享受中",
        GrantState.FlaggedForWithdrawal => "待撤销",
        _ => "已撤销",
    });

    public static string GrantCss(GrantState state) => state switch { GrantState.Active => "success", GrantState.FlaggedForWithdrawal => "danger", _ => "secondary" };

    public static string Kind(AmountKind kind) => Text.Get(kind switch { AmountKind.Fixed => "定额", AmountKind.PerItem => "按件", _ => "按比例" });

    public static string Amount(Policy p) => p.AmountKind switch
    {
        AmountKind.Fixed => Text.Format("每家 {0} 元", p.Amount.ToString("N0")),
        AmountKind.PerItem => Text.Format("每项 {0} 元（按“{1}”计）", p.Amount.ToString("N0"), p.BaseCriterion ?? ""),
        _ => Text.Format("按“{0}”的 {1}%", p.BaseCriterion ?? "", p.SharePercent.ToString("0.##")),
    } + (p.CapPerEnterprise is { } cap ? Text.Format("，单个企业不超过 {0} 元", cap.ToString("N0")) : "");
}
