using QualityZone.Infrastructure.Telemetry;
using System.Security.Claims;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Npgsql;
using NpgsqlTypes;
using QualityZone.Features.Enterprises;
using QualityZone.Features.Reference;
using QualityZone.Infrastructure.Data;
using QualityZone.Infrastructure.Localization;

namespace QualityZone.Features.Traceability;

/// <summary>
/// Takes purchase-ledger lots, production batches and shipments in — one record from a web form,
/// an Excel file, or tens of thousands from an MES in one API call — with one rule set: every
/// record is checked (unknown lot or batch, consumption beyond a lot's quantity, a shipment of a
/// batch that does not exist, duplicate lot numbers for one supplier, cycles in assembly data),
/// every error is reported by record, list, item and field, and nothing is saved unless everything
/// is right. The rows are written by <see cref="BulkWriter"/> in one transaction, past EF's change
/// tracking, so an MES can send 50,000 records a second (docs/benchmarks.md); one audit entry
/// records each ingest instead of one per row.
/// </summary>
public sealed class TraceIngest(AppDbContext db, WriteGate writeGate, TimeProvider clock, Infrastructure.ZoneClock zoneClock)
{
    public const int MaxRecords = 20_000;

    public Task<IngestResult?> LotsAsync(ClaimsPrincipal user, Guid enterpriseId, IReadOnlyList<LotRecord> records, CancellationToken ct) =>
        AppMetrics.MeasureImportAsync("trace-lots", records.Count, () => LotsCoreAsync(user, enterpriseId, records, ct), r => r is { Errors.Count: 0 });

    private async Task<IngestResult?> LotsCoreAsync(ClaimsPrincipal user, Guid enterpriseId, IReadOnlyList<LotRecord> records, CancellationToken ct)
    {
        if (!await AllowedAsync(user, enterpriseId, ct)) return null;
        var errors = new List<TraceError>();
        if (TooMany(records.Count, errors)) return new IngestResult(0, 0, errors);
        var suppliers = await db.Suppliers.AsNoTracking().Where(s => s.EnterpriseId == enterpriseId).Select(s => new { s.Id, s.Name, s.CreditCode }).ToListAsync(ct);
        var materials = await db.Materials.AsNoTracking().Where(m => m.EnterpriseId == enterpriseId).ToDictionaryAsync(m => m.Code, StringComparer.OrdinalIgnoreCase, ct);
        var numbers = records.Select(r => Clean(r.LotNumber)).OfType<string>().Distinct().ToList();
        var existing = (await db.MaterialLots.AsNoTracking().Where(l => l.EnterpriseId == enterpriseId && EF.Parameter(numbers).Contains(l.LotNumber))
            .Select(l => new { l.SupplierId, l.LotNumber }).ToListAsync(ct)).Select(l => (l.SupplierId, l.LotNumber)).ToHashSet();
        var today = zoneClock.Today;
        var now = clock.GetUtcNow();
        var lots = new List<MaterialLot>();
        var seen = new HashSet<(Guid, string)>();
        var conflict = false;
        for (var i = 0; i < records.Count; i++)
        {
            var r = records[i];
            void Error(string field, string reason) => errors.Add(new TraceError(i, null, null, field, reason));
            var supplierKey = Clean(r.Supplier);
            var supplier = supplierKey is null ? null : suppliers.FirstOrDefault(s => string.Equals(s.Name, supplierKey, StringComparison.OrdinalIgnoreCase) || s.CreditCode == supplierKey);
            if (supplierKey is null) Error("Supplier", Text.Get("请填写供应商"));
            else if (supplier is null) Error("Supplier", Text.Format("供应商“{0}”未登记，请先在供应商名录中登记", supplierKey));
            var materialCode = Clean(r.Material);
            materials.TryGetValue(materialCode ?? "", out var material);
            if (materialCode is null) Error("Material", Text.Get("请填写物料编码"));
            else if (material is null) Error("Material", Text.Format("物料编码“{0}”不在关键物料目录中", materialCode));
            var lotNumber = Clean(r.LotNumber);
            if (lotNumber is null) Error("LotNumber", Text.Get("请填写批号"));
            else if (lotNumber.Length > 100) Error("LotNumber", Text.Get("批号不能超过 100 个字符"));
            else if (supplier is not null)
            {
                if (existing.Contains((supplier.Id, lotNumber)))
                {
                    Error("LotNumber", Text.Format("该供应商的批号“{0}”已登记", lotNumber));
                    conflict = true;
                }
                else if (!seen.Add((supplier.Id, lotNumber))) Error("LotNumber", Text.Format("批号“{0}”在本次数据中重复", lotNumber));
            }
            var spec = NormalizeSpec(r.Spec);
            if (spec is null) Error("Spec", Text.Get("请填写到货规格"));
            if (r.Quantity is not > 0) Error("Quantity", Text.Get("数量应大于 0"));
            if (r.ReceivedOn is null) Error("ReceivedOn", Text.Get("请填写到货日期"));
            else if (r.ReceivedOn > today) Error("ReceivedOn", Text.Get("到货日期不能晚于今天"));
            var inspection = TraceLabels.ParseResult(r.Inspection) ?? InspectionResult.Pending;
            if (!Enum.IsDefined(inspection)) Error("Inspection", Text.Get("检验结果应为 合格、不合格、让步接收 或 待检"));
            if (errors.Count > 0 || supplier is null || material is null) continue;
            lots.Add(new MaterialLot
            {
                EnterpriseId = enterpriseId, SupplierId = supplier.Id, MaterialId = material.Id, LotNumber = lotNumber!, Spec = spec!,
                Quantity = r.Quantity!.Value, Unit = Clean(r.Unit) ?? material.Unit, ReceivedOn = r.ReceivedOn!.Value, DueOn = r.DueOn,
                Inspection = inspection, InspectionReport = Clean(r.InspectionReport), CreatedAt = now,
            });
        }
        if (errors.Count > 0) return new IngestResult(0, 0, errors, conflict);

        await using var transaction = await BeginAsync(ct);
        await BulkWriter.InsertAsync(db, "material_lots", LotColumns, lots, ct);
        await AuditAsync(user, nameof(MaterialLot), enterpriseId, new { lots = lots.Count, first = lots.FirstOrDefault()?.LotNumber, last = lots.LastOrDefault()?.LotNumber }, ct);
        if (transaction is not null) await transaction.CommitAsync(ct);
        return new IngestResult(lots.Count, lots.Count, []);
    }

