using System.Data.Common;
using System.Diagnostics;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using QualityZone.Infrastructure.Localization;

namespace QualityZone.Infrastructure.Errors;

/// <summary>
/// The app's one error contract. Every exception that leaves a handler is turned into a
/// ProblemDetails here (pages get the error page instead), so a rule has one status everywhere:
/// a broken business rule is 400, a stale version or a unique key taken by a concurrent request 409,
/// a body too large 413, malformed or mistyped input 400 naming the field, anything else 500 with a
/// trace id. Nothing is half-saved: each command saves in one SaveChanges or one transaction, and an
/// exception leaves it uncommitted. Titles are localized like every other text.
/// </summary>
public static partial class ErrorContract
{
    public static IServiceCollection AddErrorContract(this IServiceCollection services)
    {
        services.AddExceptionHandler<ProblemDetailsExceptionHandler>();
        services.AddProblemDetails(o => o.CustomizeProblemDetails = ctx => Localize(ctx.ProblemDetails, ctx.HttpContext));
        // Minimal API binding failures (malformed JSON, a wrong type in the query) throw, so the
        // handler below answers them, naming the field, instead of an empty 400.
        services.Configure<RouteHandlerOptions>(o => o.ThrowOnBadRequest = true);
        services.Configure<Microsoft.AspNetCore.Http.Json.JsonOptions>(o => StrictJson.Apply(o.SerializerOptions));
        return services;
    }

    /// <summary>Deeper documents are refused: no request of the API nests more than a few levels.</summary>
    public const int MaxJsonDepth = 32;

    /// <summary>
    /// The machines' paths: the REST API, its OpenAPI document and the EPCIS 2.0 binding (whose clients are an
    /// enterprise's ERP or MES and expect 401, 403 and ProblemDetails, not a sign-in page or an error page).
    /// </summary>
    public static bool IsApi(HttpContext context) => IsApi(context.Request.Path);

    public static bool IsApi(PathString path) =>
        path.StartsWithSegments("/api") || path.StartsWithSegments("/openapi") || path.StartsWithSegments("/epcis");

    /// <summary>Error pages for people, ProblemDetails for machines: an /api response with an error status and no body gets one.</summary>
    public static WebApplication UseErrorContract(this WebApplication app)
    {
        app.UseExceptionHandler();
        app.Use(RefuseControlCharactersInQuery);
        app.UseWhen(IsApi, api => api.UseStatusCodePages());
        app.UseWhen(context => !IsApi(context), pages => pages.UseStatusCodePagesWithReExecute("/error", "?code={0}"));
        return app;
    }

    /// <summary>
    /// No parameter of the platform legitimately holds a control character (U+0000–U+001F, U+007F):
    /// such a query string is refused before any handler sees it, naming the parameter.
    /// </summary>
    private static Task RefuseControlCharactersInQuery(HttpContext context, RequestDelegate next)
    {
        foreach (var (name, values) in context.Request.Query)
        {
            if (!values.Any(v => v is not null && v.Any(char.IsControl))) continue;
            throw new BadHttpRequestException($"Failed to bind parameter \"string {name}\" from a value with control characters.");
        }
        return next(context);
    }

    /// <summary>The localized title of a status, where a handler gave none of its own.</summary>
    private static void Localize(ProblemDetails problem, HttpContext context)
    {
        var status = problem.Status ?? context.Response.StatusCode;
        if (problem.Title is null || problem.Title == ReasonPhrases.GetReasonPhrase(status) || problem.Title.StartsWith("An error occurred", StringComparison.Ordinal))
            problem.Title = Text.Get(status switch
            {
                400 => "请求有误",
                401 => "需要登录或有效的 API 令牌",
                403 => "无权执行此操作",
                404 => "未找到",
                405 => "不支持该请求方法",
                409 => "与当前数据冲突",
                413 => "请求内容过大",
                415 => "不支持该内容类型",
                429 => "请求过于频繁，请稍后再试",
                _ => "服务器内部错误",
            });
        problem.Extensions.TryAdd("traceId", Activity.Current?.Id ?? context.TraceIdentifier);
    }

