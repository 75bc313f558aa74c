using System.Text.Json;

namespace QualityZone.Tests.Features.Data;

/// <summary>
/// Issue 22.6, memory ≤ 400 MB: the GC settings the server's budget was measured with are in the host's build
/// (its runtimeconfig.json), not left to the machine it runs on (docs/benchmarks.md).
/// </summary>
public sealed class RuntimeSettingsTests
{
    private static JsonElement HostConfigProperties()
    {
        var path = Path.Combine(AppContext.BaseDirectory, "QualityZone.runtimeconfig.json");
        Assert.True(File.Exists(path), $"the host's runtime configuration is not beside the tests: {path}");
        using var document = JsonDocument.Parse(File.ReadAllText(path));
        return document.RootElement.GetProperty("runtimeOptions").GetProperty("configProperties").Clone();
    }

    [Fact]
    public void The_host_runs_the_workstation_GC_with_a_bounded_gen0_budget()
    {
        var properties = HostConfigProperties();
        Assert.False(properties.GetProperty("System.GC.Server").GetBoolean(), "the server GC commits memory per core");
        Assert.True(properties.TryGetProperty("System.GC.Gen0MaxBudget", out var budget), "no gen0 budget: the GC sizes it from the L3 cache (260 MB on the bench's VM)");
        Assert.InRange(budget.GetInt64(), 4L << 20, 32L << 20);
    }
}
