using System.Text.Json;

namespace QualityZone.Infrastructure.Data;

/// <summary>Reads a *.seed.json file embedded next to the module that owns it.</summary>
public static class SeedFile
{
    private static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web) { Converters = { new System.Text.Json.Serialization.JsonStringEnumConverter() } };

    public static List<T> Read<T>(Type owner, string fileName)
    {
        var name = $"{owner.Namespace}.{fileName}";
        using var stream = owner.Assembly.GetManifestResourceStream(name)
            ?? throw new InvalidOperationException($"Embedded seed file {name} is missing.");
        return JsonSerializer.Deserialize<List<T>>(stream, Options)!;
    }
}
