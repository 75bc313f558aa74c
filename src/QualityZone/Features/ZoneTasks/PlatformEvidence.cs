namespace QualityZone.Features.ZoneTasks;

/// <summary>A record kept by another module that proves a measure of a task (a submitted report, a meeting's minutes).</summary>
public sealed record PlatformEvidence(int TaskNumber, int MeasureNumber, string Title, string Href, DateTimeOffset At, string Source);

/// <summary>
/// A module's records that count as evidence of a task (佐证材料) without anyone uploading a file: the
/// task page lists them beside the uploaded files. Modules register an implementation in their
/// AddServices; the tracker names none of them.
/// </summary>
public interface ITaskEvidenceSource
{
    Task<IReadOnlyList<PlatformEvidence>> ForTaskAsync(int taskNumber, CancellationToken ct);
}
