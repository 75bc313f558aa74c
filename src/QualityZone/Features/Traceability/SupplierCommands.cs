using System.Security.Claims;
using Microsoft.EntityFrameworkCore;
using QualityZone.Features.Enterprises;
using QualityZone.Features.Settings;
using QualityZone.Infrastructure;
using QualityZone.Infrastructure.Auth;
using QualityZone.Infrastructure.Data;
using QualityZone.Infrastructure.Localization;

namespace QualityZone.Features.Traceability;

/// <summary>
/// The consistency check of the purchase ledger (seed task 9.3, 进货台帐一致性核查): each lot
/// against the material's approved specification and approved supplier list, and against what
/// happened to it. The same rules run in SQL for the list of lots to act on (<see cref="FlaggedOnly"/>).
/// </summary>
public static class LedgerCheck
{
    public static IReadOnlyList<string> Flags(SupplierStatus status, bool approvedForMaterial, string spec, string approvedSpec, InspectionResult inspection, bool consumed)
    {
        var flags = new List<string>();
        if (status == SupplierStatus.Disqualified) flags.Add(Text.Get("供应商已取消资格"));
        else if (!approvedForMaterial) flags.Add(Text.Get("非该物料的合格供方"));
        if (!string.Equals(spec, approvedSpec, StringComparison.OrdinalIgnoreCase)) flags.Add(Text.Get("规格与批准规格不符"));
        if (inspection == InspectionResult.Fail && consumed) flags.Add(Text.Get("检验不合格仍投入生产"));
        if (inspection == InspectionResult.Pending && consumed) flags.Add(Text.Get("未经检验投入生产"));
        return flags;
    }

    /// <summary>A lot with what it is checked against (a class with init properties so that EF translates filters on it).</summary>
    public sealed class LedgerRow
    {
        public required MaterialLot Lot { get; init; }
        public required string MaterialCode { get; init; }
        public required string MaterialName { get; init; }
        public required string ApprovedSpec { get; init; }
        public required string Supplier { get; init; }
        public SupplierStatus SupplierStatus { get; init; }
        public bool Approved { get; init; }

        public IReadOnlyList<string> Flags => LedgerCheck.Flags(SupplierStatus, Approved, Lot.Spec, ApprovedSpec, Lot.Inspection, Lot.ConsumedQuantity > 0);
    }

    /// <summary>The ledger with what each lot is checked against, for lists and exports.</summary>
    public static IQueryable<LedgerRow> Rows(AppDbContext db) =>
        from l in db.MaterialLots.AsNoTracking()
        join m in db.Materials on l.MaterialId equals m.Id
        join s in db.Suppliers on l.SupplierId equals s.Id
        select new LedgerRow
        {
            Lot = l, MaterialCode = m.Code, MaterialName = m.Name, ApprovedSpec = m.Spec, Supplier = s.Name, SupplierStatus = s.Status,
            Approved = db.MaterialSources.Any(a => a.MaterialId == l.MaterialId && a.SupplierId == l.SupplierId),
        };

    /// <summary>Lots with at least one flag (the SQL form of <see cref="Flags"/>; specs are normalized when recorded, so equality is the test).</summary>
    public static IQueryable<LedgerRow> FlaggedOnly(IQueryable<LedgerRow> rows) => rows.Where(r =>
        r.SupplierStatus == SupplierStatus.Disqualified || !r.Approved || r.Lot.Spec != r.ApprovedSpec
        || (r.Lot.ConsumedQuantity > 0 && (r.Lot.Inspection == InspectionResult.Fail || r.Lot.Inspection == InspectionResult.Pending)));
}

/// <summary>The weights of the supplier scorecard and the grade thresholds (zone settings, office-edited).</summary>
public sealed record SupplierScoring(int QualityWeight, int DeliveryWeight, int CertificateWeight, int AuditWeight, int GradeA, int GradeB, int GradeC)
{
    public const string Key = "traceability.supplier-scoring";
    /// <summary>Incoming quality weighs most, as the evidence of the ledger; grades A ≥ 90, B ≥ 75, C ≥ 60, else D.</summary>
    public static readonly SupplierScoring Default = new(40, 20, 15, 25, 90, 75, 60);

    public string GradeOf(decimal score) => score >= GradeA ? "A" : score >= GradeB ? "B" : score >= GradeC ? "C" : "D";

    public string? Problem() =>
        new[] { QualityWeight, DeliveryWeight, CertificateWeight, AuditWeight }.Any(w => w < 0) || QualityWeight + DeliveryWeight + CertificateWeight + AuditWeight != 100
            ? Text.Get("各项权重应不小于 0，合计 100")
            : !(GradeA > GradeB && GradeB > GradeC && GradeC > 0 && GradeA <= 100) ? Text.Get("等级分数线应满足 100 ≥ A > B > C > 0") : null;
}