    public Task<IngestResult?> BatchesAsync(ClaimsPrincipal user, Guid enterpriseId, IReadOnlyList<BatchRecord> records, CancellationToken ct) =>
        AppMetrics.MeasureImportAsync("trace-batches", records.Count, () => BatchesCoreAsync(user, enterpriseId, records, ct), r => r is { Errors.Count: 0 });

    private async Task<IngestResult?> BatchesCoreAsync(ClaimsPrincipal user, Guid enterpriseId, IReadOnlyList<BatchRecord> records, CancellationToken ct)
    {
        if (!await AllowedAsync(user, enterpriseId, ct)) return null;
        var errors = new List<TraceError>();
        if (TooMany(records.Count, errors)) return new IngestResult(0, 0, errors);
        var conflict = false;

        // Everything the records name, in two queries: the batches (new numbers, to refuse
        // duplicates; referenced ones, as inputs) and the lots. Each list travels as one parameter
        // (EF.Parameter: JSON on SQLite, an array on PostgreSQL): EF Core 10's default of one
        // parameter per item made the read of 2,000 numbers a new statement of 33 ms (issue 22).
        var batchNumbers = records.Select(r => Clean(r.BatchNumber))
            .Concat(records.SelectMany(r => r.Inputs ?? []).Select(i => Clean(i.Batch))).OfType<string>().Distinct().ToList();
        var knownBatches = await db.ProductionBatches.AsNoTracking().Where(b => b.EnterpriseId == enterpriseId && EF.Parameter(batchNumbers).Contains(b.BatchNumber))
            .Select(b => new { b.Id, b.BatchNumber, b.Quantity, b.UsedQuantity }).ToDictionaryAsync(b => b.BatchNumber, ct);
        var lotNumbers = records.SelectMany(r => r.Inputs ?? []).Select(i => Clean(i.Lot)).OfType<string>().Distinct().ToList();
        var knownLots = (await (from l in db.MaterialLots.AsNoTracking()
                                join s in db.Suppliers on l.SupplierId equals s.Id
                                where l.EnterpriseId == enterpriseId && EF.Parameter(lotNumbers).Contains(l.LotNumber)
                                select new { l.Id, l.LotNumber, l.Quantity, l.ConsumedQuantity, Supplier = s.Name, s.CreditCode }).ToListAsync(ct))
            .ToLookup(l => l.LotNumber);
        var now = clock.GetUtcNow();
        var batches = new List<ProductionBatch>();
        var steps = new List<BatchStep>();
        var components = new List<BatchComponent>();
        var newByNumber = new Dictionary<string, (ProductionBatch Batch, int Record)>();
        var lotUse = new Dictionary<Guid, decimal>();
        var batchUse = new Dictionary<Guid, decimal>();
        var pendingInputs = new List<(int Record, int Item, ProductionBatch Output, string Number, decimal Quantity)>();

        for (var i = 0; i < records.Count; i++)
        {
            var r = records[i];
            var record = i;
            void Error(string field, string reason) => errors.Add(new TraceError(record, null, null, field, reason));
            var number = Clean(r.BatchNumber);
            if (number is null) Error("BatchNumber", Text.Get("请填写批次号"));
            else if (number.Length > 100) Error("BatchNumber", Text.Get("批次号不能超过 100 个字符"));
            else if (knownBatches.ContainsKey(number))
            {
                Error("BatchNumber", Text.Format("批次号“{0}”已登记", number));
                conflict = true;
            }
            else if (newByNumber.ContainsKey(number)) Error("BatchNumber", Text.Format("批次号“{0}”在本次数据中重复", number));
            var model = Clean(r.ProductModel);
            if (model is null) Error("ProductModel", Text.Get("请填写产品型号"));
            if (r.Quantity is not > 0) Error("Quantity", Text.Get("数量应大于 0"));
            if (r.StartedOn is null) Error("StartedOn", Text.Get("请填写开工日期"));
            if (r.CompletedOn is null) Error("CompletedOn", Text.Get("请填写完工日期"));
            else if (r.StartedOn is { } started && r.CompletedOn < started) Error("CompletedOn", Text.Get("完工日期不能早于开工日期"));
            var serialFrom = Clean(r.SerialFrom);
            var serialTo = Clean(r.SerialTo);
            if ((serialFrom is null) != (serialTo is null)) Error("SerialTo", Text.Get("序列号范围应同时填写起止号"));
            else if (serialFrom is not null && (serialFrom.Length != serialTo!.Length || string.CompareOrdinal(serialFrom, serialTo) > 0))
                Error("SerialTo", Text.Get("序列号起止号应等长且起号不大于止号"));
            var final = TraceLabels.ParseResult(r.FinalInspection) ?? InspectionResult.Pending;
            if (!Enum.IsDefined(final)) Error("FinalInspection", Text.Get("检验结果应为 合格、不合格、让步接收 或 待检"));

            var batch = new ProductionBatch
            {
                EnterpriseId = enterpriseId, BatchNumber = number ?? "", ProductModel = model ?? "", ProductName = Clean(r.ProductName),
                Quantity = r.Quantity ?? 0, Unit = Clean(r.Unit) ?? "件", StartedOn = r.StartedOn ?? default, CompletedOn = r.CompletedOn ?? default,
                SerialFrom = serialFrom, SerialTo = serialTo, FinalInspection = final, TestReport = Clean(r.TestReport), CreatedAt = now,
            };
            if (number is not null) newByNumber.TryAdd(number, (batch, i));
            batches.Add(batch);

            var stepList = r.Steps ?? [];
            for (var s = 0; s < stepList.Count; s++)
            {
                var step = stepList[s];
                var item = s;
                void StepError(string field, string reason) => errors.Add(new TraceError(record, "Steps", item, field, reason));
                var name = Clean(step.Name);
                if (name is null) StepError("Name", Text.Get("请填写工序名称"));
                var kind = TraceLabels.ParseKind(step.Kind);
                if (kind is null) StepError("Kind", Text.Get("类型应为 工序、检验 或 试验"));
                if (step.At is null) StepError("At", Text.Get("请填写时间"));
                steps.Add(new BatchStep
                {
                    BatchId = batch.Id, Sequence = s + 1, Kind = kind ?? StepKind.Process, Name = name ?? "", PerformedAt = step.At ?? default,
                    Operator = Clean(step.Operator), Equipment = Clean(step.Equipment), Result = Clean(step.Result), Passed = step.Passed ?? true,
                });
            }

            var inputs = r.Inputs ?? [];
            for (var n = 0; n < inputs.Count; n++)
            {
                var input = inputs[n];
                var item = n;
                void InputError(string field, string reason) => errors.Add(new TraceError(record, "Inputs", item, field, reason));
                var lot = Clean(input.Lot);
                var inputBatch = Clean(input.Batch);
                if (input.Quantity is not > 0) InputError("Quantity", Text.Get("数量应大于 0"));
                if ((lot is null) == (inputBatch is null))
                {
                    InputError("Lot", Text.Get("每项投入应填写物料批号或子批次号之一"));
                    continue;
                }
                var quantity = input.Quantity ?? 0;
                if (lot is not null)
                {
                    var supplier = Clean(input.Supplier);
                    var candidates = knownLots[lot].Where(l => supplier is null || string.Equals(l.Supplier, supplier, StringComparison.OrdinalIgnoreCase) || l.CreditCode == supplier).ToList();
                    if (candidates.Count == 0) InputError("Lot", Text.Format("物料批号“{0}”不在进货台帐中", lot));
                    else if (candidates.Count > 1) InputError("Supplier", Text.Format("物料批号“{0}”有多个供应商，请注明供应商", lot));
                    else
                    {
                        var found = candidates[0];
                        components.Add(new BatchComponent { BatchId = batch.Id, MaterialLotId = found.Id, Quantity = quantity });
                        lotUse[found.Id] = lotUse.GetValueOrDefault(found.Id) + quantity;
                        if (found.ConsumedQuantity + lotUse[found.Id] > found.Quantity)
                            InputError("Quantity", Text.Format("物料批“{0}”的用量超过到货数量（到货 {1}，已用 {2}）", lot, found.Quantity.ToString("0.####"), found.ConsumedQuantity.ToString("0.####")));
                    }
                }
                else pendingInputs.Add((record, item, batch, inputBatch!, quantity));
            }
        }

        // Sub-assemblies: a batch of the database, or one of this ingest (in any order, but not in a cycle).
        foreach (var (record, item, output, number, quantity) in pendingInputs)
        {
            void InputError(string field, string reason) => errors.Add(new TraceError(record, "Inputs", item, field, reason));
            Guid id;
            decimal available;
            if (knownBatches.TryGetValue(number, out var known)) (id, available) = (known.Id, known.Quantity - known.UsedQuantity);
            else if (newByNumber.TryGetValue(number, out var fresh)) (id, available) = (fresh.Batch.Id, fresh.Batch.Quantity);
            else
            {
                InputError("Batch", Text.Format("子批次“{0}”不存在", number));
                continue;
            }
            if (id == output.Id)
            {
                InputError("Batch", Text.Format("批次“{0}”不能投入自身", number));
                continue;
            }
            components.Add(new BatchComponent { BatchId = output.Id, InputBatchId = id, Quantity = quantity });
            batchUse[id] = batchUse.GetValueOrDefault(id) + quantity;
            if (batchUse[id] > available) InputError("Quantity", Text.Format("子批次“{0}”的用量超过其可用数量 {1}", number, available.ToString("0.####")));
        }
        foreach (var cycle in Cycles(batches, components))
            errors.Add(new TraceError(newByNumber[cycle[0]].Record, "Inputs", null, "Batch", Text.Format("装配关系存在循环：{0}", string.Join(" → ", cycle))));
        if (errors.Count > 0) return new IngestResult(0, 0, errors.OrderBy(e => e.Record).ToList(), conflict);
        await using var transaction = await BeginAsync(ct);
        await BulkWriter.InsertAsync(db, "production_batches", BatchColumns, batches, ct);
        await BulkWriter.InsertAsync(db, "batch_steps", StepColumns, steps, ct);
        await BulkWriter.InsertAsync(db, "batch_components", ComponentColumns, components, ct);
        var overdrawn = await AddUseAsync("material_lots", "ConsumedQuantity", "Quantity", lotUse, ct)
            + await AddUseAsync("production_batches", "UsedQuantity", "Quantity", batchUse, ct);
        if (overdrawn > 0)
        {
            // Another ingest consumed the same lots or batches meanwhile: refuse rather than overdraw.
            if (transaction is not null) await transaction.RollbackAsync(ct);
            return new IngestResult(0, 0, [new TraceError(0, null, null, "Inputs", Text.Get("物料批或子批次的用量超过可用数量（其他数据同时在使用），请重试"))], true);
        }
        await AuditAsync(user, nameof(ProductionBatch), enterpriseId, new { batches = batches.Count, steps = steps.Count, inputs = components.Count, first = batches[0].BatchNumber, last = batches[^1].BatchNumber }, ct);
        if (transaction is not null) await transaction.CommitAsync(ct);
        return new IngestResult(batches.Count, batches.Count + steps.Count + components.Count, []);
    }

