namespace QualityZone.Infrastructure.Auth;

/// <summary>
/// Whether a request carries an API token (<c>Authorization: Bearer …</c>). One test for the three
/// places that decide by it: the sign-in scheme chosen (AccountsSetup), the token read
/// (ApiTokenAuthenticationHandler) and antiforgery left out (BearerExemptAntiforgery) — so a request
/// exempted from antiforgery is always one signed in by its token, never by a cookie.
/// </summary>
public static class BearerToken
{
    public const string Prefix = "Bearer ";

    public static bool IsPresent(HttpRequest request) => request.Headers.Authorization.ToString().StartsWith(Prefix, StringComparison.OrdinalIgnoreCase);
}