public sealed record SupplierInput(string? Name, string? CreditCode, string? Supplies, string? Contact, List<CertificateInput>? Certificates);
public sealed record CertificateInput(string? Name, string? Number, DateOnly? ExpiresOn);
public sealed record MaterialInput(string? Code, string? Name, string? Spec, string? Unit, List<Guid>? ApprovedSuppliers);

/// <summary>Suppliers, key materials, lot inspection and disposition, supplier evaluation: the audited (EF) side of the module.</summary>
public sealed class SupplierCommands(AppDbContext db, TimeProvider clock, ZoneClock zoneClock, ZoneSettings settings)
{
    public Task<SupplierScoring> ScoringAsync(CancellationToken ct) => settings.GetJsonAsync(SupplierScoring.Key, SupplierScoring.Default, ct);

    public async Task<CommandResult> SetScoringAsync(SupplierScoring scoring, CancellationToken ct)
    {
        if (scoring.Problem() is { } problem) return CommandResult.Invalid(problem);
        await settings.SetJsonAsync(SupplierScoring.Key, scoring, ct);
        return CommandResult.Ok;
    }

    public async Task<(CommandResult Result, Guid? Id)> SaveSupplierAsync(ClaimsPrincipal user, Guid enterpriseId, Guid? id, SupplierInput input, CancellationToken ct)
    {
        if (!EnterpriseScope.For(user).Allows(enterpriseId)) return (CommandResult.NotFound(Text.Get("企业不存在")), null);
        var name = input.Name?.Trim();
        if (string.IsNullOrEmpty(name) || name.Length > 200) return (CommandResult.Invalid(Text.Get("请填写供应商名称（不超过 200 字）")), null);
        var code = string.IsNullOrWhiteSpace(input.CreditCode) ? null : input.CreditCode.Trim().ToUpperInvariant();
        if (code is not null && CreditCode.Problem(code) is { } problem) return (CommandResult.Invalid(problem), null);
        var certificates = new List<SupplierCertificate>();
        foreach (var c in input.Certificates ?? [])
        {
            if (string.IsNullOrWhiteSpace(c.Name) && string.IsNullOrWhiteSpace(c.Number) && c.ExpiresOn is null) continue;
            if (string.IsNullOrWhiteSpace(c.Name)) return (CommandResult.Invalid(Text.Get("请填写证书名称")), null);
            certificates.Add(new SupplierCertificate { Name = c.Name.Trim(), Number = c.Number?.Trim(), ExpiresOn = c.ExpiresOn });
        }
        if (await db.Suppliers.AnyAsync(s => s.EnterpriseId == enterpriseId && s.Name == name && s.Id != id, ct))
            return (CommandResult.Conflict(Text.Format("供应商“{0}”已登记", name)), null);
        Supplier supplier;
        if (id is null)
        {
            if (!await db.Enterprises.AnyAsync(e => e.Id == enterpriseId, ct)) return (CommandResult.NotFound(Text.Get("企业不存在")), null);
            db.Suppliers.Add(supplier = new Supplier { EnterpriseId = enterpriseId, Name = name, CreatedAt = clock.GetUtcNow() });
        }
        else
        {
            var found = await db.Suppliers.Include(s => s.Certificates).SingleOrDefaultAsync(s => s.Id == id && s.EnterpriseId == enterpriseId, ct);
            if (found is null) return (CommandResult.NotFound(Text.Get("供应商不存在")), null);
            supplier = found;
            supplier.Name = name;
            db.SupplierCertificates.RemoveRange(supplier.Certificates);
            supplier.Revision++;
        }
        supplier.CreditCode = code;
        supplier.Supplies = input.Supplies?.Trim();
        supplier.Contact = input.Contact?.Trim();
        foreach (var certificate in certificates) certificate.SupplierId = supplier.Id;
        db.SupplierCertificates.AddRange(certificates);
        await db.SaveChangesAsync(ct);
        return (CommandResult.Ok, supplier.Id);
    }

    /// <summary>Approves, conditionally approves or disqualifies a supplier; anything but approval needs a reason.</summary>
    public async Task<CommandResult> SetSupplierStatusAsync(ClaimsPrincipal user, Guid supplierId, SupplierStatus status, string? reason, CancellationToken ct)
    {
        var supplier = await db.Suppliers.SingleOrDefaultAsync(s => s.Id == supplierId, ct);
        if (supplier is null || !EnterpriseScope.For(user).Allows(supplier.EnterpriseId)) return CommandResult.NotFound(Text.Get("供应商不存在"));
        if (!Enum.IsDefined(status)) return CommandResult.Invalid(Text.Get("状态无效"));
        if (status != SupplierStatus.Approved && string.IsNullOrWhiteSpace(reason)) return CommandResult.Invalid(Text.Get("有条件合格或取消资格须说明原因"));
        supplier.Status = status;
        supplier.StatusReason = reason?.Trim();
        supplier.Revision++;
        await db.SaveChangesAsync(ct);
        return CommandResult.Ok;
    }