    public Task<IngestResult?> ShipmentsAsync(ClaimsPrincipal user, Guid enterpriseId, IReadOnlyList<ShipmentRecord> records, CancellationToken ct) =>
        AppMetrics.MeasureImportAsync("trace-shipments", records.Count, () => ShipmentsCoreAsync(user, enterpriseId, records, ct), r => r is { Errors.Count: 0 });

    private async Task<IngestResult?> ShipmentsCoreAsync(ClaimsPrincipal user, Guid enterpriseId, IReadOnlyList<ShipmentRecord> records, CancellationToken ct)
    {
        if (!await AllowedAsync(user, enterpriseId, ct)) return null;
        var errors = new List<TraceError>();
        if (TooMany(records.Count, errors)) return new IngestResult(0, 0, errors);
        var conflict = false;
        var declarations = records.Select(r => Clean(r.DeclarationNumber)).OfType<string>().Distinct().ToList();
        var existing = (await db.Shipments.AsNoTracking().Where(s => s.EnterpriseId == enterpriseId && EF.Parameter(declarations).Contains(s.DeclarationNumber))
            .Select(s => s.DeclarationNumber).ToListAsync(ct)).ToHashSet();
        var batchNumbers = records.SelectMany(r => r.Lines ?? []).Select(l => Clean(l.Batch)).OfType<string>().Distinct().ToList();
        var batches = await db.ProductionBatches.AsNoTracking().Where(b => b.EnterpriseId == enterpriseId && EF.Parameter(batchNumbers).Contains(b.BatchNumber))
            .Select(b => new { b.Id, b.BatchNumber, b.Quantity, b.UsedQuantity, b.CompletedOn }).ToDictionaryAsync(b => b.BatchNumber, ct);
        var now = clock.GetUtcNow();
        var shipments = new List<Shipment>();
        var lines = new List<ShipmentLine>();
        var batchUse = new Dictionary<Guid, decimal>();
        var seen = new HashSet<string>();
        for (var i = 0; i < records.Count; i++)
        {
            var r = records[i];
            var record = i;
            void Error(string field, string reason) => errors.Add(new TraceError(record, null, null, field, reason));
            var declaration = Clean(r.DeclarationNumber);
            if (declaration is null) Error("DeclarationNumber", Text.Get("请填写报关单号或发货单号"));
            else if (existing.Contains(declaration))
            {
                Error("DeclarationNumber", Text.Format("报关单号“{0}”已登记", declaration));
                conflict = true;
            }
            else if (!seen.Add(declaration)) Error("DeclarationNumber", Text.Format("报关单号“{0}”在本次数据中重复", declaration));
            if (r.ShippedOn is null) Error("ShippedOn", Text.Get("请填写发货日期"));
            var buyer = Clean(r.Buyer);
            if (buyer is null) Error("Buyer", Text.Get("请填写境外买方"));
            var country = ReferenceData.FindCountry(Clean(r.Country)?.ToUpperInvariant());
            if (country is null || country.Code == "CN") Error("Country", Text.Get("目的国应为 ISO 3166 两位代码（不含中国）"));
            var shipment = new Shipment
            {
                EnterpriseId = enterpriseId, DeclarationNumber = declaration ?? "", ShippedOn = r.ShippedOn ?? default, Buyer = buyer ?? "",
                CountryCode = country?.Code ?? "", CreatedAt = now,
            };
            shipments.Add(shipment);
            var lineRecords = r.Lines ?? [];
            if (lineRecords.Count == 0) Error("Lines", Text.Get("发货至少应有一个批次"));
            for (var n = 0; n < lineRecords.Count; n++)
            {
                var line = lineRecords[n];
                var item = n;
                void LineError(string field, string reason) => errors.Add(new TraceError(record, "Lines", item, field, reason));
                var number = Clean(line.Batch);
                if (line.Quantity is not > 0) LineError("Quantity", Text.Get("数量应大于 0"));
                if (line.ValueUsd is < 0) LineError("ValueUsd", Text.Get("金额不能为负"));
                var hs = string.IsNullOrWhiteSpace(line.HsCode) ? null : ReferenceData.NormalizeHsCode(line.HsCode);
                if (hs is not null && (hs.Length is < 6 or > 10 || !ReferenceData.IsKnownHsCode(hs))) LineError("HsCode", Text.Format("HS 编码“{0}”不在 HS 2022 目录中", line.HsCode!));
                if (number is null || !batches.TryGetValue(number, out var batch))
                {
                    LineError("Batch", Text.Format("批次“{0}”不存在", number ?? ""));
                    continue;
                }
                if (r.ShippedOn is { } shipped && shipped < batch.CompletedOn) LineError("Batch", Text.Format("发货日期早于批次“{0}”的完工日期", number));
                batchUse[batch.Id] = batchUse.GetValueOrDefault(batch.Id) + (line.Quantity ?? 0);
                if (batch.UsedQuantity + batchUse[batch.Id] > batch.Quantity)
                    LineError("Quantity", Text.Format("批次“{0}”的发货数量超过其可用数量 {1}", number, (batch.Quantity - batch.UsedQuantity).ToString("0.####")));
                lines.Add(new ShipmentLine { ShipmentId = shipment.Id, BatchId = batch.Id, Quantity = line.Quantity ?? 0, ValueUsd = line.ValueUsd ?? 0, HsCode = hs });
            }
        }
        if (errors.Count > 0) return new IngestResult(0, 0, errors, conflict);

        await using var transaction = await BeginAsync(ct);
        await BulkWriter.InsertAsync(db, "shipments", ShipmentColumns, shipments, ct);
        await BulkWriter.InsertAsync(db, "shipment_lines", LineColumns, lines, ct);
        if (await AddUseAsync("production_batches", "UsedQuantity", "Quantity", batchUse, ct) > 0)
        {
            if (transaction is not null) await transaction.RollbackAsync(ct);
            return new IngestResult(0, 0, [new TraceError(0, null, null, "Lines", Text.Get("批次的发货数量超过其可用数量（其他数据同时在使用这些批次），请重试"))], true);
        }
        await AuditAsync(user, nameof(Shipment), enterpriseId, new { shipments = shipments.Count, lines = lines.Count, first = shipments[0].DeclarationNumber }, ct);
        if (transaction is not null) await transaction.CommitAsync(ct);
        return new IngestResult(shipments.Count, shipments.Count + lines.Count, []);
    }

