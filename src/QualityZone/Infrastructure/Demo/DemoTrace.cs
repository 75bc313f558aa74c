using Microsoft.EntityFrameworkCore;
using QualityZone.Features.Traceability;
using QualityZone.Infrastructure.Data;

namespace QualityZone.Infrastructure.Demo;

/// <summary>
/// Traceability data for the demo zone and the benchmarks (issue 5: 100 enterprises × 10,000
/// batches, ~5 inputs each, 20 % with sub-assemblies up to 4 levels, 200,000 shipments). Each
/// enterprise gets suppliers, key materials with approved suppliers, and production over the last
/// two years: lots are received when the previous lot of a material runs out (so about 25 batches
/// share a lot), sub-assemblies feed later batches, finished batches are shipped to the
/// enterprise's markets. A few lots are planted to be flagged by the ledger check. Rows are
/// written with <see cref="BulkWriter"/>, one transaction per enterprise.
/// </summary>
public sealed class DemoTrace(AppDbContext db)
{
    private sealed record MaterialSpec(string Code, string Name, string Spec, string Unit, int PerUnit);
    private sealed record Model(string Code, string Name, int Level, string[] Materials, string? Sub);

    private static readonly MaterialSpec[] Materials =
    [
        new("TUBE", "缸筒", "6063-T5 铝合金 Φ63", "支", 1), new("ROD", "活塞杆", "45# 镀硬铬 Φ20", "支", 1), new("PISTON", "活塞", "ADC12 Φ63", "件", 1),
        new("SEAL", "密封圈", "NBR 70 Shore A", "件", 2), new("CAP", "端盖", "ADC12 压铸", "件", 2), new("COIL", "电磁线圈", "DC24V 4.8W IP65", "件", 1),
        new("BODY", "阀体", "HPb59-1 黄铜", "件", 1), new("SPOOL", "阀芯", "SUS304", "件", 1), new("SPRING", "弹簧", "SWP-B 琴钢丝", "件", 1),
        new("FITTING", "接头本体", "HPb59-1 镀镍", "件", 1),
    ];

    // Finished products (level 0, plain or assembled from a sub-assembly) and sub-assemblies (levels
    // 1–3, each made from the one below): depth up to 4 (VI-8 → VM-210 → PV-210 → VC-210).
    private static readonly Model[] Models =
    [
        new("SC63x100", "标准气缸", 0, ["TUBE", "ROD", "PISTON", "SEAL", "CAP"], null),
        new("SC63x100-P", "标准气缸（组件装配）", 0, ["TUBE", "CAP", "SEAL", "ROD"], "PA-63"),
        new("MAL25x50", "迷你气缸", 0, ["TUBE", "ROD", "PISTON", "SEAL", "CAP"], null),
        new("4V210-08", "电磁阀", 0, ["BODY", "SPOOL", "SEAL", "COIL", "SPRING"], null),
        new("4V210-08M", "电磁阀（模块）", 0, ["BODY", "SEAL", "SPRING", "FITTING"], "PV-210"),
        new("VI-8", "阀岛", 0, ["BODY", "SEAL", "FITTING", "CAP"], "VM-210"),
        new("AFR2000", "过滤减压阀", 0, ["BODY", "SPRING", "SEAL", "FITTING", "CAP"], null),
        new("PC8-02", "快插接头", 0, ["FITTING", "SEAL", "SPRING", "BODY", "CAP"], null),
        new("PA-63", "活塞组件", 1, ["PISTON", "SEAL", "ROD"], null),
        new("VC-210", "阀芯组件", 1, ["SPOOL", "SEAL", "SPRING"], null),
        new("PV-210", "先导阀组件", 2, ["COIL", "SPOOL"], "VC-210"),
        new("VM-210", "电磁阀组件", 3, ["BODY", "SEAL"], "PV-210"),
    ];

    // The first ten supply the materials above in order; the eleventh is conditional, the twelfth disqualified.
    private static readonly string[] SupplierNames =
    [
        "宁波恒达铝业有限公司", "宁波江北镀铬棒材有限公司", "宁波北仑压铸厂", "余姚市精诚密封件有限公司", "宁海县华丰机械配件厂", "宁波市鄞州电磁线圈厂",
        "慈溪市金鑫铜业有限公司", "绍兴精密不锈钢有限公司", "奉化市长江弹簧有限公司", "温州瓯海铜材加工厂", "杭州萧山橡塑制品有限公司", "台州黄岩阀门配件有限公司",
    ];