    public async Task<(CommandResult Result, Guid? Id)> SaveMaterialAsync(ClaimsPrincipal user, Guid enterpriseId, Guid? id, MaterialInput input, CancellationToken ct)
    {
        if (!EnterpriseScope.For(user).Allows(enterpriseId)) return (CommandResult.NotFound(Text.Get("企业不存在")), null);
        var code = input.Code?.Trim();
        var name = input.Name?.Trim();
        var spec = TraceIngest.NormalizeSpec(input.Spec);
        if (string.IsNullOrEmpty(code) || code.Length > 50) return (CommandResult.Invalid(Text.Get("请填写物料编码（不超过 50 字）")), null);
        if (string.IsNullOrEmpty(name)) return (CommandResult.Invalid(Text.Get("请填写物料名称")), null);
        if (spec is null) return (CommandResult.Invalid(Text.Get("请填写批准规格")), null);
        if (await db.Materials.AnyAsync(m => m.EnterpriseId == enterpriseId && m.Code == code && m.Id != id, ct))
            return (CommandResult.Conflict(Text.Format("物料编码“{0}”已登记", code)), null);
        var supplierIds = (input.ApprovedSuppliers ?? []).Distinct().ToList();
        if (await db.Suppliers.CountAsync(s => s.EnterpriseId == enterpriseId && supplierIds.Contains(s.Id), ct) != supplierIds.Count)
            return (CommandResult.Invalid(Text.Get("合格供方应为本企业登记的供应商")), null);
        Material material;
        if (id is null)
        {
            if (!await db.Enterprises.AnyAsync(e => e.Id == enterpriseId, ct)) return (CommandResult.NotFound(Text.Get("企业不存在")), null);
            db.Materials.Add(material = new Material { EnterpriseId = enterpriseId, Code = code, Name = name, Spec = spec, CreatedAt = clock.GetUtcNow() });
        }
        else
        {
            var found = await db.Materials.Include(m => m.ApprovedSuppliers).SingleOrDefaultAsync(m => m.Id == id && m.EnterpriseId == enterpriseId, ct);
            if (found is null) return (CommandResult.NotFound(Text.Get("物料不存在")), null);
            material = found;
            db.MaterialSources.RemoveRange(material.ApprovedSuppliers.Where(a => !supplierIds.Contains(a.SupplierId)));
            supplierIds.RemoveAll(s => material.ApprovedSuppliers.Any(a => a.SupplierId == s));
        }
        material.Code = code;
        material.Name = name;
        material.Spec = spec;
        material.Unit = string.IsNullOrWhiteSpace(input.Unit) ? "件" : input.Unit.Trim();
        db.MaterialSources.AddRange(supplierIds.Select(s => new MaterialSource { MaterialId = material.Id, SupplierId = s }));
        await db.SaveChangesAsync(ct);
        return (CommandResult.Ok, material.Id);
    }

    /// <summary>Records the incoming inspection of a lot (often after it was received).</summary>
    public async Task<CommandResult> InspectLotAsync(ClaimsPrincipal user, Guid lotId, InspectionResult result, string? report, int? revision, CancellationToken ct)
    {
        var lot = await db.MaterialLots.SingleOrDefaultAsync(l => l.Id == lotId, ct);
        if (lot is null || !EnterpriseScope.For(user).Allows(lot.EnterpriseId)) return CommandResult.NotFound(Text.Get("物料批不存在"));
        if (revision is { } r && r != lot.Revision) return CommandResult.Conflict(Text.Get("该记录已被他人修改，请刷新后重试"));
        if (!Enum.IsDefined(result) || result == InspectionResult.Pending) return CommandResult.Invalid(Text.Get("请选择检验结论"));
        if (result != InspectionResult.Pass && string.IsNullOrWhiteSpace(report)) return CommandResult.Invalid(Text.Get("不合格或让步接收须填写检验报告或说明"));
        lot.Inspection = result;
        lot.InspectionReport = report?.Trim();
        lot.Revision++;
        await db.SaveChangesAsync(ct);
        return CommandResult.Ok;
    }