    /// <summary>Cycles among the batches of one ingest (a batch that, through its sub-assemblies, consumes itself), as batch numbers.</summary>
    private static List<List<string>> Cycles(List<ProductionBatch> batches, List<BatchComponent> components)
    {
        var byId = batches.ToDictionary(b => b.Id);
        var edges = components.Where(c => c.InputBatchId is { } input && byId.ContainsKey(input)).ToLookup(c => c.BatchId, c => c.InputBatchId!.Value);
        var state = new Dictionary<Guid, int>(); // 1 on the path, 2 done
        var cycles = new List<List<string>>();
        var path = new List<Guid>();
        void Visit(Guid id)
        {
            state[id] = 1;
            path.Add(id);
            foreach (var next in edges[id])
            {
                if (state.GetValueOrDefault(next) == 1)
                    cycles.Add(path.Skip(path.IndexOf(next)).Append(next).Select(b => byId[b].BatchNumber).ToList());
                else if (state.GetValueOrDefault(next) == 0) Visit(next);
            }
            path.RemoveAt(path.Count - 1);
            state[id] = 2;
        }
        foreach (var batch in batches)
            if (state.GetValueOrDefault(batch.Id) == 0) Visit(batch.Id);
        return cycles;
    }

    /// <summary>Adds the quantities used to each row and returns how many rows are now overdrawn.</summary>
    private async Task<int> AddUseAsync(string table, string used, string limit, Dictionary<Guid, decimal> use, CancellationToken ct)
    {
        if (use.Count == 0) return 0;
        var connection = db.Database.GetDbConnection();
        await using var command = connection.CreateCommand();
        command.Transaction = db.Database.CurrentTransaction!.GetDbTransaction();
        if (db.Database.IsNpgsql())
        {
            // One statement for every row, the ids and amounts as two arrays: a statement per row cost a round trip each
            // (an MES day of 2,000 batches naming a few hundred lots and sub-assemblies paid tens of milliseconds for them).
            // Ids in order, so that two ingests touching the same lots lock them in the same order.
            var ordered = use.OrderBy(u => u.Key).ToList();
            command.CommandText = $"""
                WITH changed AS (
                    UPDATE {table} AS t SET "{used}" = t."{used}" + u.amount
                    FROM unnest(@ids, @amounts) AS u(id, amount) WHERE t."Id" = u.id
                    RETURNING t."{used}" > t."{limit}" AS overdrawn)
                SELECT count(*)::int FROM changed WHERE overdrawn
                """;
            command.Parameters.Add(new NpgsqlParameter("ids", NpgsqlDbType.Array | NpgsqlDbType.Uuid) { Value = ordered.Select(u => u.Key).ToArray() });
            command.Parameters.Add(new NpgsqlParameter("amounts", NpgsqlDbType.Array | NpgsqlDbType.Numeric) { Value = ordered.Select(u => u.Value).ToArray() });
            return (int)(await command.ExecuteScalarAsync(ct))!;
        }
        // SQLite runs in the process: one prepared statement stepped per row costs microseconds, not a round trip.
        command.CommandText = $"""UPDATE {table} SET "{used}" = "{used}" + @amount WHERE "Id" = @id""";
        var amount = command.CreateParameter();
        amount.ParameterName = "@amount";
        var id = command.CreateParameter();
        id.ParameterName = "@id";
        command.Parameters.Add(amount);
        command.Parameters.Add(id);
        await command.PrepareAsync(ct);
        foreach (var (key, quantity) in use)
        {
            amount.Value = BulkWriter.SqliteValue(quantity);
            id.Value = BulkWriter.SqliteValue(key);
            await command.ExecuteNonQueryAsync(ct);
        }
        var ids = use.Keys.ToList();
        return table == "material_lots"
            ? await db.MaterialLots.CountAsync(l => ids.Contains(l.Id) && l.ConsumedQuantity > l.Quantity, ct)
            : await db.ProductionBatches.CountAsync(b => ids.Contains(b.Id) && b.UsedQuantity > b.Quantity, ct);
    }

