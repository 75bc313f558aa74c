using Microsoft.AspNetCore.Http.HttpResults;

namespace QualityZone.Infrastructure;

/// <summary>The outcome of a command: success, or a localized reason and the HTTP status it maps to.</summary>
public sealed record CommandResult(bool Succeeded, string? Error = null, int Status = StatusCodes.Status200OK)
{
    public static readonly CommandResult Ok = new(true);
    public static CommandResult NotFound(string error) => new(false, error, StatusCodes.Status404NotFound);
    public static CommandResult Forbidden(string error) => new(false, error, StatusCodes.Status403Forbidden);
    public static CommandResult Invalid(string error) => new(false, error, StatusCodes.Status400BadRequest);
    public static CommandResult Conflict(string error) => new(false, error, StatusCodes.Status409Conflict);

    public ProblemHttpResult ToProblem() => TypedResults.Problem(statusCode: Status, title: Error);

    /// <summary>The answer of an API command that returns nothing: 204, or the problem.</summary>
    public Results<NoContent, ProblemHttpResult> ToNoContent() => Succeeded ? TypedResults.NoContent() : ToProblem();
}
