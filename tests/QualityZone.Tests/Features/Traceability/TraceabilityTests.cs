using System.Net;
using System.Globalization;
using System.Net.Http.Json;
using System.Security.Claims;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using QualityZone.Features.Traceability;
using QualityZone.Infrastructure.Auth;
using QualityZone.Infrastructure.Localization;
using QualityZone.Infrastructure.Web;
using Microsoft.Extensions.DependencyInjection;
using QualityZone.Tests.Infrastructure;

namespace QualityZone.Tests.Features.Traceability;

/// <summary>Suppliers, ledger checks, batches, shipments, traces and recall scopes through the API; on SQLite and PostgreSQL.</summary>
public abstract class TraceabilityTests<TFactory>(TFactory factory) where TFactory : AppFactory
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { Converters = { new System.Text.Json.Serialization.JsonStringEnumConverter() } };
    private static CancellationToken Ct => TestContext.Current.CancellationToken;
    private static readonly DateOnly Day = new(2026, 3, 2);

    /// <summary>A small cylinder maker: two approved suppliers, one outsider, three key materials, lots, a piston sub-assembly, two cylinder batches, two shipments.</summary>
    private async Task<(Guid Enterprise, HttpClient Erp, Dictionary<string, Guid> Ids)> ZoneWithStoryAsync(string name)
    {
        var story = await StoryAsync(name);
        return (story.Enterprise, story.Erp, story.Ids);
    }

    private async Task<(Guid Enterprise, HttpClient Erp, Dictionary<string, Guid> Ids, string Email)> StoryAsync(string name)
    {
        var enterprise = await factory.CreateEnterpriseAsync(name);
        var email = await factory.CreateUserAsync(Roles.EnterpriseUser, enterpriseId: enterprise);
        var erp = factory.CreateTokenClient(await factory.CreateTokenAsync(email));
        var ids = new Dictionary<string, Guid>();
        async Task<Guid> Created(HttpResponseMessage response)
        {
            Assert.True(response.StatusCode == HttpStatusCode.Created, await response.Content.ReadAsStringAsync(Ct));
            return (await response.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("id").GetGuid();
        }
        ids["tubes"] = await Created(await erp.PostAsJsonAsync("/api/suppliers", new { name = "宁波精密铝管有限公司", supplies = "缸筒", certificates = new[] { new { name = "ISO 9001", number = "Q-1", expiresOn = "2027-12-31" } } }, Ct));
        ids["seals"] = await Created(await erp.PostAsJsonAsync("/api/suppliers", new { name = "余姚密封件厂", supplies = "密封圈" }, Ct));
        ids["brass"] = await Created(await erp.PostAsJsonAsync("/api/suppliers", new { name = "某铜件贸易商", supplies = "铜阀体" }, Ct));
        await Created(await erp.PostAsJsonAsync("/api/materials", new { code = "TUBE63", name = "缸筒", spec = "6063-T5 Φ63", approvedSuppliers = new[] { ids["tubes"] } }, Ct));
        await Created(await erp.PostAsJsonAsync("/api/materials", new { code = "SEAL63", name = "活塞密封圈", spec = "NBR 70 Φ63", approvedSuppliers = new[] { ids["seals"] } }, Ct));
        await Created(await erp.PostAsJsonAsync("/api/materials", new { code = "BODY", name = "阀体", spec = "HPb59-1", approvedSuppliers = new[] { ids["tubes"] } }, Ct));

        var lots = await erp.PostAsJsonAsync("/api/material-lots", new
        {
            lots = new object[]
            {
                new { supplier = "宁波精密铝管有限公司", material = "TUBE63", lotNumber = "T-1", spec = "6063-T5  Φ63", quantity = 100, receivedOn = Day, dueOn = Day, inspection = "合格" },
                new { supplier = "余姚密封件厂", material = "SEAL63", lotNumber = "S-1", spec = "NBR 70 Φ63", quantity = 500, receivedOn = Day, inspection = "Pass" },
                new { supplier = "某铜件贸易商", material = "BODY", lotNumber = "B-1", spec = "HPb58-2", quantity = 50, receivedOn = Day, inspection = "合格" },
                new { supplier = "宁波精密铝管有限公司", material = "TUBE63", lotNumber = "T-2", spec = "6063-T5 Φ63", quantity = 100, receivedOn = Day, dueOn = Day.AddDays(-3), inspection = "不合格", inspectionReport = "壁厚超差" },
            },
        }, Ct);
        Assert.True(lots.StatusCode == HttpStatusCode.Created, await lots.Content.ReadAsStringAsync(Ct));

        var at = new DateTimeOffset(2026, 3, 10, 8, 0, 0, TimeSpan.FromHours(8));
        object Steps(string equipment) => new object[]
        {
            new { name = "装配", kind = "工序", at, @operator = "张工", equipment, result = "完成" },
            new { name = "气密性试验", kind = "试验", at = at.AddHours(2), @operator = "李工", equipment = "QM-3", result = "0.6MPa 无泄漏", passed = true },
        };
        var batches = await erp.PostAsJsonAsync("/api/batches", new
        {
            batches = new object[]
            {
                // The cylinder first, its piston sub-assembly after: the order inside one call does not matter.
                new { batchNumber = "CYL-1", productModel = "SC63x100", quantity = 10, startedOn = "2026-03-10", completedOn = "2026-03-11", serialFrom = "SC2603000001", serialTo = "SC2603000010",
                      finalInspection = "合格", steps = Steps("L1"), inputs = new object[] { new { lot = "T-1", quantity = 10 }, new { batch = "PIS-1", quantity = 10 } } },
                new { batchNumber = "PIS-1", productModel = "活塞组件63", quantity = 30, startedOn = "2026-03-09", completedOn = "2026-03-09", finalInspection = "合格",
                      steps = Steps("L2"), inputs = new object[] { new { lot = "S-1", supplier = "余姚密封件厂", quantity = 30 } } },
                new { batchNumber = "CYL-2", productModel = "SC63x100", quantity = 20, startedOn = "2026-03-12", completedOn = "2026-03-12", finalInspection = "合格",
                      steps = Steps("L1"), inputs = new object[] { new { lot = "T-1", quantity = 20 }, new { batch = "PIS-1", quantity = 20 } } },
                new { batchNumber = "VAL-1", productModel = "4V210", quantity = 50, startedOn = "2026-03-12", completedOn = "2026-03-13",
                      inputs = new object[] { new { lot = "B-1", quantity = 50 } } },
            },
        }, Ct);
        Assert.True(batches.StatusCode == HttpStatusCode.Created, await batches.Content.ReadAsStringAsync(Ct));
        var shipments = await erp.PostAsJsonAsync("/api/shipments", new
        {
            shipments = new object[]
            {
                new { declarationNumber = "310420260000000001", shippedOn = "2026-03-20", buyer = "Pneumatik Handel GmbH", country = "DE", lines = new[] { new { batch = "CYL-1", quantity = 10, valueUsd = 900, hsCode = "8412310000" } } },
                new { declarationNumber = "310420260000000002", shippedOn = "2026-04-02", buyer = "Air Tools Inc.", country = "us", lines = new[] { new { batch = "CYL-2", quantity = 15, valueUsd = 1300 } } },
                new { declarationNumber = "310420260000000003", shippedOn = "2026-04-05", buyer = "Valve Co.", country = "TR", lines = new[] { new { batch = "VAL-1", quantity = 50, valueUsd = 400 } } },
            },
        }, Ct);
        Assert.True(shipments.StatusCode == HttpStatusCode.Created, await shipments.Content.ReadAsStringAsync(Ct));
        await factory.WithDbAsync(async db =>
        {
            foreach (var s in await db.Shipments.Where(s => s.EnterpriseId == enterprise).ToListAsync(Ct)) ids[s.DeclarationNumber[^1..]] = s.Id;
            foreach (var l in await db.MaterialLots.Where(l => l.EnterpriseId == enterprise).ToListAsync(Ct)) ids[l.LotNumber] = l.Id;
            foreach (var b in await db.ProductionBatches.Where(b => b.EnterpriseId == enterprise).ToListAsync(Ct)) ids[b.BatchNumber] = b.Id;
        });
        return (enterprise, erp, ids, email);
    }

    [Fact]
    public async Task A_shipment_traces_back_to_every_step_lot_and_supplier_and_a_lot_forward_to_every_shipment()
    {
        factory.RequireDatabase();
        var (_, erp, ids) = await ZoneWithStoryAsync("奉化追溯测试气动有限公司");

        var back = await erp.GetFromJsonAsync<JsonElement>($"/api/trace/shipments/{ids["1"]}", Ct);
        var root = back.GetProperty("tree")[0];
        Assert.Equal("CYL-1", root.GetProperty("batch").GetProperty("batchNumber").GetString());
        Assert.Equal(2, root.GetProperty("steps").GetArrayLength());
        var inputs = root.GetProperty("inputs").EnumerateArray().ToList();
        Assert.Equal("T-1", inputs.Single(i => i.GetProperty("lot").ValueKind == JsonValueKind.Object).GetProperty("lot").GetProperty("lotNumber").GetString());
        var piston = inputs.Single(i => i.GetProperty("batch").ValueKind == JsonValueKind.Object).GetProperty("batch");
        Assert.Equal("PIS-1", piston.GetProperty("batch").GetProperty("batchNumber").GetString());
        Assert.Equal("余姚密封件厂", piston.GetProperty("inputs")[0].GetProperty("lot").GetProperty("supplier").GetString());
        Assert.Equal(2, back.GetProperty("depth").GetInt32());
        Assert.Equal(["T-1", "S-1"], back.GetProperty("lots").EnumerateArray().Select(l => l.GetProperty("lotNumber").GetString()).Order().Reverse());

        // Compared with an independent walk over the same tables.
        var expectedLots = await factory.WithDbAsync(async db =>
        {
            var batches = new HashSet<Guid> { ids["CYL-1"] };
            var frontier = batches.ToList();
            while (frontier.Count > 0)
            {
                frontier = await db.BatchComponents.Where(c => frontier.Contains(c.BatchId) && c.InputBatchId != null).Select(c => c.InputBatchId!.Value).ToListAsync(Ct);
                frontier = frontier.Where(batches.Add).ToList();
            }
            return await db.BatchComponents.Where(c => batches.Contains(c.BatchId) && c.MaterialLotId != null).Select(c => c.MaterialLotId!.Value).Distinct().ToListAsync(Ct);
        });
        Assert.Equal(expectedLots.Order(), back.GetProperty("lots").EnumerateArray().Select(l => l.GetProperty("id").GetGuid()).Order());

        // Forward from the seal lot: through the piston sub-assembly into both cylinder batches, to Germany and the US.
        var forward = await erp.GetFromJsonAsync<JsonElement>($"/api/trace/forward?lot={ids["S-1"]}", Ct);
        Assert.Equal(3, forward.GetProperty("batches").GetInt32());
        Assert.Equal(["DE", "US"], forward.GetProperty("shipments").EnumerateArray().Select(s => s.GetProperty("countryCode").GetString()).Order());
        // From the piston batch: itself and both cylinders, the same two shipments; from the tube maker (T-1 used, T-2
        // refused and never used): the two cylinders only; from the brass trader: the valve batch and its shipment.
        var fromBatch = await erp.GetFromJsonAsync<JsonElement>($"/api/trace/forward?batch={ids["PIS-1"]}", Ct);
        Assert.Equal(3, fromBatch.GetProperty("batches").GetInt32());
        Assert.Equal(["DE", "US"], fromBatch.GetProperty("shipments").EnumerateArray().Select(s => s.GetProperty("countryCode").GetString()).Order());
        var fromSupplier = await erp.GetFromJsonAsync<JsonElement>($"/api/trace/forward?supplier={ids["tubes"]}", Ct);
        Assert.Equal(2, fromSupplier.GetProperty("batches").GetInt32());
        Assert.Equal(["T-1", "T-2"], fromSupplier.GetProperty("branches").EnumerateArray().Select(b => b.GetProperty("lot").GetProperty("lotNumber").GetString()).Order());
        Assert.Equal(["DE", "US"], fromSupplier.GetProperty("shipments").EnumerateArray().Select(s => s.GetProperty("countryCode").GetString()).Order());
        var fromTrader = await erp.GetFromJsonAsync<JsonElement>($"/api/trace/forward?supplier={ids["brass"]}", Ct);
        Assert.Equal(1, fromTrader.GetProperty("batches").GetInt32());
        Assert.Single(fromTrader.GetProperty("shipments").EnumerateArray());

        // A serial number printed on a cylinder finds its batch.
        var hits = await erp.GetFromJsonAsync<JsonElement>("/api/trace/find?q=SC2603000007", Ct);
        Assert.Contains(hits.EnumerateArray(), h => h.GetProperty("kind").GetString() == "Serial" && h.GetProperty("number").GetString() == "CYL-1");
        // The beginning of a number finds every batch, lot and shipment starting with it.
        var prefix = await erp.GetFromJsonAsync<JsonElement>("/api/trace/find?q=CYL", Ct);
        Assert.Equal(["CYL-1", "CYL-2"], prefix.EnumerateArray().Where(h => h.GetProperty("kind").GetString() == "Batch").Select(h => h.GetProperty("number").GetString()).Order());
        var customs = factory.CreateTokenClient(await factory.CreateTokenAsync(await factory.CreateUserAsync(Roles.DepartmentStaff, "ciq")));
        Assert.Contains((await customs.GetFromJsonAsync<JsonElement>("/api/trace/find?q=3104202600000000", Ct)).EnumerateArray(), h => h.GetProperty("id").GetGuid() == ids["1"]);
    }

    /// <summary>Found by issue 21's link walk: a supplier none of whose lots has arrived yet was traced forward as a batch and failed.</summary>
    [Fact]
    public async Task Each_ingest_adds_what_it_consumes_and_ships_to_every_lot_and_batch_it_names()
    {
        factory.RequireDatabase();
        var (enterprise, erp, _) = await ZoneWithStoryAsync("奉化追溯用量累计测试有限公司");
        async Task<Dictionary<string, decimal>> UseAsync() => await factory.WithDbAsync(async db =>
            (await db.MaterialLots.Where(l => l.EnterpriseId == enterprise).Select(l => new { l.LotNumber, Used = l.ConsumedQuantity }).ToListAsync(Ct))
            .Concat(await db.ProductionBatches.Where(b => b.EnterpriseId == enterprise).Select(b => new { LotNumber = b.BatchNumber, Used = b.UsedQuantity }).ToListAsync(Ct))
            .ToDictionary(u => u.LotNumber, u => u.Used));
        // The story: T-1 into CYL-1 (10) and CYL-2 (20), S-1 into PIS-1 (30), PIS-1 into the cylinders (10 + 20), B-1 into VAL-1;
        // shipped CYL-1 10, CYL-2 15, VAL-1 50.
        var expected = new Dictionary<string, decimal> { ["T-1"] = 30, ["S-1"] = 30, ["B-1"] = 50, ["T-2"] = 0, ["PIS-1"] = 30, ["CYL-1"] = 10, ["CYL-2"] = 15, ["VAL-1"] = 50 };
        Assert.Equal(expected.OrderBy(e => e.Key), (await UseAsync()).OrderBy(e => e.Key));

        // A second ingest adds to what is there (several lots and batches in one call), and a later shipment to the batches.
        var more = await erp.PostAsJsonAsync("/api/batches", new
        {
            batches = new object[]
            {
                new { batchNumber = "CYL-3", productModel = "SC63x100", quantity = 5, startedOn = "2026-03-14", completedOn = "2026-03-14", inputs = new object[] { new { lot = "T-1", quantity = 5 }, new { lot = "S-1", supplier = "余姚密封件厂", quantity = 7.5 } } },
                new { batchNumber = "CYL-4", productModel = "SC63x100", quantity = 4, startedOn = "2026-03-14", completedOn = "2026-03-14", inputs = new object[] { new { lot = "T-1", quantity = 4 }, new { batch = "CYL-3", quantity = 1 } } },
            },
        }, Ct);
        Assert.True(more.StatusCode == HttpStatusCode.Created, await more.Content.ReadAsStringAsync(Ct));
        var shipped = await erp.PostAsJsonAsync("/api/shipments", new
        {
            shipments = new[] { new { declarationNumber = "310420260000000009", shippedOn = "2026-04-10", buyer = "Air Tools Inc.", country = "US", lines = new[] { new { batch = "CYL-2", quantity = 5 }, new { batch = "CYL-4", quantity = 4 } } } },
        }, Ct);
        Assert.True(shipped.StatusCode == HttpStatusCode.Created, await shipped.Content.ReadAsStringAsync(Ct));
        expected["T-1"] += 9;
        expected["S-1"] += 7.5m;
        expected["CYL-3"] = 1;
        expected["CYL-2"] += 5;
        expected["CYL-4"] = 4;
        Assert.Equal(expected.OrderBy(e => e.Key), (await UseAsync()).OrderBy(e => e.Key));
    }

    /// <summary>
    /// Senders that post the same new batch at once: each ingest reads the known numbers before its transaction, so
    /// all may find the number free, and the database's unique index refuses the later ones. That refusal is the
    /// client's conflict (409, retry), never a server error, and the batch and its use of the lot are kept once.
    /// </summary>
    [Fact]
    public async Task The_same_new_batch_sent_by_several_senders_at_once_is_kept_once_and_the_others_are_told_it_conflicts()
    {
        factory.RequireDatabase();
        var (enterprise, erp, _) = await ZoneWithStoryAsync("奉化追溯并发提交测试有限公司");
        var usedBefore = await factory.WithDbAsync(db => db.MaterialLots.Where(l => l.EnterpriseId == enterprise && l.LotNumber == "T-1").Select(l => l.ConsumedQuantity).SingleAsync(Ct));
        // Enough batches that the requests' writes overlap on two cores (a single batch is written before the next request reads).
        var batches = Enumerable.Range(1, 400).Select(n => new
        {
            batchNumber = $"RACE-{n:D4}", productModel = "SC63x100", quantity = 1, startedOn = "2026-03-14", completedOn = "2026-03-14",
            inputs = new object[] { new { lot = "T-1", quantity = 0.01m } },
        }).ToArray();
        var responses = await Task.WhenAll(Enumerable.Range(0, 6).Select(_ => erp.PostAsJsonAsync("/api/batches", new { batches }, Ct)));
        var answers = new List<string>();
        foreach (var response in responses) answers.Add($"{(int)response.StatusCode} {await response.Content.ReadAsStringAsync(Ct)}");
        Assert.All(responses, r => Assert.True(r.StatusCode is HttpStatusCode.Created or HttpStatusCode.Conflict, string.Join("\n", answers)));
        Assert.Single(responses, r => r.StatusCode == HttpStatusCode.Created);
        Assert.All(answers.Where(a => a.StartsWith("409", StringComparison.Ordinal)), a => Assert.True(a.Contains("已登记") || a.Contains("已存在"), a));
        Assert.Equal(400, await factory.WithDbAsync(db => db.ProductionBatches.CountAsync(b => b.EnterpriseId == enterprise && b.BatchNumber.StartsWith("RACE-"), Ct)));
        Assert.Equal(usedBefore + 4, await factory.WithDbAsync(db => db.MaterialLots.Where(l => l.EnterpriseId == enterprise && l.LotNumber == "T-1").Select(l => l.ConsumedQuantity).SingleAsync(Ct)));
    }

    [Fact]
    public async Task A_supplier_without_lots_traces_forward_to_nothing_and_the_page_names_it()
    {
        factory.RequireDatabase();
        var (enterprise, erp, _, email) = await StoryAsync("奉化无到货供应商测试气动有限公司");
        var response = await erp.PostAsJsonAsync("/api/suppliers", new { name = "尚未到货的阀芯供应商", supplies = "阀芯" }, Ct);
        var supplier = (await response.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("id").GetGuid();
        var page = await (await factory.SignInAsync(email)).GetAsync($"/trace/forward?supplier={supplier}", Ct);
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Contains("尚未到货的阀芯供应商", await page.Content.ReadAsStringAsync(Ct));
        Assert.NotEqual(Guid.Empty, enterprise);
    }

    [Fact]
    public async Task A_recall_for_a_model_country_and_period_finds_the_lots_and_every_other_shipment_sharing_them()
    {
        factory.RequireDatabase();
        var (enterprise, erp, ids) = await ZoneWithStoryAsync("奉化召回测试气动有限公司");
        var response = await erp.PostAsJsonAsync("/api/trace/recall", new { model = "SC63x100", country = "DE", from = "2026-01-01", to = "2026-03-31" }, Ct);
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync(Ct));
        var scope = await response.Content.ReadFromJsonAsync<JsonElement>(Ct);
        Assert.Equal(ids["1"], scope.GetProperty("candidates").EnumerateArray().Single().GetProperty("shipmentId").GetGuid());
        Assert.Equal(["S-1", "T-1"], scope.GetProperty("suspectLots").EnumerateArray().Select(l => l.GetProperty("lot").GetProperty("lotNumber").GetString()).Order());
        Assert.Equal(ids["2"], scope.GetProperty("otherShipments").EnumerateArray().Single().GetProperty("shipmentId").GetGuid());

        // Narrowed to the tube lot only, the US shipment is still reached (CYL-2 used T-1).
        var narrowed = await (await erp.PostAsJsonAsync("/api/trace/recall", new { model = "SC63x100", country = "DE", from = "2026-01-01", to = "2026-03-31", lots = new[] { ids["T-1"] } }, Ct))
            .Content.ReadFromJsonAsync<JsonElement>(Ct);
        Assert.Single(narrowed.GetProperty("otherShipments").EnumerateArray());

        // Bad notice: 400 with the fields.
        var bad = await erp.PostAsJsonAsync("/api/trace/recall", new { model = "", country = "XX", from = "2026-05-01", to = "2026-01-01" }, Ct);
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);

        // Another enterprise sees nothing of it, and cannot trace it.
        var otherEnterprise = await factory.CreateEnterpriseAsync("奉化召回测试旁观企业");
        var other = factory.CreateTokenClient(await factory.CreateTokenAsync(await factory.CreateUserAsync(Roles.EnterpriseUser, enterpriseId: otherEnterprise)));
        var theirs = await (await other.PostAsJsonAsync("/api/trace/recall", new { model = "SC63x100", country = "DE", from = "2026-01-01", to = "2026-03-31", enterpriseId = enterprise }, Ct))
            .Content.ReadFromJsonAsync<JsonElement>(Ct);
        Assert.Empty(theirs.GetProperty("candidates").EnumerateArray());
        Assert.Equal(HttpStatusCode.NotFound, (await other.GetAsync($"/api/trace/shipments/{ids["1"]}", Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await other.GetAsync($"/api/trace/batches/{ids["CYL-1"]}", Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await other.GetAsync($"/api/trace/forward?lot={ids["S-1"]}", Ct)).StatusCode);
        Assert.Empty((await other.GetFromJsonAsync<JsonElement>("/api/trace/find?q=CYL", Ct)).EnumerateArray());
        Assert.Equal(0, (await other.GetFromJsonAsync<JsonElement>("/api/material-lots", Ct)).GetProperty("total").GetInt32());
        Assert.Empty((await other.GetFromJsonAsync<JsonElement>("/api/suppliers", Ct)).GetProperty("items").EnumerateArray());
        Assert.Equal(0, (await other.GetFromJsonAsync<JsonElement>($"/api/batches?enterpriseId={enterprise}", Ct)).GetProperty("total").GetInt32());
        // Its own batch cannot consume the first enterprise's lot: to it, the lot does not exist.
        var stolen = await other.PostAsJsonAsync("/api/batches", new { batches = new[] { new { batchNumber = "X-1", productModel = "X", quantity = 1, startedOn = "2026-03-01", completedOn = "2026-03-01",
            inputs = new[] { new { lot = "T-1", quantity = 1 } } } } }, Ct);
        Assert.Equal(HttpStatusCode.BadRequest, stolen.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await other.PostAsJsonAsync("/api/shipments", new { enterpriseId = enterprise, shipments = new[] { new { declarationNumber = "1" } } }, Ct)).StatusCode);

        // Customs/inspection traces any enterprise.
        var customs = factory.CreateTokenClient(await factory.CreateTokenAsync(await factory.CreateUserAsync(Roles.DepartmentStaff, "ciq")));
        Assert.Equal(HttpStatusCode.OK, (await customs.GetAsync($"/api/trace/shipments/{ids["1"]}", Ct)).StatusCode);
    }

    [Fact]
    public async Task A_foreign_recall_naming_the_enterprise_opens_an_action_and_a_trace_request_with_its_scope()
    {
        factory.RequireDatabase();
        var unique = Random.Shared.Next(10000, 99999);
        var (enterprise, erp, _, email) = await StoryAsync($"奉化召回点名测试气动有限公司{unique}");
        // A second enterprise is named too, but keeps no batch records: an action, no trace request.
        var untraced = await factory.CreateEnterpriseAsync($"奉化召回点名无追溯企业{unique}");
        await factory.WithDbAsync(async db =>
        {
            (await db.Enterprises.SingleAsync(e => e.Id == enterprise, Ct)).NameEn = $"Recallnamed{unique} Pneumatic Co., Ltd.";
            (await db.Enterprises.SingleAsync(e => e.Id == untraced, Ct)).NameEn = $"Untraced{unique} Automation Co., Ltd.";
            await db.SaveChangesAsync(Ct);
        });
        // A Safety Gate alert (the XML export's fields, domain-facts.md) from Germany naming both, on the model SC63x100.
        var xml = $"""
            <?xml version="1.0" encoding="UTF-8"?>
            <alerts><alert><reference>A12/{unique}/26</reference><publicationDate>2026-06-30</publicationDate><notifyingCountry>Germany</notifyingCountry>
            <product><name>Pneumatic cylinder SC63x100</name><brand>Recallnamed{unique} Pneumatic Co., Ltd. / Untraced{unique} Automation Co., Ltd.</brand><category>Machinery</category><type>SC63x100</type></product>
            <riskType>Injuries</riskType><technicalDefect>The piston seal can fail and the rod leave the cylinder.</technicalDefect><measures>Recall of the product from end users</measures>
            <countryOfOrigin>China</countryOfOrigin></alert></alerts>
            """;
        var association = factory.CreateTokenClient(await factory.CreateTokenAsync(await factory.CreateUserAsync(Roles.AssociationStaff, "association")));
        for (var i = 0; i < 2; i++)
        {
            var import = await association.PostAsync("/api/notices/import", new ByteArrayContent(System.Text.Encoding.UTF8.GetBytes(xml)), Ct);
            Assert.True(import.IsSuccessStatusCode, await import.Content.ReadAsStringAsync(Ct));
        }

        // Imported twice, one action each and one trace request: the German shipment of CYL-1, its lots T-1 and S-1, and the US shipment sharing them.
        var (actions, requests) = await factory.WithDbAsync(async db => (
            await db.CorrectiveActions.Where(a => a.SourceReference == $"A12/{unique}/26").ToListAsync(Ct),
            await db.TraceRequests.Where(r => r.Reference == $"A12/{unique}/26").ToListAsync(Ct)));
        Assert.Equal(new[] { enterprise, untraced }.Order(), actions.Select(a => a.EnterpriseId!.Value).Order());
        var request = Assert.Single(requests);
        Assert.Equal((enterprise, "SC63x100", "DE", new DateOnly(2023, 6, 30), new DateOnly(2026, 6, 30)), (request.EnterpriseId, request.Model, request.Country, request.From, request.To));
        Assert.Equal((1, 2, 1), (request.CandidateShipments!.Value, request.SuspectLots!.Value, request.OtherShipments!.Value));
        Assert.Equal(actions.Single(a => a.EnterpriseId == enterprise).Id, request.ActionId);

        // Notified by France, where the enterprise shipped no SC63x100: the EU-wide alert is pre-computed for Germany, where it did.
        var french = xml.Replace($"A12/{unique}/26", $"A12/{unique}/27").Replace("<notifyingCountry>Germany", "<notifyingCountry>France")
            .Replace($" / Untraced{unique} Automation Co., Ltd.", "");
        Assert.True((await association.PostAsync("/api/notices/import", new ByteArrayContent(System.Text.Encoding.UTF8.GetBytes(french)), Ct)).IsSuccessStatusCode);
        var fromFrance = await factory.WithDbAsync(db => db.TraceRequests.SingleAsync(r => r.Reference == $"A12/{unique}/27", Ct));
        Assert.Equal(("DE", 1), (fromFrance.Country, fromFrance.CandidateShipments!.Value));

        // The enterprise sees it on the action and on /trace, and the scope link opens the analysis it describes.
        var company = await factory.SignInAsync(email);
        var actionPage = await AppFactory.GetDocumentAsync(company, $"/actions/{request.ActionId}");
        var card = actionPage.QuerySelector("[data-testid=trace-request]")!;
        Assert.Contains("SC63x100", card.TextContent);
        var scopeLink = card.QuerySelector("a.btn-danger")!.GetAttribute("href")!;
        var scope = await AppFactory.GetDocumentAsync(company, scopeLink);
        Assert.Contains("310420260000000001", scope.QuerySelector("main")!.TextContent);
        Assert.NotNull((await AppFactory.GetDocumentAsync(company, "/trace")).QuerySelector("[data-testid=open-trace-requests]"));

        // Another enterprise neither lists nor opens nor concludes it.
        var other = factory.CreateTokenClient(await factory.CreateTokenAsync(await factory.CreateUserAsync(Roles.EnterpriseUser, enterpriseId: untraced)));
        Assert.DoesNotContain((await other.GetFromJsonAsync<JsonElement>("/api/trace-requests", Ct)).GetProperty("items").EnumerateArray(), r => r.GetProperty("id").GetGuid() == request.Id);
        Assert.Equal(HttpStatusCode.NotFound, (await other.GetAsync($"/api/trace-requests/{request.Id}", Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await other.PostAsJsonAsync($"/api/trace-requests/{request.Id}/conclusion", new { conclusion = "不是我们的" }, Ct)).StatusCode);
        Assert.Empty((await AppFactory.GetDocumentAsync(await factory.SignInAsync(await factory.CreateUserAsync(Roles.EnterpriseUser, enterpriseId: untraced)), "/trace/requests?all=true"))
            .QuerySelectorAll("[data-testid=trace-request]"));

        // The enterprise concludes: an empty conclusion is refused, a second one conflicts.
        Assert.Equal(HttpStatusCode.BadRequest, (await erp.PostAsJsonAsync($"/api/trace-requests/{request.Id}/conclusion", new { conclusion = " " }, Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await erp.PostAsJsonAsync($"/api/trace-requests/{request.Id}/conclusion", new { conclusion = "涉及德国 1 票、美国 1 票；密封圈批 S-1 已隔离，已通知客户。" }, Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, (await erp.PostAsJsonAsync($"/api/trace-requests/{request.Id}/conclusion", new { conclusion = "again" }, Ct)).StatusCode);
        var concluded = await erp.GetFromJsonAsync<JsonElement>($"/api/trace-requests/{request.Id}", Ct);
        Assert.Equal(("Concluded", "涉及德国 1 票、美国 1 票；密封圈批 S-1 已隔离，已通知客户。"), (concluded.GetProperty("state").GetString(), concluded.GetProperty("conclusion").GetString()));
        Assert.Equal([fromFrance.Id], (await erp.GetFromJsonAsync<JsonElement>("/api/trace-requests?open=true", Ct)).GetProperty("items").EnumerateArray().Select(r => r.GetProperty("id").GetGuid()));
    }

    [Fact]
    public async Task The_ledger_flags_an_unapproved_supplier_an_other_spec_and_a_failed_lot_in_use()
    {
        factory.RequireDatabase();
        var (enterprise, erp, ids) = await ZoneWithStoryAsync("奉化台帐核查测试有限公司");
        var flagged = await erp.GetFromJsonAsync<JsonElement>("/api/material-lots?flagged=true", Ct);
        var lots = flagged.GetProperty("items").EnumerateArray().ToDictionary(l => l.GetProperty("lotNumber").GetString()!, l => l.GetProperty("flags").EnumerateArray().Select(f => f.GetString()).ToList());
        Assert.Equal(["B-1"], lots.Keys.ToList());
        Assert.Contains("非该物料的合格供方", lots["B-1"]);
        Assert.Contains("规格与批准规格不符", lots["B-1"]);

        // The supplier is disqualified; the tube lot that failed inspection is consumed anyway — both flagged.
        Assert.Equal(HttpStatusCode.BadRequest, (await erp.PostAsJsonAsync($"/api/suppliers/{ids["seals"]}/status", new { status = "Disqualified" }, Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await erp.PostAsJsonAsync($"/api/suppliers/{ids["seals"]}/status", new { status = "Disqualified", reason = "连续两批泄漏" }, Ct)).StatusCode);
        var used = await erp.PostAsJsonAsync("/api/batches", new { batches = new[] { new { batchNumber = "CYL-3", productModel = "SC63x100", quantity = 5, startedOn = "2026-03-14", completedOn = "2026-03-14",
            inputs = new[] { new { lot = "T-2", quantity = 5 } } } } }, Ct);
        Assert.Equal(HttpStatusCode.Created, used.StatusCode);
        flagged = await erp.GetFromJsonAsync<JsonElement>("/api/material-lots?flagged=true", Ct);
        Assert.Equal(["B-1", "S-1", "T-2"], flagged.GetProperty("items").EnumerateArray().Select(l => l.GetProperty("lotNumber").GetString()).Order());

        // The tube supplier's scorecard: 1 of 2 lots rejected, 1 of 2 on time, valid certificate, audit 80.
        var evaluation = await (await erp.PostAsJsonAsync($"/api/suppliers/{ids["tubes"]}/evaluations", new { from = "2026-01-01", to = "2026-06-30", auditScore = 80 }, Ct))
            .Content.ReadFromJsonAsync<JsonElement>(Ct);
        Assert.Equal(2, evaluation.GetProperty("lotsReceived").GetInt32());
        Assert.Equal(50m, evaluation.GetProperty("qualityScore").GetDecimal());
        Assert.Equal(50m, evaluation.GetProperty("deliveryScore").GetDecimal());
        Assert.Equal(100m, evaluation.GetProperty("certificateScore").GetDecimal());
        // 50×0.40 + 50×0.20 + 100×0.15 + 80×0.25 = 65 → C.
        Assert.Equal(65m, evaluation.GetProperty("score").GetDecimal());
        Assert.Equal("C", evaluation.GetProperty("grade").GetString());
        Assert.Equal("C", await factory.WithDbAsync(db => db.Suppliers.Where(s => s.Id == ids["tubes"]).Select(s => s.Grade).SingleAsync(Ct)));
        _ = enterprise;
    }

    [Fact]
    public async Task Bad_trace_data_is_refused_by_record_and_field_and_nothing_is_saved()
    {
        factory.RequireDatabase();
        var (enterprise, erp, _) = await ZoneWithStoryAsync("奉化追溯坏数据测试有限公司");
        async Task<int> RowsAsync() => await factory.WithDbAsync(async db =>
            await db.ProductionBatches.CountAsync(b => b.EnterpriseId == enterprise, Ct) + await db.Shipments.CountAsync(s => s.EnterpriseId == enterprise, Ct)
            + await db.MaterialLots.CountAsync(l => l.EnterpriseId == enterprise, Ct));
        var before = await RowsAsync();
        var consumedBefore = await factory.WithDbAsync(db => db.MaterialLots.Where(l => l.EnterpriseId == enterprise && l.LotNumber == "T-1").Select(l => l.ConsumedQuantity).SingleAsync(Ct));

        async Task<JsonElement> ErrorsAsync(HttpResponseMessage response, HttpStatusCode expected)
        {
            Assert.True(response.StatusCode == expected, await response.Content.ReadAsStringAsync(Ct));
            return (await response.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("errors");
        }
        var batchErrors = await ErrorsAsync(await erp.PostAsJsonAsync("/api/batches", new
        {
            batches = new object[]
            {
                new { batchNumber = "OK-1", productModel = "SC63x100", quantity = 1, startedOn = "2026-03-01", completedOn = "2026-03-01", inputs = new[] { new { lot = "T-1", quantity = 1 } } },
                new { batchNumber = "BAD-1", productModel = "SC63x100", quantity = 1, startedOn = "2026-03-05", completedOn = "2026-03-01",
                      inputs = new object[] { new { lot = "NO-SUCH-LOT", quantity = 1 }, new { lot = "T-1", quantity = 1000 } } },
                new { batchNumber = "LOOP-A", productModel = "X", quantity = 1, startedOn = "2026-03-01", completedOn = "2026-03-01", inputs = new[] { new { batch = "LOOP-B", quantity = 1 } } },
                new { batchNumber = "LOOP-B", productModel = "X", quantity = 1, startedOn = "2026-03-01", completedOn = "2026-03-01", inputs = new[] { new { batch = "LOOP-A", quantity = 1 } } },
            },
        }, Ct), HttpStatusCode.BadRequest);
        Assert.True(batchErrors.TryGetProperty("[1].CompletedOn", out _), batchErrors.ToString());
        Assert.True(batchErrors.TryGetProperty("[1].Inputs[0].Lot", out _), batchErrors.ToString());
        Assert.True(batchErrors.TryGetProperty("[1].Inputs[1].Quantity", out _), batchErrors.ToString());
        Assert.Contains("循环", batchErrors.ToString());

        // A duplicate batch number of a saved batch is a conflict; a lot number the supplier already delivered too.
        await ErrorsAsync(await erp.PostAsJsonAsync("/api/batches", new { batches = new[] { new { batchNumber = "CYL-1", productModel = "SC63x100", quantity = 1, startedOn = "2026-03-01", completedOn = "2026-03-01" } } }, Ct),
            HttpStatusCode.Conflict);
        await ErrorsAsync(await erp.PostAsJsonAsync("/api/material-lots", new { lots = new[] { new { supplier = "余姚密封件厂", material = "SEAL63", lotNumber = "S-1", spec = "NBR 70 Φ63", quantity = 1, receivedOn = Day } } }, Ct),
            HttpStatusCode.Conflict);
        var lotErrors = await ErrorsAsync(await erp.PostAsJsonAsync("/api/material-lots", new { lots = new object[] { new { supplier = "不存在的供应商", material = "NOPE", quantity = 0 } } }, Ct), HttpStatusCode.BadRequest);
        foreach (var field in new[] { "[0].Supplier", "[0].Material", "[0].LotNumber", "[0].Spec", "[0].Quantity", "[0].ReceivedOn" })
            Assert.True(lotErrors.TryGetProperty(field, out _), $"{field}: {lotErrors}");

        // A shipment of a batch that does not exist, more than a batch holds, before the batch was made, to China.
        var shipmentErrors = await ErrorsAsync(await erp.PostAsJsonAsync("/api/shipments", new
        {
            shipments = new object[]
            {
                new { declarationNumber = "S-9", shippedOn = "2026-03-01", buyer = "B", country = "CN", lines = new object[] { new { batch = "NOPE", quantity = 1 }, new { batch = "CYL-2", quantity = 6 } } },
            },
        }, Ct), HttpStatusCode.BadRequest);
        foreach (var field in new[] { "[0].Country", "[0].Lines[0].Batch", "[0].Lines[1].Batch", "[0].Lines[1].Quantity" })
            Assert.True(shipmentErrors.TryGetProperty(field, out _), $"{field}: {shipmentErrors}");

        Assert.Equal(before, await RowsAsync());
        Assert.Equal(consumedBefore, await factory.WithDbAsync(db => db.MaterialLots.Where(l => l.EnterpriseId == enterprise && l.LotNumber == "T-1").Select(l => l.ConsumedQuantity).SingleAsync(Ct)));
    }

    /// <summary>Legacy data written past the ingest: the piston assembly made of the cylinder that contains it.</summary>
    private Task AddCycleAsync(Dictionary<string, Guid> ids) => factory.WithDbAsync(async db =>
    {
        db.BatchComponents.Add(new BatchComponent { BatchId = ids["PIS-1"], InputBatchId = ids["CYL-1"], Quantity = 1 });
        await db.SaveChangesAsync(Ct);
    });

    [Fact]
    public async Task A_trace_over_bad_data_reports_the_cycle_and_the_gaps_instead_of_looping()
    {
        factory.RequireDatabase();
        var (enterprise, erp, ids) = await ZoneWithStoryAsync("奉化追溯循环数据测试有限公司");
        await AddCycleAsync(ids);
        var back = await erp.GetFromJsonAsync<JsonElement>($"/api/trace/shipments/{ids["1"]}", Ct);
        var gaps = back.GetProperty("gaps").EnumerateArray().Select(g => g.GetString()!).ToList();
        Assert.Contains(gaps, g => g.Contains("循环") && g.Contains("CYL-1 → PIS-1 → CYL-1"));
        var forward = await erp.GetFromJsonAsync<JsonElement>($"/api/trace/forward?lot={ids["T-1"]}", Ct);
        Assert.Equal(3, forward.GetProperty("batches").GetInt32());
        // VAL-1 has no process record and no final inspection: the gaps say so.
        var valve = await erp.GetFromJsonAsync<JsonElement>($"/api/trace/batches/{ids["VAL-1"]}", Ct);
        Assert.Contains(valve.GetProperty("gaps").EnumerateArray(), g => g.GetString()!.Contains("没有工序与检验记录"));
        _ = enterprise;
    }

    /// <summary>
    /// The trace answers are written by generated code (TraceJson, issue 22); the API's contract is what its reflection-based
    /// writer writes (camelCase, enums by name, Chinese as text, nulls written): the same bytes, for every kind of node.
    /// </summary>
    [Fact]
    public async Task A_traces_json_written_by_generated_code_is_byte_for_byte_what_the_apis_writer_writes()
    {
        factory.RequireDatabase();
        var (_, erp, ids) = await ZoneWithStoryAsync("奉化追溯应答格式测试有限公司");
        // A cycle so that a node's Cycle field is written too; VAL-1 has no steps and no inspection (gaps).
        await AddCycleAsync(ids);
        var options = ApiJson.Configure(new JsonSerializerOptions(JsonSerializerDefaults.Web));
        // Computed here in the API's default culture (lots are ordered by supplier name, which sorts by culture).
        (CultureInfo.CurrentCulture, CultureInfo.CurrentUICulture) = (Text.Chinese, Text.Chinese);
        var office = new ClaimsPrincipal(new ClaimsIdentity([new Claim(ClaimTypes.Role, Roles.ZoneAdmin)], "test"));
        await using var scope = factory.Services.CreateAsyncScope();
        var queries = scope.ServiceProvider.GetRequiredService<TraceQueries>();
        var answers = new (string Path, Func<Task<object>> Expected)[]
        {
            ($"/api/trace/shipments/{ids["1"]}", async () => TraceabilityApi.Answer((await queries.BackwardFromShipmentAsync(office, ids["1"], Ct))!)),
            ($"/api/trace/batches/{ids["VAL-1"]}", async () => TraceabilityApi.Answer((await queries.BackwardFromBatchAsync(office, ids["VAL-1"], Ct))!)),
            ($"/api/trace/forward?lot={ids["T-1"]}", async () => TraceabilityApi.ForwardAnswer((await queries.ForwardAsync(office, ids["T-1"], null, null, Ct))!)),
            ($"/api/trace/forward?supplier={ids["tubes"]}", async () => TraceabilityApi.ForwardAnswer((await queries.ForwardAsync(office, null, ids["tubes"], null, Ct))!)),
        };
        foreach (var (path, expected) in answers)
        {
            using var response = await erp.GetAsync(path, Ct);
            Assert.Equal("application/json; charset=utf-8", response.Content.Headers.ContentType?.ToString());
            var body = await response.Content.ReadAsStringAsync(Ct);
            var answer = await expected();
            var written = JsonSerializer.Serialize(answer, answer.GetType(), options);
            Assert.True(written == body, $"{path}:\n{written}\n{body}");
        }
        var back = await erp.GetStringAsync($"/api/trace/shipments/{ids["1"]}", Ct);
        Assert.Contains("\"supplier\":\"余姚密封件厂\"", back);
        Assert.Contains("\"finalInspection\":\"Pass\"", back);
        Assert.Contains("\"cycle\":\"CYL-1\"", back);
    }

    [Fact]
    public async Task The_pages_walk_a_complaint_from_a_serial_number_to_the_suppliers_and_export_reports_that_open()
    {
        factory.RequireDatabase();
        var (enterprise, _, ids, email) = await StoryAsync("奉化追溯页面测试气动有限公司");
        var company = await factory.SignInAsync(email);

        // One exact hit opens its trace at once.
        var search = await company.GetAsync("/trace?q=SC2603000003", Ct);
        Assert.Equal(HttpStatusCode.Redirect, search.StatusCode);
        Assert.Equal($"/trace/backward?batch={ids["CYL-1"]}", search.Headers.Location!.OriginalString);
        var probe = await company.GetAsync($"/trace/backward?shipment={ids["1"]}", Ct);
        Assert.True(probe.StatusCode == HttpStatusCode.OK, probe.Headers.Location?.ToString());
        var tree = await AppFactory.GetDocumentAsync(company, $"/trace/backward?shipment={ids["1"]}");
        var text = tree.QuerySelector("[data-testid=trace-tree]")!.TextContent;
        foreach (var expected in new[] { "CYL-1", "PIS-1", "T-1", "S-1", "余姚密封件厂", "宁波精密铝管有限公司", "气密性试验", "张工" }) Assert.Contains(expected, text);
        var docx = await company.GetByteArrayAsync($"/trace/backward?handler=Docx&shipment={ids["1"]}", Ct);
        await LibreOffice.AssertOpensAsync(docx, ".docx");
        var xlsx = await company.GetByteArrayAsync($"/trace/backward?handler=Xlsx&shipment={ids["1"]}", Ct);
        await LibreOffice.AssertOpensAsync(xlsx, ".xlsx");

        var forward = await AppFactory.GetDocumentAsync(company, $"/trace/forward?lot={ids["S-1"]}");
        Assert.Equal(2, forward.QuerySelectorAll("[data-testid=forward-shipments] tbody tr:not(.table-light)").Length);

        var recall = $"/trace/recall?model=SC63x100&country=DE&from=2026-01-01&to=2026-03-31";
        var scope = await AppFactory.GetDocumentAsync(company, recall);
        Assert.Equal(2, scope.QuerySelectorAll("[data-testid=recall-lots] tbody tr").Length);
        // A page number past the end or below the first (an old link, a typed URL) shows the nearest page, not an empty list or an error.
        foreach (var paging in new[] { "&lotpage=999&shippage=999", "&lotpage=-3&shippage=0", "&lotpage=x" })
        {
            var clamped = await AppFactory.GetDocumentAsync(company, recall + paging);
            Assert.Equal(2, clamped.QuerySelectorAll("[data-testid=recall-lots] tbody tr").Length);
        }
        await LibreOffice.AssertOpensAsync(await company.GetByteArrayAsync(recall + "&handler=Docx", Ct), ".docx");
        await LibreOffice.AssertOpensAsync(await company.GetByteArrayAsync(recall + "&handler=Xlsx", Ct), ".xlsx");

        // The ledger's lots to act on, a disposition, and the lot leaves the list.
        Assert.Contains("1", (await AppFactory.GetDocumentAsync(company, "/")).QuerySelector("[data-testid=flagged-lots]")!.TextContent);
        var ledger = await AppFactory.GetDocumentAsync(company, "/trace/ledger?flagged=true");
        Assert.Single(ledger.QuerySelectorAll("[data-testid=ledger] tbody tr"));
        var lotPage = $"/trace/ledger/{ids["B-1"]}";
        var revision = await factory.WithDbAsync(db => db.MaterialLots.Where(l => l.Id == ids["B-1"]).Select(l => l.Revision).SingleAsync(Ct));
        Assert.Equal(HttpStatusCode.Redirect, (await AppFactory.PostFormAsync(company, lotPage, new() { ["disposition"] = "已隔离，退回供应商", ["revision"] = revision.ToString() }, lotPage, "Dispose")).StatusCode);
        Assert.Contains("没有物料批", (await AppFactory.GetDocumentAsync(company, "/trace/ledger?flagged=true")).QuerySelector("[data-testid=ledger]")!.TextContent);
        Assert.Null((await AppFactory.GetDocumentAsync(company, "/")).QuerySelector("[data-testid=flagged-lots]"));

        foreach (var page in new[] { "/trace", "/trace/suppliers", $"/trace/suppliers/{ids["tubes"]}", "/trace/materials", "/trace/ledger", "/trace/batches", "/trace/shipments",
                     "/trace/batches/new", "/trace/shipments/new", "/trace/suppliers/edit", "/trace/import?kind=Batches" })
            Assert.True((await company.GetAsync(page, Ct)).StatusCode == HttpStatusCode.OK, page);

        // Another enterprise reaches none of it.
        var otherEnterprise = await factory.CreateEnterpriseAsync("奉化追溯页面旁观企业");
        var other = await factory.SignInAsNewUserAsync(Roles.EnterpriseUser, enterpriseId: otherEnterprise);
        foreach (var page in new[] { $"/trace/backward?shipment={ids["1"]}", $"/trace/backward?batch={ids["CYL-1"]}", $"/trace/forward?lot={ids["S-1"]}", $"/trace/forward?supplier={ids["seals"]}",
                     $"/trace/suppliers/{ids["tubes"]}", $"/trace/ledger/{ids["B-1"]}", $"/trace/backward?handler=Docx&shipment={ids["1"]}" })
            Assert.Equal(HttpStatusCode.NotFound, (await other.GetAsync(page, Ct)).StatusCode);
        Assert.DoesNotContain("CYL-1", await other.GetStringAsync($"/trace/batches?enterprise={enterprise}", Ct));
        Assert.DoesNotContain("T-1", await other.GetStringAsync($"/trace/ledger?enterprise={enterprise}", Ct));
        Assert.DoesNotContain("宁波精密铝管", await other.GetStringAsync($"/trace/suppliers?enterprise={enterprise}", Ct));
        Assert.Empty((await AppFactory.GetDocumentAsync(other, $"{recall}&enterprise={enterprise}")).QuerySelectorAll("[data-testid=recall-lots] tbody tr"));
        Assert.Equal(HttpStatusCode.OK, (await other.GetAsync("/trace?q=CYL-1", Ct)).StatusCode);
        Assert.DoesNotContain("CYL-1", await other.GetStringAsync("/trace?q=CYL", Ct));
    }

    [Fact]
    public async Task Excel_files_of_ledger_batches_and_shipments_import_all_or_nothing_with_sheet_row_and_column()
    {
        factory.RequireDatabase();
        var (enterprise, _, _, email) = await StoryAsync("奉化追溯导入测试气动有限公司");
        var company = await factory.SignInAsync(email);
        async Task<AngleSharp.Html.Dom.IHtmlDocument> UploadAsync(string kind, Dictionary<string, object> sheets)
        {
            var stream = new MemoryStream();
            await MiniExcelLibs.MiniExcel.SaveAsAsync(stream, sheets, cancellationToken: Ct);
            var token = await AppFactory.AntiforgeryTokenAsync(company, $"/trace/import?kind={kind}");
            var form = new MultipartFormDataContent
            {
                { new StringContent(token), "__RequestVerificationToken" }, { new StringContent(kind), "kind" }, { new ByteArrayContent(stream.ToArray()), "file", "trace.xlsx" },
            };
            var response = await company.PostAsync("/trace/import", form, Ct);
            return new AngleSharp.Html.Parser.HtmlParser().ParseDocument(await response.Content.ReadAsStringAsync(Ct));
        }
        static List<string[]> Errors(AngleSharp.Html.Dom.IHtmlDocument page) =>
            page.QuerySelectorAll("[data-testid=import-errors] tbody tr").Select(tr => tr.QuerySelectorAll("td").Select(td => td.TextContent.Trim()).ToArray()).ToList();

        // The templates open.
        foreach (var kind in new[] { "Lots", "Batches", "Shipments" })
            await LibreOffice.AssertOpensAsync(await company.GetByteArrayAsync($"/trace/import?handler=Template&kind={kind}", Ct), ".xlsx");

        var lots = new Dictionary<string, object?>[]
        {
            new() { ["供应商"] = "余姚密封件厂", ["物料编码"] = "SEAL63", ["批号"] = "S-9", ["到货规格"] = "NBR 70 Φ63", ["数量"] = 100, ["单位"] = "件", ["到货日期"] = "2026-03-03", ["约定交货日期"] = null, ["进货检验"] = "合格", ["检验报告"] = null },
        };
        var lotPage = await UploadAsync("Lots", new() { ["进货台帐"] = lots });
        Assert.True(lotPage.QuerySelector("[data-testid=import-success]") is not null, string.Join("; ", Errors(lotPage).Select(e => string.Join("|", e))));

        var batch = new Dictionary<string, object?> { ["批次号"] = "XL-1", ["产品型号"] = "SC63x100", ["产品名称"] = null, ["数量"] = 10, ["单位"] = "件", ["开工日期"] = "2026-03-15", ["完工日期"] = "2026-03-15",
            ["序列号起"] = null, ["序列号止"] = null, ["出厂检验"] = "合格", ["检验报告"] = null };
        var step = new Dictionary<string, object?> { ["批次号"] = "XL-1", ["名称"] = "装配", ["类型"] = "工序", ["时间"] = "2026-03-15 09:30", ["操作人"] = "王工", ["设备"] = "L3", ["结果"] = "完成", ["合格"] = "是" };
        Dictionary<string, object?> Input(string batchNumber, string? lot, decimal quantity) => new() { ["批次号"] = batchNumber, ["物料批号"] = lot, ["供应商"] = null, ["子组件批次号"] = null, ["用量"] = quantity };

        var refused = await UploadAsync("Batches", new() { ["生产批次"] = new[] { batch }, ["工序检验"] = new[] { step }, ["投料"] = new[] { Input("XL-1", "S-9", 500), Input("NOPE", "S-9", 1) } });
        var errors = Errors(refused);
        Assert.Contains(errors, e => e[0] == "3" && e[1] == "投料·批次号");
        Assert.False(await factory.WithDbAsync(db => db.ProductionBatches.AnyAsync(b => b.EnterpriseId == enterprise && b.BatchNumber == "XL-1", Ct)));
        refused = await UploadAsync("Batches", new() { ["生产批次"] = new[] { batch }, ["工序检验"] = new[] { step }, ["投料"] = new[] { Input("XL-1", "S-9", 500) } });
        Assert.Contains(Errors(refused), e => e[0] == "2" && e[1] == "投料·用量");

        var accepted = await UploadAsync("Batches", new() { ["生产批次"] = new[] { batch }, ["工序检验"] = new[] { step }, ["投料"] = new[] { Input("XL-1", "S-9", 20) } });
        Assert.NotNull(accepted.QuerySelector("[data-testid=import-success]"));
        var saved = await factory.WithDbAsync(db => db.ProductionBatches.SingleAsync(b => b.EnterpriseId == enterprise && b.BatchNumber == "XL-1", Ct));
        Assert.Equal(1, await factory.WithDbAsync(db => db.BatchSteps.CountAsync(s => s.BatchId == saved.Id, Ct)));

        var shipments = await UploadAsync("Shipments", new()
        {
            ["出口发货"] = new[] { new Dictionary<string, object?> { ["报关单号"] = "X-1", ["发货日期"] = "2026-03-20", ["境外买方"] = "Buyer", ["目的国"] = "IT" } },
            ["发货明细"] = new[] { new Dictionary<string, object?> { ["报关单号"] = "X-1", ["批次号"] = "XL-1", ["数量"] = 10, ["货值（美元）"] = 100 } },
        });
        Assert.NotNull(shipments.QuerySelector("[data-testid=import-success]"));
    }

    [Fact]
    public async Task A_batch_entered_by_hand_gets_the_rules_of_the_api()
    {
        factory.RequireDatabase();
        var (enterprise, _, _, email) = await StoryAsync("奉化追溯表单测试气动有限公司");
        var company = await factory.SignInAsync(email);
        Dictionary<string, string> Form(string quantity) => new()
        {
            ["enterprise"] = enterprise.ToString(), ["Number"] = "FORM-1", ["ProductModel"] = "SC63x100", ["Quantity"] = "5", ["StartedOn"] = "2026-03-16", ["CompletedOn"] = "2026-03-16",
            ["FinalInspection"] = "Pass", ["Steps.Index"] = "0", ["Steps[0].Name"] = "装配", ["Steps[0].Kind"] = "Process", ["Steps[0].At"] = "2026-03-16T09:00",
            ["Inputs.Index"] = "0", ["Inputs[0].Lot"] = "T-1", ["Inputs[0].Quantity"] = quantity,
        };
        var refused = await AppFactory.PostFormAsync(company, "/trace/batches/new", Form("99999"), $"/trace/batches/new?enterprise={enterprise}");
        Assert.Equal(HttpStatusCode.OK, refused.StatusCode);
        Assert.Contains("超过到货数量", await refused.Content.ReadAsStringAsync(Ct));
        var saved = await AppFactory.PostFormAsync(company, "/trace/batches/new", Form("5"), $"/trace/batches/new?enterprise={enterprise}");
        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
        var step = await factory.WithDbAsync(db => db.BatchSteps.SingleAsync(s => db.ProductionBatches.Any(b => b.Id == s.BatchId && b.BatchNumber == "FORM-1" && b.EnterpriseId == enterprise), Ct));
        Assert.Equal(new DateTimeOffset(2026, 3, 16, 1, 0, 0, TimeSpan.Zero), step.PerformedAt.ToUniversalTime());
    }

    [Fact]
    public async Task A_months_shipments_feed_the_monthly_export_return_once()
    {
        factory.RequireDatabase();
        var (enterprise, erp, _) = await ZoneWithStoryAsync("奉化发货汇总月报测试有限公司");
        // April's shipments carry no HS code: they cannot be summed, and the reason names them.
        var april = await erp.PostAsJsonAsync("/api/shipments/returns", new { period = "2026-04" }, Ct);
        Assert.Equal(HttpStatusCode.BadRequest, april.StatusCode);
        Assert.Contains("310420260000000002", await april.Content.ReadAsStringAsync(Ct));

        var march = await erp.PostAsJsonAsync("/api/shipments/returns", new { period = "2026-03" }, Ct);
        Assert.True(march.IsSuccessStatusCode, await march.Content.ReadAsStringAsync(Ct));
        var report = await factory.WithDbAsync(db => db.ExportReturns.Include(r => r.Versions).ThenInclude(v => v.Lines).SingleAsync(r => r.EnterpriseId == enterprise && r.Period == "2026-03", Ct));
        var line = report.Versions.Single().Lines.Single();
        Assert.Equal(("DE", "8412310000", 900m, 10m), (line.CountryCode, line.HsCode, line.ValueUsd, line.Quantity));
        // The same shipments again: already imported, refused, nothing doubled.
        Assert.Equal(HttpStatusCode.BadRequest, (await erp.PostAsJsonAsync("/api/shipments/returns", new { period = "2026-03" }, Ct)).StatusCode);
        Assert.Single(await factory.WithDbAsync(db => db.ExportReturnLines.Where(l => l.EnterpriseId == enterprise).ToListAsync(Ct)));
    }
}

public sealed class TraceabilitySqliteTests(AppFactory factory) : TraceabilityTests<AppFactory>(factory), IClassFixture<AppFactory>;

public sealed class TraceabilityPostgresTests(PostgresAppFactory factory) : TraceabilityTests<PostgresAppFactory>(factory), IClassFixture<PostgresAppFactory>;