    /// <summary>A transaction of the ingest's own, or none when the caller's is open (an EPCIS capture maps lots, batches and shipments in one).</summary>
    private async Task<GatedTransaction?> BeginAsync(CancellationToken ct) =>
        db.Database.CurrentTransaction is null ? await writeGate.BeginTransactionAsync(db, ct) : null;

    private async Task<bool> AllowedAsync(ClaimsPrincipal user, Guid enterpriseId, CancellationToken ct) =>
        EnterpriseScope.For(user).Allows(enterpriseId) && await db.Enterprises.AnyAsync(e => e.Id == enterpriseId, ct);

    private static bool TooMany(int count, List<TraceError> errors)
    {
        if (count == 0) errors.Add(new TraceError(0, null, null, "", Text.Get("没有数据")));
        else if (count > MaxRecords) errors.Add(new TraceError(0, null, null, "", Text.Format("一次最多 {0} 条记录，请分批提交", MaxRecords)));
        return errors.Count > 0;
    }

    private async Task AuditAsync(ClaimsPrincipal user, string type, Guid enterpriseId, object summary, CancellationToken ct)
    {
        db.AuditEntries.Add(BulkAudit.Entry(user, clock.GetUtcNow(), type, enterpriseId.ToString(), summary));
        await db.SaveChangesAsync(ct);
    }

