using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.RateLimiting;
using QualityZone.Infrastructure.Auth;
using QualityZone.Infrastructure.Data;

namespace QualityZone.Features.Testing;

/// <summary>
/// <c>/verify</c>: anyone — a buyer abroad scanning the code on a report — checks a report by its number and
/// verification code: the facts printed on it and whether it is valid or withdrawn, in Chinese or English.
/// An unknown number and a wrong code get the same answer; tries are rate-limited per address.
/// </summary>
[RequirePermission(TestingPermissions.Verify)]
[EnableRateLimiting("verify")]
public sealed class VerifyModel(AppDbContext db) : PageModel
{
    public string? Number { get; private set; }
    public string? Code { get; private set; }
    public TestingApi.Verification? Found { get; private set; }
    public bool Tried { get; private set; }

    public async Task OnGetAsync(string? number, string? code, CancellationToken ct)
    {
        (Number, Code) = (number, code);
        Tried = !string.IsNullOrWhiteSpace(number) || !string.IsNullOrWhiteSpace(code);
        if (Tried) Found = await TestingApi.VerifyAsync(db, number, code, ct);
        if (Tried && Found is null) Response.StatusCode = StatusCodes.Status404NotFound;
    }
}
