using System.Security.Claims;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using QualityZone.Features.Actions;
using QualityZone.Features.Enterprises;
using QualityZone.Infrastructure;
using QualityZone.Infrastructure.Auth;
using QualityZone.Infrastructure.Data;
using QualityZone.Infrastructure.Localization;

namespace QualityZone.Features.Traceability;

public enum TraceRequestState { Open, Concluded }

/// <summary>
/// 追溯请求: a foreign recall names a zone enterprise's product, so the enterprise must establish which of
/// its shipments, batches, material lots and suppliers are concerned (seed task 16; issue 7 item 4). Opened
/// with the corrective action the recall raises; the recall scope (model × country × period) is computed at
/// once where the enterprise keeps batch records and the model is named, and kept as a snapshot; the
/// enterprise (or the office) records its conclusion once it has narrowed the scope.
/// </summary>
public sealed class TraceRequest : IEnterpriseOwned
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public Guid EnterpriseId { get; set; }
    public Guid? ActionId { get; set; }
    public Guid? NoticeId { get; set; }
    /// <summary>The recall's own reference (CPSC recall number, Safety Gate alert number).</summary>
    public required string Reference { get; set; }
    public required string Title { get; set; }
    /// <summary>The enterprise's product model the recall names; null when none of its models appears in the notice.</summary>
    public string? Model { get; set; }
    /// <summary>The recalling country; null when the notice does not say one.</summary>
    public string? Country { get; set; }
    public DateOnly From { get; set; }
    public DateOnly To { get; set; }
    /// <summary>The scope when the request was opened (null when it could not be computed: model or country unknown).</summary>
    public int? CandidateShipments { get; set; }
    public int? SuspectLots { get; set; }
    public int? OtherShipments { get; set; }
    public TraceRequestState State { get; set; } = TraceRequestState.Open;
    public string? Conclusion { get; set; }
    public string? ConcludedBy { get; set; }
    public DateTimeOffset? ConcludedAt { get; set; }
    public DateTimeOffset CreatedAt { get; set; }

    /// <summary>The recall-scope page with the request's parameters filled in.</summary>
    public string ScopeLink => $"/trace/recall?enterprise={EnterpriseId}&model={Uri.EscapeDataString(Model ?? "")}&country={Country}&from={From:yyyy-MM-dd}&to={To:yyyy-MM-dd}";
}

public sealed class TraceRequestConfiguration : IEntityTypeConfiguration<TraceRequest>
{
    public void Configure(EntityTypeBuilder<TraceRequest> builder)
    {
        builder.ToTable("trace_requests");
        builder.Property(r => r.Id).ValueGeneratedNever();
        builder.Property(r => r.Reference).HasMaxLength(100);
        builder.Property(r => r.Title).HasMaxLength(500);
        builder.Property(r => r.Model).HasMaxLength(100);
        builder.Property(r => r.Country).HasMaxLength(2);
        builder.Property(r => r.State).HasConversion<string>().HasMaxLength(20);
        builder.Property(r => r.Conclusion).HasMaxLength(4000);
        builder.Property(r => r.ConcludedBy).HasMaxLength(100);
        builder.HasIndex(r => new { r.EnterpriseId, r.State, r.CreatedAt });
        builder.HasIndex(r => new { r.State, r.CreatedAt });
        builder.HasIndex(r => r.ActionId);
        builder.HasOne<Enterprise>().WithMany().HasForeignKey(r => r.EnterpriseId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<CorrectiveAction>().WithMany().HasForeignKey(r => r.ActionId).OnDelete(DeleteBehavior.Restrict);
    }
}

/// <summary>What a recall says, as the trace request needs it.</summary>
/// <param name="Markets">The markets the recall concerns (a Safety Gate alert: the EU's 27), besides the notifying <paramref name="Country"/>.</param>
public sealed record RecallMention(Guid EnterpriseId, Guid? ActionId, Guid? NoticeId, string Reference, string Title, string Text, string? Country, DateOnly PublishedOn,
    IReadOnlyList<string>? Markets = null);

public sealed class TraceRequests(AppDbContext db, TraceQueries queries, TimeProvider time)
{
    /// <summary>
    /// How far back a recall reaches: products recalled abroad were sold over the years before the notice
    /// (CPSC recalls name units sold over several years); three years covers the warranty period of
    /// pneumatic components, and the enterprise narrows it on the scope page.
    /// </summary>
    public const int YearsBack = 3;