    private static string? Clean(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();

    /// <summary>Specs are compared as text; spaces and full-width characters typed differently are not a mismatch.</summary>
    public static string? NormalizeSpec(string? spec) =>
        string.IsNullOrWhiteSpace(spec) ? null : string.Join(' ', spec.Normalize(System.Text.NormalizationForm.FormKC).Split(' ', StringSplitOptions.RemoveEmptyEntries));

    public static readonly BulkColumn<MaterialLot>[] LotColumns =
    [
        new("Id", NpgsqlDbType.Uuid, l => l.Id), new("EnterpriseId", NpgsqlDbType.Uuid, l => l.EnterpriseId), new("MaterialId", NpgsqlDbType.Uuid, l => l.MaterialId),
        new("SupplierId", NpgsqlDbType.Uuid, l => l.SupplierId), new("LotNumber", NpgsqlDbType.Varchar, l => l.LotNumber), new("Spec", NpgsqlDbType.Varchar, l => l.Spec),
        new("Quantity", NpgsqlDbType.Numeric, l => l.Quantity), new("Unit", NpgsqlDbType.Varchar, l => l.Unit), new("ReceivedOn", NpgsqlDbType.Date, l => l.ReceivedOn),
        new("DueOn", NpgsqlDbType.Date, l => l.DueOn), new("Inspection", NpgsqlDbType.Varchar, l => l.Inspection.ToString()),
        new("InspectionReport", NpgsqlDbType.Varchar, l => l.InspectionReport), new("ConsumedQuantity", NpgsqlDbType.Numeric, l => l.ConsumedQuantity),
        new("CreatedAt", NpgsqlDbType.TimestampTz, l => l.CreatedAt), new("Revision", NpgsqlDbType.Integer, l => l.Revision),
    ];

    public static readonly BulkColumn<ProductionBatch>[] BatchColumns =
    [
        new("Id", NpgsqlDbType.Uuid, b => b.Id), new("EnterpriseId", NpgsqlDbType.Uuid, b => b.EnterpriseId), new("BatchNumber", NpgsqlDbType.Varchar, b => b.BatchNumber),
        new("ProductModel", NpgsqlDbType.Varchar, b => b.ProductModel), new("ProductName", NpgsqlDbType.Varchar, b => b.ProductName),
        new("Quantity", NpgsqlDbType.Numeric, b => b.Quantity), new("Unit", NpgsqlDbType.Varchar, b => b.Unit), new("StartedOn", NpgsqlDbType.Date, b => b.StartedOn),
        new("CompletedOn", NpgsqlDbType.Date, b => b.CompletedOn), new("SerialFrom", NpgsqlDbType.Varchar, b => b.SerialFrom), new("SerialTo", NpgsqlDbType.Varchar, b => b.SerialTo),
        new("FinalInspection", NpgsqlDbType.Varchar, b => b.FinalInspection.ToString()), new("TestReport", NpgsqlDbType.Varchar, b => b.TestReport),
        new("UsedQuantity", NpgsqlDbType.Numeric, b => b.UsedQuantity), new("CreatedAt", NpgsqlDbType.TimestampTz, b => b.CreatedAt),
    ];

    public static readonly BulkColumn<BatchStep>[] StepColumns =
    [
        new("BatchId", NpgsqlDbType.Uuid, s => s.BatchId), new("Sequence", NpgsqlDbType.Integer, s => s.Sequence),
        new("Kind", NpgsqlDbType.Varchar, s => s.Kind.ToString()), new("Name", NpgsqlDbType.Varchar, s => s.Name), new("PerformedAt", NpgsqlDbType.TimestampTz, s => s.PerformedAt),
        new("Operator", NpgsqlDbType.Varchar, s => s.Operator), new("Equipment", NpgsqlDbType.Varchar, s => s.Equipment), new("Result", NpgsqlDbType.Varchar, s => s.Result),
        new("Passed", NpgsqlDbType.Boolean, s => s.Passed),
    ];

    public static readonly BulkColumn<BatchComponent>[] ComponentColumns =
    [
        new("BatchId", NpgsqlDbType.Uuid, c => c.BatchId), new("MaterialLotId", NpgsqlDbType.Uuid, c => c.MaterialLotId),
        new("InputBatchId", NpgsqlDbType.Uuid, c => c.InputBatchId), new("Quantity", NpgsqlDbType.Numeric, c => c.Quantity),
    ];

    public static readonly BulkColumn<Shipment>[] ShipmentColumns =
    [
        new("Id", NpgsqlDbType.Uuid, s => s.Id), new("EnterpriseId", NpgsqlDbType.Uuid, s => s.EnterpriseId), new("DeclarationNumber", NpgsqlDbType.Varchar, s => s.DeclarationNumber),
        new("ShippedOn", NpgsqlDbType.Date, s => s.ShippedOn), new("Buyer", NpgsqlDbType.Varchar, s => s.Buyer), new("CountryCode", NpgsqlDbType.Varchar, s => s.CountryCode),
        new("CreatedAt", NpgsqlDbType.TimestampTz, s => s.CreatedAt),
    ];

    public static readonly BulkColumn<ShipmentLine>[] LineColumns =
    [
        new("Id", NpgsqlDbType.Uuid, l => l.Id), new("ShipmentId", NpgsqlDbType.Uuid, l => l.ShipmentId), new("BatchId", NpgsqlDbType.Uuid, l => l.BatchId),
        new("Quantity", NpgsqlDbType.Numeric, l => l.Quantity), new("ValueUsd", NpgsqlDbType.Numeric, l => l.ValueUsd), new("HsCode", NpgsqlDbType.Varchar, l => l.HsCode),
    ];
}
