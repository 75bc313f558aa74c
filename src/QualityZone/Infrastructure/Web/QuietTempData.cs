using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.ViewFeatures;
using Microsoft.Extensions.Options;

namespace QualityZone.Infrastructure.Web;

/// <summary>
/// A flash message (TempData "Success" / "Error") travels in a cookie from the form that saved something to
/// the page it redirects to, and the layout reads TempData on every page. ASP.NET Core's cookie provider then
/// answers every page with a Set-Cookie deleting a cookie the browser never had (issue 22: a header, its
/// options and their work on every response, and noise for every cache and proxy between). This provider
/// deletes the cookie only when the request brought one; a message is still shown once and then removed.
/// </summary>
public sealed class QuietCookieTempDataProvider(ITempDataProvider inner, string cookieName) : ITempDataProvider
{
    public IDictionary<string, object> LoadTempData(HttpContext context) => inner.LoadTempData(context);

    public void SaveTempData(HttpContext context, IDictionary<string, object> values)
    {
        if (values.Count == 0 && !context.Request.Cookies.ContainsKey(cookieName)) return;
        inner.SaveTempData(context, values);
    }
}

public static class QuietCookieTempDataRegistration
{
    /// <summary>Wraps the registered (cookie) TempData provider (call after AddRazorPages).</summary>
    public static IServiceCollection AddQuietCookieTempData(this IServiceCollection services) =>
        services.DecorateSingleton<ITempDataProvider>((sp, inner) =>
            new QuietCookieTempDataProvider(inner, sp.GetRequiredService<IOptions<CookieTempDataProviderOptions>>().Value.Cookie.Name!));
}
