namespace QualityZone.Infrastructure.Web;

/// <summary>Whether text that came from outside (feeds, editors, enterprises) may become the target of a link.</summary>
public static class WebLinks
{
    /// <summary>An absolute http or https address; everything else (javascript:, data:, vbscript:, relative paths) is shown as text.</summary>
    public static bool IsWebAddress(string? value) =>
        Uri.TryCreate(value?.Trim(), UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https" && !string.IsNullOrEmpty(uri.Host);
}
