using Mono.Cecil;

namespace QualityZone.Tests.Features.Structure;

/// <summary>
/// The direction of dependencies between modules (docs/architecture.md, "Module map"), read from the
/// compiled assembly: every type, member signature, attribute and instruction of a module's classes
/// and of its compiled Razor views is followed to the module of the type it names. A module may use
/// only modules of a lower layer; the host (Infrastructure, Program) names no feature except the
/// data model and the demo, which sit above all modules.
/// </summary>
public sealed class ArchitectureTests
{
    /// <summary>The layers, lowest first. A module may depend on modules of lower layers only.</summary>
    public static readonly string[][] Layers =
    [
        ["Reference", "Audit"],
        ["Departments", "Settings"],
        ["ZoneTasks", "Enterprises"],
        ["Accounts"],
        ["Notifications"],
        ["Commitments", "Admission", "ExportArchives"],
        ["Evaluations"],
        ["Actions"],
        ["Traceability", "Meetings"],
        ["Epcis"],
        ["Portal"],
        ["Risks"],
        ["Inspections"],
        ["Surveys", "Testing", "Training", "Laboratories", "Association", "Publicity"],
        ["AnalysisReports", "Indicators"],
        ["Policies"],
        ["Acceptance"],
        ["Home", "Shared"],
    ];

    private static readonly HashSet<string> Modules = Layers.SelectMany(l => l).ToHashSet();

    private static int LayerOf(string module) => Array.FindIndex(Layers, l => l.Contains(module));

    [Fact]
    public void Every_feature_folder_is_placed_in_a_layer()
    {
        var folders = Directory.GetDirectories(Path.Combine(SourceRoot(), "Features")).Select(Path.GetFileName).ToList();
        var unplaced = folders.Where(f => !Modules.Contains(f!)).ToList();
        Assert.True(unplaced.Count == 0, "Feature folders without a layer in ArchitectureTests.Layers: " + string.Join(", ", unplaced));
    }

    [Fact]
    public void Modules_depend_only_on_lower_layers()
    {
        var edges = ModuleEdges();
        Assert.True(edges.Count > 20, "the dependency reader found almost nothing: is the assembly read?");
        var forbidden = edges
            .Where(e => Modules.Contains(e.Key.From) && Modules.Contains(e.Key.To) && LayerOf(e.Key.To) >= LayerOf(e.Key.From))
            .Select(e => $"{e.Key.From} → {e.Key.To} (layer {LayerOf(e.Key.From)} → {LayerOf(e.Key.To)}), e.g. {string.Join("; ", e.Value.Take(3))}")
            .ToList();
        Assert.True(forbidden.Count == 0, "Dependencies against the layering:\n" + string.Join("\n", forbidden));
    }

    [Fact]
    public void The_host_names_no_feature()
    {
        var edges = ModuleEdges();
        // The data model names every entity (EF Core needs the types) and the demo fills every module: both sit above the modules.
        string[] allowed = ["Infrastructure.Data", "Infrastructure.Demo", "Infrastructure.Cli"];
        var host = edges.Where(e => e.Key.From.StartsWith("Infrastructure", StringComparison.Ordinal) || e.Key.From == "Program")
            .Where(e => Modules.Contains(e.Key.To) && !allowed.Contains(e.Key.From))
            .Select(e => $"{e.Key.From} → {e.Key.To}: {string.Join("; ", e.Value.Take(3))}")
            .ToList();
        Assert.True(host.Count == 0, "The host names features:\n" + string.Join("\n", host));
    }

    /// <summary>(from, to) → a few examples of the types that make the edge.</summary>
    private static Dictionary<(string From, string To), List<string>> ModuleEdges()
    {
        var path = typeof(QualityZone.Infrastructure.Modules.IModule).Assembly.Location;
        using var assembly = AssemblyDefinition.ReadAssembly(path);
        var edges = new Dictionary<(string, string), List<string>>();
        foreach (var type in assembly.MainModule.GetTypes())
        {
            var from = ModuleOf(type);
            if (from is null) continue;
            foreach (var used in UsedTypes(type))
            {
                var to = ModuleOf(used);
                if (to is null || to == from) continue;
                if (!edges.TryGetValue((from, to), out var examples)) edges[(from, to)] = examples = [];
                var example = $"{Outer(type).FullName} uses {used.FullName}";
                if (examples.Count < 5 && !examples.Contains(example)) examples.Add(example);
            }
        }
        return edges;
    }

