namespace QualityZone.Features.Inspections;

/// <summary>A report an inspection item cites, as the module that issued it describes it.</summary>
public sealed record CitedReport(string Number, string Label, string Href, bool Failed);

/// <summary>
/// Resolves the number of a report an inspector cites on a checklist item (the testing service's reports,
/// task 17, a module above this one): only a report of the inspected enterprise resolves.
/// </summary>
public interface IReportReferences
{
    Task<CitedReport?> FindAsync(Guid enterpriseId, string number, CancellationToken ct);
}
