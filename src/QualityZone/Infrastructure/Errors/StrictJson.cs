using System.Text.Json;
using System.Text.Json.Serialization;

namespace QualityZone.Infrastructure.Errors;

/// <summary>
/// The API's JSON: no deeper than a request can be, and a list never holds a null (a null line in a
/// return or a null product would otherwise reach the rules as a missing object). Omitted fields
/// stay allowed (clients send only what they have), so the rules check for null themselves.
/// </summary>
public static class StrictJson
{
    public static void Apply(JsonSerializerOptions options)
    {
        options.MaxDepth = ErrorContract.MaxJsonDepth;
        options.Converters.Add(new NoNullElementsConverterFactory());
    }

    /// <summary>List&lt;T&gt;, IReadOnlyList&lt;T&gt;, IList&lt;T&gt;, IEnumerable&lt;T&gt; and T[] of a reference type refuse a null element.</summary>
    private sealed class NoNullElementsConverterFactory : JsonConverterFactory
    {
        public override bool CanConvert(Type type) => ElementOf(type) is { IsValueType: false };

        private static Type? ElementOf(Type type)
        {
            if (type.IsArray) return type.GetElementType();
            if (!type.IsGenericType) return null;
            var definition = type.GetGenericTypeDefinition();
            return definition == typeof(List<>) || definition == typeof(IReadOnlyList<>) || definition == typeof(IList<>)
                || definition == typeof(IEnumerable<>) || definition == typeof(IReadOnlyCollection<>) || definition == typeof(ICollection<>)
                ? type.GetGenericArguments()[0] : null;
        }

        public override JsonConverter CreateConverter(Type type, JsonSerializerOptions options) =>
            (JsonConverter)Activator.CreateInstance(typeof(Converter<,>).MakeGenericType(type, ElementOf(type)!))!;

        private sealed class Converter<TCollection, T> : JsonConverter<TCollection> where TCollection : class, IEnumerable<T> where T : class
        {
            public override TCollection? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
            {
                if (reader.TokenType == JsonTokenType.Null) return null;
                if (reader.TokenType != JsonTokenType.StartArray) throw new JsonException("Expected an array.");
                var items = new List<T>();
                while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
                {
                    if (reader.TokenType == JsonTokenType.Null) throw new JsonException($"Element {items.Count} of the array is null.");
                    items.Add(JsonSerializer.Deserialize<T>(ref reader, options)!);
                }
                return typeof(TCollection).IsArray ? (TCollection)(object)items.ToArray() : (TCollection)(object)items;
            }

            public override void Write(Utf8JsonWriter writer, TCollection value, JsonSerializerOptions options)
            {
                writer.WriteStartArray();
                foreach (var item in value) JsonSerializer.Serialize(writer, item, options);
                writer.WriteEndArray();
            }
        }
    }
}
