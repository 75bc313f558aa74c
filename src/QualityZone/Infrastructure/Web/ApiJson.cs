using System.Reflection;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using System.Text.Unicode;
using Microsoft.AspNetCore.Http.Metadata;

namespace QualityZone.Infrastructure.Web;

/// <summary>The API's JSON: enums by name, Chinese as text (not \uXXXX escapes), on top of the web defaults (camelCase).</summary>
public static class ApiJson
{
    public static readonly JavaScriptEncoder Encoder = JavaScriptEncoder.Create(UnicodeRanges.All);

    public static JsonSerializerOptions Configure(JsonSerializerOptions options)
    {
        options.Converters.Add(new System.Text.Json.Serialization.JsonStringEnumConverter());
        options.Encoder = Encoder;
        return options;
    }

    /// <summary>200 with <paramref name="value"/> written by a source-generated context (see <see cref="GeneratedJsonResult{T}"/>).</summary>
    public static GeneratedJsonResult<T> Ok<T>(T value, JsonTypeInfo<T> typeInfo) => new(value, typeInfo);
}

/// <summary>
/// A 200 answer written by a source-generated context's fast path: no converter stack, several times quicker than the
/// reflection-based writer for large nested answers (the trace, issue 22). The fast path only runs when the context's
/// options carry no converter and no encoder, so the writer here gets the API's encoder itself; the bytes are the same
/// as the API's other answers (a test compares them). Written whole into the response's pipe, then sent: the fast path
/// has no asynchronous form, and the answer is in memory already.
/// </summary>
public sealed class GeneratedJsonResult<T>(T value, JsonTypeInfo<T> typeInfo)
    : IResult, IStatusCodeHttpResult, IValueHttpResult, IValueHttpResult<T>, IContentTypeHttpResult, IEndpointMetadataProvider
{
    private static readonly JsonWriterOptions WriterOptions = new() { Encoder = ApiJson.Encoder, SkipValidation = true };

    public T Value => value;
    object? IValueHttpResult.Value => value;
    public int? StatusCode => StatusCodes.Status200OK;
    public string ContentType => "application/json; charset=utf-8";

    public async Task ExecuteAsync(HttpContext httpContext)
    {
        httpContext.Response.StatusCode = StatusCodes.Status200OK;
        httpContext.Response.ContentType = ContentType;
        using (var writer = new Utf8JsonWriter(httpContext.Response.BodyWriter, WriterOptions))
            JsonSerializer.Serialize(writer, value, typeInfo);
        await httpContext.Response.BodyWriter.FlushAsync(httpContext.RequestAborted);
    }

    /// <summary>The same OpenAPI description as <c>Ok&lt;T&gt;</c>.</summary>
    public static void PopulateMetadata(MethodInfo method, EndpointBuilder builder) =>
        builder.Metadata.Add(new ProducesResponseTypeMetadata(StatusCodes.Status200OK, typeof(T), ["application/json"]));
}
