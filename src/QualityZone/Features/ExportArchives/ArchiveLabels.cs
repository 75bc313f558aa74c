namespace QualityZone.Features.ExportArchives;

/// <summary>Chinese labels (localization keys) and badge styles of the archives' enums.</summary>
public static class ArchiveLabels
{
    public static string State(ReturnState state) => state switch
    {
        ReturnState.Draft => "草稿",
        // One name per state (issue 21): the filing status says 已报送 for the same thing.
        ReturnState.Submitted => "已报送",
        ReturnState.Accepted => "已审核",
        _ => "退回修改",
    };

    public static string Filing(FilingStatus status) => status switch
    {
        FilingStatus.NotDue => "待报送",
        FilingStatus.Draft => "草稿未提交",
        FilingStatus.Overdue => "逾期未报",
        FilingStatus.Submitted => "已报送",
        FilingStatus.Accepted => "已审核",
        _ => "退回修改",
    };

    public static string FilingBadge(FilingStatus status) => status switch
    {
        FilingStatus.Accepted => "bg-success",
        FilingStatus.Submitted => "bg-primary",
        FilingStatus.Returned => "bg-warning text-dark",
        FilingStatus.Overdue => "bg-danger",
        FilingStatus.Draft => "bg-info text-dark",
        _ => "bg-light text-muted border",
    };

    public static string StateBadge(ReturnState state) => state switch
    {
        ReturnState.Accepted => "bg-success",
        ReturnState.Submitted => "bg-primary",
        ReturnState.Returned => "bg-warning text-dark",
        _ => "bg-secondary",
    };

    public static string Mode(ExportMode mode) => mode switch
    {
        ExportMode.OwnBrand => "自主品牌",
        ExportMode.Odm => "ODM",
        _ => "OEM",
    };

    public static string Kind(IncidentKind kind) => kind switch
    {
        IncidentKind.Notification => "国外通报",
        IncidentKind.Recall => "召回",
        _ => "退运",
    };

    public static string Source(ReturnSource source) => source switch
    {
        ReturnSource.Form => "网页填报",
        ReturnSource.Excel => "Excel 导入",
        ReturnSource.Api => "API 报送",
        _ => "报关数据",
    };
}
