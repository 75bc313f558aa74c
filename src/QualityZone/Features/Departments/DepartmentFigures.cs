namespace QualityZone.Features.Departments;

/// <summary>
/// A column of the member-unit list contributed by a module above this one (the tasks a unit leads,
/// its accounts…): the list shows it without depending on that module. Registered in the module's
/// <c>AddServices</c>.
/// </summary>
public interface IDepartmentFigure
{
    int Order { get; }

    /// <summary>The column's header, in Chinese (the list localizes it).</summary>
    string Header { get; }

    /// <summary>Where the figure of a unit links to, or null.</summary>
    string? Link(string departmentCode);

    /// <summary>The figure of every member unit that has one (the others show 0).</summary>
    Task<IReadOnlyDictionary<Guid, int>> CountsAsync(CancellationToken ct);
}
