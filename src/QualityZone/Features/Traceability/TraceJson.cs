using System.Text.Json;
using System.Text.Json.Serialization;

namespace QualityZone.Features.Traceability;

/// <summary>
/// The trace answers' JSON written by generated code (System.Text.Json's source generator, fast path): a backward trace
/// is ~30 KB of nested records, and the reflection-based writer spent as long on it as the trace's statements (issue 22).
/// Same shape as the API's other answers: camelCase, enums by name, Chinese as text.
/// </summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, UseStringEnumConverter = true)]
[JsonSerializable(typeof(TraceabilityApi.TraceDto))]
[JsonSerializable(typeof(TraceabilityApi.ForwardDto))]
public sealed partial class TraceJson : JsonSerializerContext;