    private static TypeReference Outer(TypeReference type) => type.DeclaringType is { } outer ? Outer(outer) : type;

    /// <summary>The module of a type: its folder under Features (compiled views are named Features_Folder_Page), or its Infrastructure namespace.</summary>
    private static string? ModuleOf(TypeReference type)
    {
        type = Outer(type.GetElementType());
        var ns = type.Namespace ?? "";
        if (ns.StartsWith("QualityZone.Features.", StringComparison.Ordinal)) return ns.Split('.')[2];
        if (ns == "AspNetCoreGeneratedDocument" && type.Name.StartsWith("Features_", StringComparison.Ordinal))
        {
            var parts = type.Name.Split('_');
            return parts.Length > 2 && Modules.Contains(parts[1]) ? parts[1] : null;
        }
        if (ns.StartsWith("QualityZone.Infrastructure.", StringComparison.Ordinal)) return "Infrastructure." + ns.Split('.')[2];
        if (type.Name == "Program" && ns == "") return "Program";
        return null;
    }

    private static IEnumerable<TypeReference> UsedTypes(TypeDefinition type)
    {
        if (type.BaseType is { } baseType) foreach (var t in Expand(baseType)) yield return t;
        foreach (var i in type.Interfaces) foreach (var t in Expand(i.InterfaceType)) yield return t;
        foreach (var a in type.CustomAttributes) foreach (var t in Attribute(a)) yield return t;
        foreach (var field in type.Fields)
        {
            foreach (var t in Expand(field.FieldType)) yield return t;
            foreach (var a in field.CustomAttributes) foreach (var t in Attribute(a)) yield return t;
        }
        foreach (var property in type.Properties)
        {
            foreach (var t in Expand(property.PropertyType)) yield return t;
            foreach (var a in property.CustomAttributes) foreach (var t in Attribute(a)) yield return t;
        }
        foreach (var method in type.Methods)
        {
            foreach (var t in Expand(method.ReturnType)) yield return t;
            foreach (var p in method.Parameters) foreach (var t in Expand(p.ParameterType)) yield return t;
            foreach (var a in method.CustomAttributes) foreach (var t in Attribute(a)) yield return t;
            if (!method.HasBody) continue;
            foreach (var v in method.Body.Variables) foreach (var t in Expand(v.VariableType)) yield return t;
            foreach (var instruction in method.Body.Instructions)
            {
                switch (instruction.Operand)
                {
                    case TypeReference t: foreach (var x in Expand(t)) yield return x; break;
                    case MethodReference m:
                        foreach (var x in Expand(m.DeclaringType)) yield return x;
                        foreach (var x in Expand(m.ReturnType)) yield return x;
                        if (m is GenericInstanceMethod g) foreach (var arg in g.GenericArguments) foreach (var x in Expand(arg)) yield return x;
                        break;
                    case FieldReference f: foreach (var x in Expand(f.DeclaringType)) yield return x; break;
                }
            }
        }
    }

    private static IEnumerable<TypeReference> Attribute(CustomAttribute attribute)
    {
        foreach (var t in Expand(attribute.AttributeType)) yield return t;
        foreach (var argument in attribute.ConstructorArguments)
            if (argument.Value is TypeReference t) foreach (var x in Expand(t)) yield return x;
    }

    private static IEnumerable<TypeReference> Expand(TypeReference? type)
    {
        if (type is null || type is GenericParameter) yield break;
        if (type is TypeSpecification spec && type is not GenericInstanceType) { foreach (var t in Expand(spec.ElementType)) yield return t; yield break; }
        if (type is GenericInstanceType generic)
        {
            foreach (var t in Expand(generic.ElementType)) yield return t;
            foreach (var arg in generic.GenericArguments) foreach (var t in Expand(arg)) yield return t;
            yield break;
        }
        yield return type;
    }

    private static string SourceRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "QualityZone.slnx"))) dir = dir.Parent;
        return Path.Combine(dir!.FullName, "src", "QualityZone");
    }
}