    /// <summary>
    /// Opens the requests of a recall naming an enterprise (added to the context, saved by the caller). Only
    /// where traceability exists: an enterprise with no batch records gets the corrective action alone.
    /// One request per named model, or one without a model when the notice names none of the enterprise's.
    /// </summary>
    public async Task<IReadOnlyList<TraceRequest>> OpenAsync(RecallMention mention, CancellationToken ct)
    {
        var models = await db.ProductionBatches.AsNoTracking().Where(b => b.EnterpriseId == mention.EnterpriseId).Select(b => b.ProductModel).Distinct().ToListAsync(ct);
        if (models.Count == 0) return [];
        // The longest models first: "SC63x100" also contains "SC63"; a model counts once it is named and not part of a longer named one.
        var named = new List<string>();
        foreach (var model in models.Where(m => m.Length >= 3).OrderByDescending(m => m.Length))
            if (mention.Text.Contains(model, StringComparison.OrdinalIgnoreCase) && !named.Any(n => n.Contains(model, StringComparison.OrdinalIgnoreCase)))
                named.Add(model);
        var notifying = Reference.ReferenceData.MarketsOf(mention.Country) is [var code] ? code : null;
        var (from, to) = (mention.PublishedOn.AddYears(-YearsBack), mention.PublishedOn);
        var opened = new List<TraceRequest>();
        foreach (var model in named.Count == 0 ? [null] : named.Cast<string?>())
        {
            var country = model is null ? notifying : await CountryAsync(mention, model, notifying, from, to, ct);
            var request = new TraceRequest
            {
                EnterpriseId = mention.EnterpriseId, ActionId = mention.ActionId, NoticeId = mention.NoticeId, Reference = mention.Reference,
                Title = Text.Shorten(mention.Title, 500), Model = model, Country = country, From = from, To = to, CreatedAt = time.GetUtcNow(),
            };
            if (model is not null && country is not null)
            {
                var scope = await queries.RecallAsync(mention.EnterpriseId, new RecallNotice(mention.EnterpriseId, model, country, from, to, []), ct);
                (request.CandidateShipments, request.SuspectLots, request.OtherShipments) = (scope.Candidates.Select(c => c.ShipmentId).Distinct().Count(),
                    scope.SuspectLots.Count, scope.Others.Select(o => o.ShipmentId).Distinct().Count());
            }
            db.TraceRequests.Add(request);
            opened.Add(request);
        }
        return opened;
    }

    /// <summary>
    /// The country to pre-compute: the notifying one where the enterprise shipped the model there; otherwise, for a
    /// recall that concerns a whole market (a Safety Gate alert is for the EU's 27), the member it shipped the model to most.
    /// </summary>
    private async Task<string?> CountryAsync(RecallMention mention, string model, string? notifying, DateOnly since, DateOnly until, CancellationToken ct)
    {
        var concerned = (mention.Markets ?? []).Append(notifying).OfType<string>().Distinct().ToList();
        if (concerned.Count <= 1) return notifying;
        var shipped = await (from s in db.Shipments
                             join l in db.ShipmentLines on s.Id equals l.ShipmentId
                             join b in db.ProductionBatches on l.BatchId equals b.Id
                             where s.EnterpriseId == mention.EnterpriseId && b.ProductModel == model && s.ShippedOn >= since && s.ShippedOn <= until && concerned.Contains(s.CountryCode)
                             group s by s.CountryCode into g
                             select new { Country = g.Key, Shipments = g.Count() }).ToListAsync(ct);
        if (notifying is not null && shipped.Any(s => s.Country == notifying)) return notifying;
        return shipped.OrderByDescending(s => s.Shipments).ThenBy(s => s.Country).FirstOrDefault()?.Country ?? notifying;
    }

    /// <summary>The requests a user may see: an enterprise its own, staff every one.</summary>
    public static IQueryable<TraceRequest> Visible(AppDbContext db, ClaimsPrincipal user)
    {
        var scope = EnterpriseScope.For(user);
        return db.TraceRequests.ForScope(scope);
    }

    /// <summary>The enterprise (or the office on its behalf) states what the trace found: shipments, lots and suppliers concerned, and what was done.</summary>
    public async Task<CommandResult> ConcludeAsync(ClaimsPrincipal user, Guid id, string? conclusion, CancellationToken ct)
    {
        var request = await Visible(db, user).SingleOrDefaultAsync(r => r.Id == id, ct);
        if (request is null) return CommandResult.NotFound(Text.Get("追溯请求不存在"));
        if (!PermissionCatalog.IsGranted(user, TraceabilityPermissions.Record)) return CommandResult.Forbidden(Text.Get("无权记录追溯结论"));
        if (request.State == TraceRequestState.Concluded) return CommandResult.Conflict(Text.Get("该追溯请求已有结论"));
        if (string.IsNullOrWhiteSpace(conclusion) || conclusion.Trim().Length > 4000)
            return CommandResult.Invalid(Text.Get("请填写追溯结论：涉及的发货、物料批和供应商及处理情况（不超过 4000 字）"));
        (request.State, request.Conclusion, request.ConcludedBy, request.ConcludedAt) = (TraceRequestState.Concluded, conclusion.Trim(), user.DisplayName(), time.GetUtcNow());
        await db.SaveChangesAsync(ct);
        return CommandResult.Ok;
    }
}