    /// <summary>Records what was done about a flagged lot; the flag stays visible, the lot leaves the list to act on.</summary>
    public async Task<CommandResult> DisposeLotAsync(ClaimsPrincipal user, Guid lotId, string? disposition, int? revision, CancellationToken ct)
    {
        var lot = await db.MaterialLots.SingleOrDefaultAsync(l => l.Id == lotId, ct);
        if (lot is null || !EnterpriseScope.For(user).Allows(lot.EnterpriseId)) return CommandResult.NotFound(Text.Get("物料批不存在"));
        if (revision is { } r && r != lot.Revision) return CommandResult.Conflict(Text.Get("该记录已被他人修改，请刷新后重试"));
        if (string.IsNullOrWhiteSpace(disposition)) return CommandResult.Invalid(Text.Get("请填写处置措施"));
        lot.Disposition = disposition.Trim();
        lot.DisposedBy = user.DisplayName();
        lot.DisposedAt = clock.GetUtcNow();
        lot.Revision++;
        await db.SaveChangesAsync(ct);
        return CommandResult.Ok;
    }

    /// <summary>
    /// A scorecard for a period: rejection rate and on-time rate computed from the ledger's lots
    /// received in the period, certificate validity on the period's last day, and the audit score
    /// entered by the evaluator; weighted into a score and a grade. A grade D supplier is not
    /// disqualified automatically — that is the enterprise's decision — but the result says so.
    /// </summary>
    public async Task<(CommandResult Result, SupplierEvaluation? Evaluation)> EvaluateAsync(ClaimsPrincipal user, Guid supplierId, DateOnly? from, DateOnly? to,
        decimal? auditScore, string? note, CancellationToken ct)
    {
        var supplier = await db.Suppliers.Include(s => s.Certificates).SingleOrDefaultAsync(s => s.Id == supplierId, ct);
        if (supplier is null || !EnterpriseScope.For(user).Allows(supplier.EnterpriseId)) return (CommandResult.NotFound(Text.Get("供应商不存在")), null);
        if (from is null || to is null || from > to) return (CommandResult.Invalid(Text.Get("请填写评价期间，且起始日期不晚于截止日期")), null);
        if (to > zoneClock.Today) return (CommandResult.Invalid(Text.Get("评价期间不能晚于今天")), null);
        if (auditScore is not (>= 0 and <= 100)) return (CommandResult.Invalid(Text.Get("审核得分应在 0 到 100 之间")), null);
        var lots = await db.MaterialLots.AsNoTracking().Where(l => l.SupplierId == supplierId && l.ReceivedOn >= from && l.ReceivedOn <= to)
            .Select(l => new { l.Inspection, l.ReceivedOn, l.DueOn }).ToListAsync(ct);
        var scoring = await ScoringAsync(ct);
        var inspected = lots.Count(l => l.Inspection != InspectionResult.Pending);
        var rejected = lots.Count(l => l.Inspection == InspectionResult.Fail);
        var withDue = lots.Where(l => l.DueOn is not null).ToList();
        var onTime = withDue.Count(l => l.ReceivedOn <= l.DueOn);
        // No lots in the period: no evidence against the supplier on quality or delivery.
        var quality = inspected == 0 ? 100m : Math.Round(100m * (inspected - rejected) / inspected, 1);
        var delivery = withDue.Count == 0 ? 100m : Math.Round(100m * onTime / withDue.Count, 1);
        var certificate = supplier.Certificates.Count > 0 && supplier.Certificates.All(c => c.ValidOn(to.Value)) ? 100m
            : supplier.Certificates.Any(c => c.ValidOn(to.Value)) ? 50m : 0m;
        var score = Math.Round((quality * scoring.QualityWeight + delivery * scoring.DeliveryWeight + certificate * scoring.CertificateWeight
            + auditScore.Value * scoring.AuditWeight) / 100m, 1);
        var evaluation = new SupplierEvaluation
        {
            SupplierId = supplierId, EnterpriseId = supplier.EnterpriseId, From = from.Value, To = to.Value, LotsReceived = lots.Count, LotsRejected = rejected,
            LotsWithDueDate = withDue.Count, LotsOnTime = onTime, QualityScore = quality, DeliveryScore = delivery, CertificateScore = certificate,
            AuditScore = auditScore.Value, Score = score, Grade = scoring.GradeOf(score), Note = note?.Trim(), EvaluatedBy = user.DisplayName(), EvaluatedAt = clock.GetUtcNow(),
        };
        db.SupplierEvaluations.Add(evaluation);
        supplier.Grade = evaluation.Grade;
        supplier.Score = score;
        supplier.EvaluatedOn = to;
        supplier.Revision++;
        await db.SaveChangesAsync(ct);
        return (CommandResult.Ok, evaluation);
    }
}
