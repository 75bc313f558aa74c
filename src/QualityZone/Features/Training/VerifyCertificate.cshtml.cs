using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.RateLimiting;
using QualityZone.Infrastructure;
using QualityZone.Infrastructure.Auth;

namespace QualityZone.Features.Training;

/// <summary>
/// <c>/training/verify</c>: anyone — an employer, a buyer's auditor — checks a training certificate by its
/// number and verification code. An unknown number and a wrong code get the same answer; tries are rate-limited.
/// </summary>
[RequirePermission(TrainingPermissions.Browse)]
[EnableRateLimiting("verify")]
public sealed class VerifyCertificateModel(TrainingCertificates certificates, ZoneClock clock) : PageModel
{
    public string? Number { get; private set; }
    public string? Code { get; private set; }
    public TrainingApi.CertificateVerification? Found { get; private set; }
    public bool Tried { get; private set; }

    public async Task OnGetAsync(string? number, string? code, CancellationToken ct)
    {
        (Number, Code) = (number, code);
        Tried = !string.IsNullOrWhiteSpace(number) || !string.IsNullOrWhiteSpace(code);
        if (Tried && await certificates.VerifyAsync(number, code, ct) is { } found) Found = TrainingApi.Public(found, clock);
        if (Tried && Found is null) Response.StatusCode = StatusCodes.Status404NotFound;
    }
}
