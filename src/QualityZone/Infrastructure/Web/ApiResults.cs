using Microsoft.AspNetCore.Http.HttpResults;

namespace QualityZone.Infrastructure.Web;

/// <summary>
/// Errors of the API as one typed result: every refusal is a ProblemHttpResult (RFC 9457), with the fields at fault
/// under "errors" when there are any, so a handler's type reads Results&lt;Ok&lt;T&gt;, ProblemHttpResult&gt; whatever went wrong.
/// </summary>
public static class ApiResults
{
    public static ProblemHttpResult ValidationProblem(IDictionary<string, string[]> errors, string? title = null, int statusCode = StatusCodes.Status400BadRequest) =>
        TypedResults.Problem(new HttpValidationProblemDetails(errors) { Title = title, Status = statusCode });
}