    /// <summary>Status, title and (where the input is to blame) the field, for an exception.</summary>
    public static (int Status, string Title, string? Field) Classify(Exception exception) => exception switch
    {
        BusinessRuleException rule => (StatusCodes.Status400BadRequest, rule.Message, null),
        DbUpdateConcurrencyException => (StatusCodes.Status409Conflict, Text.Get("该记录已被他人修改，请刷新后重试"), null),
        _ when IsUniqueViolation(exception) => (StatusCodes.Status409Conflict, Text.Get("记录已存在（可能由同时提交的请求创建），请刷新后重试"), null),
        BadHttpRequestException { StatusCode: StatusCodes.Status413PayloadTooLarge } => (StatusCodes.Status413PayloadTooLarge, Text.Get("请求内容过大"), null),
        BadHttpRequestException bad => (bad.StatusCode, BadInputTitle(bad), FieldOf(bad)),
        JsonException json => (StatusCodes.Status400BadRequest, Text.Get("请求内容不是有效的 JSON，或字段类型不符"), json.Path),
        _ => (StatusCodes.Status500InternalServerError, Text.Get("服务器内部错误"), null),
    };

    private static string BadInputTitle(BadHttpRequestException bad) =>
        bad.InnerException is JsonException ? Text.Get("请求内容不是有效的 JSON，或字段类型不符")
        : bad.Message.StartsWith("Required parameter", StringComparison.Ordinal) ? Text.Get("缺少必需的请求内容")
        : bad.Message.StartsWith("Failed to bind parameter", StringComparison.Ordinal) ? Text.Get("参数的值无效")
        : Text.Get("请求有误");

    /// <summary>The field at fault: the JSON path of a body, or the name of a route or query parameter.</summary>
    private static string? FieldOf(BadHttpRequestException bad)
    {
        if (bad.InnerException is JsonException { Path: { } path }) return path;
        var match = ParameterName().Match(bad.Message);
        return match.Success ? match.Groups[1].Value : null;
    }

    // "Failed to bind parameter \"int page\" from \"abc\"." / "Required parameter \"Request body\" was not provided from body."
    [GeneratedRegex("parameter \"[^\" ]+ ([^\"]+)\"")]
    private static partial Regex ParameterName();

    /// <summary>
    /// The database refused a duplicate key — SQLite's UNIQUE constraint (extended code 2067, or 1555 for a primary key),
    /// PostgreSQL's unique_violation (23505) — wrapped by EF Core in a DbUpdateException, or unwrapped from the bulk
    /// writers (trace ingest, EPCIS capture), which write past EF Core.
    /// </summary>
    public static bool IsUniqueViolation(Exception exception) => (exception as DbException ?? (exception as DbUpdateException)?.InnerException as DbException) switch
    {
        Microsoft.Data.Sqlite.SqliteException sqlite => sqlite.SqliteExtendedErrorCode is 2067 or 1555,
        PostgresException postgres => postgres.SqlState == PostgresErrorCodes.UniqueViolation,
        _ => false,
    };

    private sealed class ProblemDetailsExceptionHandler(IProblemDetailsService problems, ILogger<ProblemDetailsExceptionHandler> logger) : IExceptionHandler
    {
        public async ValueTask<bool> TryHandleAsync(HttpContext context, Exception exception, CancellationToken cancellationToken)
        {
            var (status, title, field) = Classify(exception);
            if (status >= 500) logger.LogError(exception, "Unhandled exception on {Method} {Path}", context.Request.Method, context.Request.Path);
            if (!IsApi(context))
            {
                // People get the error page; the details stay in the log.
                context.Response.Redirect(status >= 500 ? "/error" : $"/error?code={status}");
                return true;
            }
            context.Response.StatusCode = status;
            var problem = new ProblemDetails { Status = status, Title = title };
            if (field is not null)
            {
                problem.Detail = Text.Format("字段 {0} 的值无效", field);
                problem.Extensions["field"] = field;
            }
            return await problems.TryWriteAsync(new ProblemDetailsContext { HttpContext = context, ProblemDetails = problem, Exception = exception });
        }
    }
}