    /// <summary>The planted recall story (docs/user-guide.md): one seal lot used across models in one quarter.</summary>
    public const string StoryLot = "JC-SEAL-0117";
    public const string StorySupplier = "余姚市精诚密封件有限公司";

    /// <summary>The quarter of the story: the last complete quarter at least a month before today.</summary>
    public static (DateOnly From, DateOnly To) StoryQuarter(DateOnly today)
    {
        var d = today.AddMonths(-1);
        var firstOfQuarter = new DateOnly(d.Year, (d.Month - 1) / 3 * 3 + 1, 1).AddMonths(-3);
        return (firstOfQuarter, firstOfQuarter.AddMonths(3).AddDays(-1));
    }

    // Buyers by market (a country's buyers are the same from run to run).
    private static readonly Dictionary<string, string[]> BuyersByCountry = new()
    {
        ["DE"] = ["Pneumatik Handel GmbH", "Automation Teile GmbH"], ["US"] = ["Air Components Inc.", "Fluid Power Supply LLC"], ["IT"] = ["Automazione Srl", "Pneumatica Nord SpA"],
        ["RU"] = ["Pnevmo OOO", "Avtomatika OOO"], ["IN"] = ["Bharat Pneumatics Pvt Ltd", "Deccan Automation Pvt Ltd"], ["VN"] = ["Saigon Automation JSC", "Hanoi Pneumatic Co."],
        ["TH"] = ["Thai Air Tech Co., Ltd."], ["BR"] = ["Ferramentas Pneumáticas Ltda", "Industrias Neumáticas do Brasil"], ["TR"] = ["Otomasyon A.Ş."],
        ["MX"] = ["Industrias Neumáticas SA de CV"], ["PL"] = ["Pneumax Polska Sp. z o.o."], ["SE"] = ["Nordic Air AB"],
    };

    private static string BuyerIn(string country, int pick) =>
        BuyersByCountry.TryGetValue(country, out var buyers) ? buyers[pick % buyers.Length] : $"{country} Pneumatic Trading Co.";

    private static readonly string[] Operators = ["张伟", "王芳", "李强", "刘洋", "陈静", "杨磊", "赵敏", "周杰"];

    /// <summary>The HS 2022 code a model is declared under: cylinders 8412.31, valves and valve islands 8481.20, regulators 8481.10, brass fittings 7412.20.</summary>
    private static string HsOf(string model) => model switch
    {
        _ when model.Contains("SC63") || model.Contains("MAL") => "8412310000",
        _ when model.Contains("AFR") => "8481100090",
        _ when model.Contains("PC8") => "7412201000",
        _ => "8481201000",
    };

    public sealed record Result(int Batches, int Components, int Steps, int Lots, int Shipments, int ShipmentLines);

    /// <summary>Generates <paramref name="batchesPerEnterprise"/> batches for each of the given enterprises over the two years before <paramref name="today"/>.</summary>
    /// <param name="namedBatches">Batches of the first eight enterprises (the demo's named ones, with accounts), when they should have more.</param>
    /// <param name="plantStory">Plant the recall story in the first enterprise.</param>
    public async Task<Result> SeedAsync(Random random, DateOnly today, IReadOnlyList<Guid> enterprises, int batchesPerEnterprise, int? namedBatches, bool plantStory, CancellationToken ct)
    {
        var markets = (await db.EnterpriseMarkets.AsNoTracking().Where(m => enterprises.Contains(m.EnterpriseId)).ToListAsync(ct))
            .ToLookup(m => m.EnterpriseId, m => m.CountryCode);
        var totals = new Result(0, 0, 0, 0, 0, 0);
        for (var e = 0; e < enterprises.Count; e++)
        {
            var registered = markets[enterprises[e]].ToHashSet();
            var countries = registered.Where(c => c != "CN").ToArray();
            if (countries.Length == 0) countries = ["DE", "US", "IT", "IN", "VN"];
            var story = e == 0 && plantStory;
            if (story && !countries.Contains("DE")) countries = [.. countries, "DE"];
            // Where the shipments go is where the enterprise says it sells (its registered markets match its shipments).
            db.EnterpriseMarkets.AddRange(countries.Where(c => !registered.Contains(c)).Select(c => new Features.Enterprises.EnterpriseMarket { EnterpriseId = enterprises[e], CountryCode = c }));
            await db.SaveChangesAsync(ct);
            var result = await SeedEnterpriseAsync(random, today, enterprises[e], e, Brand(e), countries, e < 8 ? namedBatches ?? batchesPerEnterprise : batchesPerEnterprise, story, ct);
            totals = new Result(totals.Batches + result.Batches, totals.Components + result.Components, totals.Steps + result.Steps, totals.Lots + result.Lots,
                totals.Shipments + result.Shipments, totals.ShipmentLines + result.ShipmentLines);
        }
        return totals;
    }

