using System.Security.Claims;

namespace QualityZone.Features.Actions;

/// <summary>
/// What a module above this one shows on an action's page — a link to where the action came from
/// (a meeting's resolution, an inspection finding) or a section of its own (the trace requests of a
/// named recall) — so the page shows it without depending on that module.
/// </summary>
public interface IActionPanel
{
    int Order { get; }

    /// <summary>The contribution for this action (one the user may see), or null.</summary>
    Task<ActionPanel?> LoadAsync(CorrectiveAction action, string? enterpriseName, ClaimsPrincipal user, CancellationToken ct);
}

/// <summary>A link shown beside the action's source (text in Chinese, localized by the page) and/or a partial view with its model.</summary>
public sealed record ActionPanel(string? SourceLinkText = null, string? SourceLinkHref = null, bool LocalizeLinkText = false, string? Partial = null, object? Model = null);
