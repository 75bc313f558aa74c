using System.Globalization;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using QualityZone.Features.Epcis;
using QualityZone.Infrastructure.Data;

namespace QualityZone.Infrastructure.Demo;

/// <summary>
/// The MES of the first two demo enterprises speaking EPCIS 2.0 (issue 20): one captured document with the final
/// airtightness test of its six latest batches, each with the test bench's pressure reading as
/// sensor data (mapped onto the batches' records as test steps), and two deliveries of packaging
/// identified by a GTIN that is none of its key materials (kept as received, queryable).
/// </summary>
public sealed class DemoEpcis(AppDbContext db, EpcisCapture capture, ZoneClock clock)
{
    public async Task SeedAsync(CancellationToken ct)
    {
        foreach (var account in new[] { "enterprise1@demo.qz", "enterprise2@demo.qz" })
            if (await db.Users.Where(u => u.Email == account).Select(u => u.EnterpriseId).SingleOrDefaultAsync(ct) is { } id) await SeedAsync(id, ct);
    }

    private async Task SeedAsync(Guid id, CancellationToken ct)
    {
        var issuer = await db.Enterprises.Where(e => e.Id == id).Select(e => e.CreditCode).SingleAsync(ct);
        var batches = await db.ProductionBatches.AsNoTracking().Where(b => b.EnterpriseId == id).OrderByDescending(b => b.CompletedOn).ThenBy(b => b.BatchNumber)
            .Take(6).Select(b => new { b.BatchNumber, b.Quantity, b.CompletedOn }).ToListAsync(ct);
        if (batches.Count == 0) return;
        var events = new JsonArray();
        foreach (var (batch, i) in batches.Select((b, i) => (b, i)))
        {
            var at = clock.StartOf(batch.CompletedOn).AddHours(15).AddMinutes(10 * i);
            var local = clock.ToZoneTime(at);
            var pressure = 0.60m + i % 3 * 0.01m;
            events.Add(new JsonObject
            {
                ["type"] = "ObjectEvent", ["eventTime"] = local.ToString("yyyy-MM-dd'T'HH:mm:ss.fffzzz", CultureInfo.InvariantCulture),
                ["eventTimeZoneOffset"] = local.ToString("zzz", CultureInfo.InvariantCulture), ["action"] = "OBSERVE", ["bizStep"] = "inspecting", ["disposition"] = "conformant",
                ["readPoint"] = new JsonObject { ["id"] = $"urn:qz:{issuer}:equipment:QM-3" },
                ["quantityList"] = new JsonArray(new JsonObject { ["epcClass"] = EpcisIds.Batch(issuer, batch.BatchNumber), ["quantity"] = batch.Quantity }),
                ["sensorElementList"] = new JsonArray(new JsonObject
                {
                    ["sensorMetadata"] = new JsonObject { ["time"] = local.ToString("yyyy-MM-dd'T'HH:mm:ss.fffzzz", CultureInfo.InvariantCulture), ["deviceID"] = $"urn:qz:{issuer}:equipment:QM-3" },
                    ["sensorReport"] = new JsonArray(new JsonObject { ["type"] = "Pressure", ["value"] = pressure, ["uom"] = "MPA" }),
                }),
                ["qz:step"] = new JsonObject { ["name"] = "出厂气密性试验（MES）", ["kind"] = "Test", ["operator"] = "MES", ["equipment"] = "QM-3", ["result"] = $"{pressure:0.00} MPa 保压 60 s 无泄漏" },
            });
        }
        foreach (var days in new[] { 20, 5 })
        {
            var local = clock.ToZoneTime(clock.StartOf(clock.Today.AddDays(-days)).AddHours(9));
            events.Add(new JsonObject
            {
                ["type"] = "ObjectEvent", ["eventTime"] = local.ToString("yyyy-MM-dd'T'HH:mm:ss.fffzzz", CultureInfo.InvariantCulture),
                ["eventTimeZoneOffset"] = local.ToString("zzz", CultureInfo.InvariantCulture), ["action"] = "ADD", ["bizStep"] = "receiving", ["disposition"] = "in_progress",
                ["quantityList"] = new JsonArray(new JsonObject { ["epcClass"] = $"{EpcisIds.DigitalLinkHost}/01/06901234567892/10/CTN{local:yyMMdd}", ["quantity"] = 2000 }),
            });
        }
        var document = new JsonObject
        {
            ["@context"] = new JsonArray(EpcisValidator.ContextUri, new JsonObject { ["qz"] = EpcisMapping.ZoneContext }),
            ["type"] = "EPCISDocument", ["schemaVersion"] = "2.0", ["creationDate"] = clock.ToZoneTime(clock.StartOf(clock.Today)).ToString("yyyy-MM-dd'T'HH:mm:ss.fffzzz", CultureInfo.InvariantCulture),
            ["epcisBody"] = new JsonObject { ["eventList"] = events },
        };
        var job = await capture.CaptureAsync(DemoSeeder.EnterpriseStaff(id), id, document.ToJsonString(), xml: false, singleEvent: false, ct);
        if (!job.Success) throw new InvalidOperationException("The demo's EPCIS document was refused: " + job.Errors);
    }
}