    /// <summary>A brand prefix per enterprise (model series are an enterprise's own): YD, XY, … then AA, AB, …</summary>
    private static string Brand(int index)
    {
        string[] named = ["YD", "XY", "XK", "JP", "YL", "JK", "CH", "ST"];
        return index < named.Length ? named[index] : $"{(char)('A' + index / 26 % 26)}{(char)('A' + index % 26)}{(index >= 676 ? (index / 676).ToString() : "")}";
    }

    private async Task<Result> SeedEnterpriseAsync(Random random, DateOnly today, Guid enterpriseId, int index, string brand, string[] countries, int batchCount, bool story, CancellationToken ct)
    {
        var now = DateTimeOffset.UtcNow;
        // Suppliers: ten approved, one conditional, one disqualified (its old lots stay in the ledger).
        var suppliers = SupplierNames.Select((name, i) => new Supplier
        {
            EnterpriseId = enterpriseId, Name = name, Supplies = i < Materials.Length ? Materials[i].Name : "密封圈", CreatedAt = now,
            Status = i == 10 ? SupplierStatus.Conditional : i == 11 ? SupplierStatus.Disqualified : SupplierStatus.Approved,
            StatusReason = i == 10 ? "来料尺寸波动，加严检验" : i == 11 ? "连续两批检验不合格" : null,
            Certificates = [new SupplierCertificate { Name = "ISO 9001", Number = $"0{random.Next(10_000_000, 99_999_999)}Q", ExpiresOn = today.AddDays(random.Next(-60, 900)) }],
        }).ToList();
        var materials = Materials.Select(m => new Material { EnterpriseId = enterpriseId, Code = m.Code, Name = m.Name, Spec = m.Spec, Unit = m.Unit, CreatedAt = now }).ToList();
        // Each material has one or two approved suppliers among the first ten.
        var approved = materials.Select((m, i) => i == 3 ? new[] { suppliers[3], suppliers[10] } : new[] { suppliers[i] }).ToArray();
        for (var i = 0; i < materials.Count; i++)
            materials[i].ApprovedSuppliers = approved[i].Select(s => new MaterialSource { MaterialId = materials[i].Id, SupplierId = s.Id }).ToList();

        var lots = new List<MaterialLot>();
        var current = new MaterialLot?[Materials.Length];
        var lotSeq = 0;
        var (storyFrom, storyTo) = StoryQuarter(today);
        MaterialLot? storyLot = null;
        MaterialLot Receive(int m, DateOnly day, string? number = null, Supplier? from = null, int? size = null)
        {
            var supplier = from ?? approved[m][random.Next(approved[m].Length)];
            var spec = Materials[m].Spec;
            var inspection = InspectionResult.Pass;
            // Planted for the ledger check, in every enterprise and then now and then: a lot from the
            // disqualified supplier, one of another spec, one from a supplier not approved for the
            // material, and one accepted on concession (recorded, not flagged).
            var roll = lotSeq switch { 4 => 0, 8 => 1, 12 => 3, 16 => 2, _ => random.Next(400) };
            if (number is null && roll == 0) supplier = suppliers[11];
            else if (number is null && roll == 1) spec += "（代用）";
            else if (number is null && roll == 2) inspection = InspectionResult.Concession;
            else if (number is null && roll == 3) supplier = suppliers[(m + 1) % 10];
            var received = day.AddDays(-random.Next(1, 10));
            var lot = new MaterialLot
            {
                EnterpriseId = enterpriseId, MaterialId = materials[m].Id, SupplierId = supplier.Id, LotNumber = number ?? $"{Materials[m].Code[..2]}{received:yyMMdd}-{++lotSeq:D5}",
                Spec = TraceIngest.NormalizeSpec(spec)!, Quantity = size ?? random.Next(5, 11) * 1000, Unit = Materials[m].Unit, ReceivedOn = received, DueOn = received.AddDays(random.Next(-3, 6)),
                Inspection = inspection, InspectionReport = inspection == InspectionResult.Concession ? "尺寸轻微超差，评审后让步接收" : $"IQC-{received:yyMM}-{lotSeq:D5}",
                CreatedAt = now,
            };
            lots.Add(lot);
            return lot;
        }

        var batches = new List<ProductionBatch>(batchCount);
        var steps = new List<BatchStep>(batchCount * 3);
        var components = new List<BatchComponent>(batchCount * 5);
        var available = Models.ToDictionary(m => m.Code, _ => new List<ProductionBatch>());
        var finals = new List<ProductionBatch>();
        var start = today.AddDays(-730);
        var span = 720.0;
        var serial = 0;
        var materialIndex = Materials.Select((m, i) => (m.Code, i)).ToDictionary(x => x.Code, x => x.i);
        for (var b = 0; b < batchCount; b++)
        {
            var day = start.AddDays((int)(b * span / batchCount));
            // One batch in ten is a sub-assembly (levels 1–3 as 5:3:2), the rest finished products.
            Model model;
            if (random.Next(10) == 0)
            {
                var level = random.Next(10) switch { < 5 => 1, < 8 => 2, _ => 3 };
                var candidates = Models.Where(m => m.Level == level).ToArray();
                model = candidates[random.Next(candidates.Length)];
            }
            else
            {
                // A fifth of finished batches are assembled from a sub-assembly.
                var assembled = random.Next(5) == 0;
                var candidates = Models.Where(m => m.Level == 0 && (m.Sub is not null) == assembled).ToArray();
                model = candidates[random.Next(candidates.Length)];
            }
            // The story's standard cylinder is made every few batches of its quarter, whatever the dice said.
            if (story && day >= storyFrom && day <= storyTo && model.Level == 0 && b % 3 == 0) model = Models[0];
            var sub = model.Sub is { } need ? available[need].FirstOrDefault() : null;
            if (model.Level == 0 && model.Sub is not null && sub is null) model = Models[0];
            var quantity = model.Level > 0 ? 1000 : random.Next(5, 51) * 10;
            var batch = new ProductionBatch
            {
                EnterpriseId = enterpriseId, BatchNumber = $"{brand}{day:yyMMdd}-{b:D5}", ProductModel = brand + model.Code, ProductName = model.Name, Quantity = quantity, Unit = "件",
                StartedOn = day, CompletedOn = day.AddDays(random.Next(0, 3)), FinalInspection = random.Next(200) == 0 ? InspectionResult.Concession : InspectionResult.Pass,
                TestReport = $"TR-{day:yyMMdd}-{b:D5}", CreatedAt = now,
            };
            if (model.Level == 0)
            {
                batch.SerialFrom = $"{brand}{serial + 1:D9}";
                batch.SerialTo = $"{brand}{serial + quantity:D9}";
                serial += quantity;
            }
            batches.Add(batch);
            foreach (var code in model.Materials)
            {
                var m = materialIndex[code];
                var needed = quantity * (decimal)Materials[m].PerUnit;
                if (story && code == "SEAL" && day >= storyFrom && day <= storyTo)
                {
                    // The story: one seal lot, too soft, went into every model of the quarter.
                    storyLot ??= Receive(m, storyFrom, StoryLot, suppliers[3], 200_000);
                    storyLot.ConsumedQuantity += needed;
                    components.Add(new BatchComponent { BatchId = batch.Id, MaterialLotId = storyLot.Id, Quantity = needed });
                    continue;
                }
                // In the story's quarter the enterprise ordered its other materials per batch, so what the candidate batches
                // share is the seal lot alone: the common cause a recall analysis looks for (the likely cause ranks first).
                var perBatch = story && day >= storyFrom && day <= storyTo;
                if (perBatch || current[m] is not { } lot || lot.Quantity - lot.ConsumedQuantity < needed)
                    lot = current[m] = Receive(m, day, size: perBatch ? (int)Math.Ceiling(needed) : null);
                lot.ConsumedQuantity += needed;
                components.Add(new BatchComponent { BatchId = batch.Id, MaterialLotId = lot.Id, Quantity = needed });
            }
            if (sub is not null)
            {
                var used = Math.Min(model.Level == 0 ? quantity : 500, sub.Quantity - sub.UsedQuantity);
                sub.UsedQuantity += used;
                components.Add(new BatchComponent { BatchId = batch.Id, InputBatchId = sub.Id, Quantity = used });
                if (sub.Quantity - sub.UsedQuantity < 10) available[sub.ProductModel[brand.Length..]].Remove(sub);
            }
            if (model.Level > 0) available[model.Code].Add(batch);
            else finals.Add(batch);
            var at = new DateTimeOffset(day.ToDateTime(new TimeOnly(8, 0)), TimeSpan.FromHours(8));
            var line = $"L{random.Next(1, 7)}";
            steps.Add(new BatchStep { BatchId = batch.Id, Sequence = 1, Kind = StepKind.Process, Name = model.Level > 0 ? "组件装配" : "总装", PerformedAt = at.AddHours(1), Operator = Operators[random.Next(Operators.Length)], Equipment = line, Result = "完成" });
            steps.Add(new BatchStep { BatchId = batch.Id, Sequence = 2, Kind = StepKind.Inspection, Name = "气密性检验", PerformedAt = at.AddHours(5), Operator = Operators[random.Next(Operators.Length)], Equipment = $"QM-{random.Next(1, 4)}", Result = "0.6 MPa 保压 30 s 无泄漏" });
            steps.Add(new BatchStep { BatchId = batch.Id, Sequence = 3, Kind = StepKind.Test, Name = "出厂性能试验", PerformedAt = at.AddHours(8), Operator = Operators[random.Next(Operators.Length)], Equipment = "TS-01", Result = "动作灵活，最低工作压力 0.05 MPa" });
        }

        // Finished batches go out about a week after completion, one to four batches per shipment.
        var shipments = new List<Shipment>();
        var shipmentLines = new List<ShipmentLine>();
        var pending = finals.Where(f => f.CompletedOn.AddDays(7) < today).ToList();
        var declaration = 0;
        for (var i = 0; i < pending.Count;)
        {
            var take = Math.Min(pending.Count - i, random.Next(3, 7));
            var shippedOn = pending[i + take - 1].CompletedOn.AddDays(random.Next(3, 8));
            if (shippedOn > today) break;
            var country = countries[random.Next(countries.Length)];
            // The story's German buyer received the quarter's standard cylinders.
            if (story && pending.Skip(i).Take(take).Any(b => b.ProductModel == brand + "SC63x100" && b.StartedOn >= storyFrom && b.StartedOn <= storyTo)) country = "DE";
            var shipment = new Shipment
            {
                EnterpriseId = enterpriseId, DeclarationNumber = $"3104{shippedOn:yyyy}{index % 1000:D3}{++declaration:D7}", ShippedOn = shippedOn, CountryCode = country,
                Buyer = BuyerIn(country, random.Next(2)), CreatedAt = now,
            };
            shipments.Add(shipment);
            foreach (var batch in pending.Skip(i).Take(take))
            {
                var quantity = batch.Quantity - batch.UsedQuantity;
                if (quantity <= 0) continue;
                batch.UsedQuantity += quantity;
                shipmentLines.Add(new ShipmentLine { ShipmentId = shipment.Id, BatchId = batch.Id, Quantity = quantity, ValueUsd = quantity * random.Next(8, 60), HsCode = HsOf(batch.ProductModel) });
            }
            i += take;
        }

        db.ChangeTracker.Clear();
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        db.Suppliers.AddRange(suppliers);
        db.Materials.AddRange(materials);
        await db.SaveChangesAsync(ct);
        db.ChangeTracker.Clear();
        await BulkWriter.InsertAsync(db, "material_lots", TraceIngest.LotColumns, lots, ct);
        await BulkWriter.InsertAsync(db, "production_batches", TraceIngest.BatchColumns, batches, ct);
        await BulkWriter.InsertAsync(db, "batch_steps", TraceIngest.StepColumns, steps, ct);
        await BulkWriter.InsertAsync(db, "batch_components", TraceIngest.ComponentColumns, components, ct);
        await BulkWriter.InsertAsync(db, "shipments", TraceIngest.ShipmentColumns, shipments, ct);
        await BulkWriter.InsertAsync(db, "shipment_lines", TraceIngest.LineColumns, shipmentLines, ct);
        await transaction.CommitAsync(ct);
        return new Result(batches.Count, components.Count, steps.Count, lots.Count, shipments.Count, shipmentLines.Count);
    }
}
