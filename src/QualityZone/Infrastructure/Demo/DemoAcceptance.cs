using QualityZone.Features.Acceptance;

namespace QualityZone.Infrastructure.Demo;

/// <summary>
/// The self-assessment of the demo: the evidence is whatever the rest of the demo left (so the gaps are
/// real: no training or testing module yet, tasks without files), the leading group's founding
/// document uploaded on item 1.1, and self-scores where evidence is sufficient (full marks less half a
/// point) or weak (half marks).
/// </summary>
public sealed class DemoAcceptance(AcceptanceCommands commands)
{
    public async Task SeedAsync(CancellationToken ct)
    {
        var office = DemoSeeder.Office;
        var sheet = await commands.SheetAsync(ct);
        var first = sheet.Blocks[0].Items[0].Item;
        await using (var document = new MemoryStream(DemoSeeder.MinimalPdf("leading group of the demonstration zone")))
            await commands.UploadAsync(office, first.Id, document, "关于成立示范区建设领导小组的通知.pdf", "区政府成立领导小组和建设办的通知", ct);
        foreach (var item in (await commands.SheetAsync(ct)).Blocks.SelectMany(b => b.Items))
        {
            decimal? score = item.Strength switch { EvidenceStrength.Sufficient => item.Item.Weight - 0.5m, EvidenceStrength.Weak => item.Item.Weight / 2, _ => null };
            if (score is not null) await commands.SelfScoreAsync(office, item.Item.Id, new ScoreInput(score, null, item.Item.Version), ct);
        }
    }
}
