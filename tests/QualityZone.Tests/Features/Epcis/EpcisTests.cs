using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Xml.Linq;
using Microsoft.EntityFrameworkCore;
using QualityZone.Features.Epcis;
using QualityZone.Infrastructure.Auth;
using QualityZone.Tests.Infrastructure;

namespace QualityZone.Tests.Features.Epcis;

/// <summary>EPCIS 2.0 capture, query and export (issue 20) on SQLite and PostgreSQL, against GS1's examples and the openepcis conformance corpus.</summary>
public abstract class EpcisTests<TFactory>(TFactory factory) where TFactory : AppFactory
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;
    public static readonly string Corpus = Path.Combine(AppContext.BaseDirectory, "Features", "Epcis", "Corpus");

    /// <summary>
    /// Documents outside the Invalid folders that the standard's own schemas refuse, and why: the
    /// test asserts they are refused for that reason (so a change in the checks shows here).
    /// </summary>
    public static readonly Dictionary<string, string> RefusedByTheSchemas = new()
    {
        // GS1's JSON schema requires childEPCs or childQuantityList on AggregationEvent ADD/DELETE; these have neither.
        ["openepcis/2.0/EPCIS/JSON/Capture/Documents/AggregationEvent_with_persistentDisposition.json"] = "JSON Schema",
        ["openepcis/2.0/EPCIS/JSON/Capture/Documents/SensorData_with_combined_events.json"] = "JSON Schema",
        // A sensorReport type that is neither a GS1 measurement type nor a URI.
        ["openepcis/2.0/EPCIS/JSON/Capture/Documents/TransactionEvent_with_userExtensions.json"] = "JSON Schema",
        // The XSD's xs:sequence fixes the order of an event's elements; this document changes it on purpose.
        ["openepcis/2.0/EPCIS/XML/Capture/Documents/JumbledFieldsOrder.xml"] = "XSD",
        // Events in the epcis namespace inside EventList: the XSD declares them unqualified.
        ["openepcis/2.0/EPCIS/XML/Capture/Documents/Namespace_document.xml"] = "XSD",
        ["openepcis/2.0/EPCIS/XML/Capture/Events/Namespace_event.xml"] = "XSD",
        // Two eventIDs in one event (RFC 8259 §4: names should be unique): which one is meant cannot be told.
        ["gs1-EPCIS/JSON/AssociationEvent/AssociationEvent-h.jsonld"] = "JSON",
        // A JSON example kept in GS1's XML folder, with an event type outside EPCIS 2.0's five.
        ["gs1-EPCIS/XML/WithEventHashID/event_with_identical_hash_id_7.json"] = "JSON Schema",
    };

    /// <summary>Files of the corpus that are not capture documents (capture-job answers, master-data-only documents), skipped and listed.</summary>
    private static bool NotACaptureDocument(string relative, string text) =>
        relative.Contains("/CaptureJob/", StringComparison.Ordinal) || text.Contains("EPCISMasterDataDocument", StringComparison.Ordinal)
        || text.Contains("\"EPCISQueryDocument\"", StringComparison.Ordinal);

    private async Task<HttpClient> EnterpriseClientAsync(string name) => (await EnterpriseAsync(name)).Client;

    private async Task<(HttpClient Client, Guid Id)> EnterpriseAsync(string name)
    {
        var enterprise = await factory.CreateEnterpriseAsync(name);
        var email = await factory.CreateUserAsync(Roles.EnterpriseUser, enterpriseId: enterprise);
        return (factory.CreateTokenClient(await factory.CreateTokenAsync(email)), enterprise);
    }

    private static async Task<HttpResponseMessage> PostAsync(HttpClient client, string path, string body, string mediaType)
    {
        using var content = new StringContent(body, Encoding.UTF8, mediaType);
        var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = content };
        request.Headers.Add("GS1-EPCIS-Version", "2.0.0");
        return await client.SendAsync(request, Ct);
    }

    [Fact]
    public async Task Every_valid_document_of_the_corpus_is_captured_and_every_invalid_one_refused_with_a_reason()
    {
        factory.RequireDatabase();
        var client = await EnterpriseClientAsync("奉化EPCIS语料测试有限公司");
        var captured = new List<string>();
        var refused = new List<string>();
        var skipped = new List<string>();
        var failures = new List<string>();
        var files = Directory.GetFiles(Corpus, "*", SearchOption.AllDirectories).Where(f => f.EndsWith(".json") || f.EndsWith(".jsonld") || f.EndsWith(".xml")).Order(StringComparer.Ordinal);
        foreach (var file in files)
        {
            var relative = Path.GetRelativePath(Corpus, file).Replace('\\', '/');
            var text = await File.ReadAllTextAsync(file, Ct);
            if (NotACaptureDocument(relative, text)) { skipped.Add(relative); continue; }
            var xml = file.EndsWith(".xml");
            var single = xml ? EpcisXml.EventTypes.Contains(XElement.Parse(text, LoadOptions.None).Name.LocalName)
                : JsonNode.Parse(text)?["type"]?.GetValue<string>() is { } type && type != "EPCISDocument" && EpcisXml.EventTypes.Contains(type);
            using var response = await PostAsync(client, single ? "/epcis/events" : "/epcis/capture", text, xml ? "application/xml" : "application/ld+json");
            var answer = await response.Content.ReadAsStringAsync(Ct);
            // EPCIS 1.2 documents are refused (2.0 only); Single_event.xml, a bare 1.2 event without namespace or 1.x fields, is also a valid 2.0 event, and captured.
            var invalid = relative.Contains("/Invalid/", StringComparison.Ordinal)
                || (relative.StartsWith("openepcis/1.2/", StringComparison.Ordinal) && !relative.EndsWith("/Single_event.xml", StringComparison.Ordinal));
            var expectedRefusal = RefusedByTheSchemas.GetValueOrDefault(relative);
            if (response.IsSuccessStatusCode)
            {
                captured.Add(relative);
                if (invalid || expectedRefusal is not null) failures.Add($"{relative}: captured, but it is invalid");
                Assert.Equal(single ? HttpStatusCode.Created : HttpStatusCode.Accepted, response.StatusCode);
                Assert.StartsWith("/epcis/capture/", response.Headers.Location?.OriginalString);
                Assert.Equal("2.0.0", response.Headers.GetValues("GS1-EPCIS-Version").Single());
                continue;
            }
            refused.Add(relative);
            Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"{relative}: {(int)response.StatusCode} {response.Headers.Location} {answer}");
            var reasons = JsonDocument.Parse(answer).RootElement.GetProperty("errors").GetProperty("document").EnumerateArray().Select(r => r.GetString()!).ToList();
            if (reasons.Count == 0 || reasons.Any(string.IsNullOrWhiteSpace)) failures.Add($"{relative}: refused without a reason");
            if (relative.StartsWith("openepcis/1.2/", StringComparison.Ordinal) && !reasons.Any(r => r.Contains("EPCIS 2.0"))) failures.Add($"{relative}: an EPCIS 1.2 document refused for another reason: {reasons[0]}");
            else if (expectedRefusal is not null && !reasons.Any(r => r.Contains(expectedRefusal))) failures.Add($"{relative}: expected a {expectedRefusal} refusal, got {string.Join(" | ", reasons)}");
            else if (!invalid && expectedRefusal is null) failures.Add($"{relative}: refused: {string.Join(" | ", reasons)}");
        }
        TestContext.Current.SendDiagnosticMessage($"EPCIS corpus: {captured.Count} captured, {refused.Count} refused, {skipped.Count} not capture documents.\nCaptured: {string.Join(", ", captured)}\nRefused: {string.Join(", ", refused)}\nSkipped: {string.Join(", ", skipped)}");
        Assert.True(failures.Count == 0, string.Join("\n", failures));
        // Every file of the Invalid folders was tried and refused; the valid ones were captured.
        Assert.Equal(15 + 7, refused.Count(r => r.Contains("/Invalid/")));
        Assert.True(captured.Count >= 150, $"only {captured.Count} documents captured");
        Assert.Equal(RefusedByTheSchemas.Count, refused.Count(RefusedByTheSchemas.ContainsKey));
        Assert.True(skipped.Count is > 0 and < 10, string.Join(", ", skipped));
    }

    [Fact]
    public async Task Queries_answer_the_captured_events_by_type_time_step_and_epc_page_by_page()
    {
        factory.RequireDatabase();
        var client = await EnterpriseClientAsync("奉化EPCIS查询测试有限公司");
        var document = await File.ReadAllTextAsync(Path.Combine(Corpus, "openepcis/2.0/EPCIS/JSON/Capture/Documents/Combination_of_different_event.json"), Ct);
        var sent = JsonNode.Parse(document)!["epcisBody"]!["eventList"]!.AsArray().OfType<JsonObject>().ToList();
        using (var response = await PostAsync(client, "/epcis/capture", document, "application/ld+json"))
            Assert.True(response.StatusCode == HttpStatusCode.Accepted, await response.Content.ReadAsStringAsync(Ct));

        async Task<List<JsonObject>> QueryAsync(string query)
        {
            var all = new List<JsonObject>();
            var url = "/epcis/events?" + query;
            for (var pages = 0; url is not null && pages < 50; pages++)
            {
                using var response = await client.GetAsync(url, Ct);
                var body = await response.Content.ReadAsStringAsync(Ct);
                Assert.True(response.StatusCode == HttpStatusCode.OK, body);
                var answer = JsonNode.Parse(body)!.AsObject();
                Assert.Equal("EPCISQueryDocument", answer["type"]!.GetValue<string>());
                all.AddRange(answer["epcisBody"]!["queryResults"]!["resultsBody"]!["eventList"]!.AsArray().OfType<JsonObject>());
                url = response.Headers.TryGetValues("Link", out var links) ? links.Single().Split('<', '>')[1] : null;
            }
            return all;
        }

        var everything = await QueryAsync("perPage=2");
        Assert.Equal(sent.Count, everything.Count);
        Assert.Equal(sent.Select(e => e["eventTime"]!.ToString()).Order(), everything.Select(e => e["eventTime"]!.ToString()).Order());
        Assert.All(everything, e => Assert.NotNull(e["recordTime"]));

        foreach (var type in EpcisXml.EventTypes)
            Assert.Equal(sent.Count(e => (string?)e["type"] == type), (await QueryAsync("eventType=" + type)).Count);
        var step = sent.Select(e => (string?)e["bizStep"]).First(s => s is not null)!;
        Assert.Equal(sent.Count(e => (string?)e["bizStep"] == step), (await QueryAsync("EQ_bizStep=" + Uri.EscapeDataString(step))).Count);
        var epc = sent.SelectMany(e => e["epcList"]?.AsArray().Select(x => (string)x!) ?? []).First();
        var withEpc = await QueryAsync("MATCH_epc=" + Uri.EscapeDataString(epc));
        Assert.Equal(sent.Count(e => e["epcList"]?.AsArray().Any(x => (string?)x == epc) == true || e["childEPCs"]?.AsArray().Any(x => (string?)x == epc) == true), withEpc.Count);
        Assert.NotEmpty(withEpc);
        var anyEpc = await QueryAsync("MATCH_anyEPC=" + Uri.EscapeDataString(epc[..^2] + "*"));
        Assert.True(anyEpc.Count >= withEpc.Count);
        var times = sent.Select(e => DateTimeOffset.Parse(e["eventTime"]!.ToString())).Order().ToList();
        var middle = times[times.Count / 2];
        Assert.Equal(times.Count(t => t >= middle), (await QueryAsync("GE_eventTime=" + Uri.EscapeDataString(middle.ToString("O")))).Count);
        Assert.Equal(times.Count(t => t < middle), (await QueryAsync("LT_eventTime=" + Uri.EscapeDataString(middle.ToString("O")))).Count);

        // The same events in the XML binding: valid against GS1's XSD (captured again into another enterprise) and the same events.
        using (var xmlRequest = new HttpRequestMessage(HttpMethod.Get, "/epcis/events?perPage=1000"))
        {
            xmlRequest.Headers.Accept.ParseAdd("application/xml");
            using var xmlAnswer = await client.SendAsync(xmlRequest, Ct);
            var xml = await xmlAnswer.Content.ReadAsStringAsync(Ct);
            Assert.Equal("application/xml", xmlAnswer.Content.Headers.ContentType?.MediaType);
            var root = XElement.Parse(xml);
            Assert.Equal("EPCISQueryDocument", root.Name.LocalName);
            var eventList = root.Descendants("EventList").Single();
            Assert.Equal(sent.Count, eventList.Elements().Count());
            var asCapture = new XElement(XName.Get("EPCISDocument", EpcisXml.Namespace), new XAttribute("schemaVersion", "2.0"), new XAttribute("creationDate", "2026-03-01T00:00:00Z"),
                root.Attributes().Where(a => a.IsNamespaceDeclaration && a.Name.LocalName != "epcisq"), new XElement("EPCISBody", new XElement(eventList)));
            var other = await EnterpriseClientAsync("奉化EPCIS查询XML测试有限公司");
            using (var captured = await PostAsync(other, "/epcis/capture", asCapture.ToString(), "application/xml"))
                Assert.True(captured.StatusCode == HttpStatusCode.Accepted, await captured.Content.ReadAsStringAsync(Ct));
            var again = Events(await other.GetStringAsync("/epcis/events?perPage=1000", Ct)).OfType<JsonObject>().ToList();
            Assert.Equal(everything.Select(e => $"{e["type"]} {DateTimeOffset.Parse(e["eventTime"]!.ToString()):O} {e["eventID"]}").Order(),
                again.Select(e => $"{e["type"]} {DateTimeOffset.Parse(e["eventTime"]!.ToString()):O} {e["eventID"]}").Order());
            Assert.Equal(everything.Sum(e => EpcisValidator.IdentifierRoles(System.Text.Json.JsonSerializer.SerializeToElement(e)).Count), again.Sum(e => EpcisValidator.IdentifierRoles(System.Text.Json.JsonSerializer.SerializeToElement(e)).Count));
        }

        var first = everything[0];
        using var one = await client.GetAsync("/epcis/events/" + Uri.EscapeDataString(first["eventID"]!.ToString()), Ct);
        Assert.Equal(first["eventTime"]!.ToString(), JsonNode.Parse(await one.Content.ReadAsStringAsync(Ct))!["eventTime"]!.ToString());
        using var bad = await client.GetAsync("/epcis/events?eventType=Whatever&perPage=0", Ct);
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
    }

    [Fact]
    public async Task A_shipment_exported_as_EPCIS_and_captured_into_an_empty_enterprise_gives_the_same_backward_trace()
    {
        factory.RequireDatabase();
        var (source, shipment) = await StoryAsync("奉化EPCIS导出测试气动有限公司");
        using var exported = await source.GetAsync($"/epcis/shipments/{shipment}/events", Ct);
        var document = await exported.Content.ReadAsStringAsync(Ct);
        Assert.True(exported.StatusCode == HttpStatusCode.OK, document);

        var (target, targetId) = await EnterpriseAsync("奉化EPCIS导入测试气动有限公司");
        using (var response = await PostAsync(target, "/epcis/capture", document, "application/ld+json"))
        {
            var body = await response.Content.ReadAsStringAsync(Ct);
            Assert.True(response.StatusCode == HttpStatusCode.Accepted, body);
            var job = JsonNode.Parse(body)!;
            Assert.Equal(JsonNode.Parse(document)!["epcisBody"]!["eventList"]!.AsArray().Count, job["eventsMapped"]!.GetValue<int>());
        }
        var copy = await factory.WithDbAsync(db => db.Shipments.Where(s => s.EnterpriseId == targetId).Select(s => s.Id).SingleAsync(Ct));
        Assert.Equal(await TraceAsync(source, shipment), await TraceAsync(target, copy));

        // Captured again (a retry), nothing is recorded twice.
        using (var again = await PostAsync(target, "/epcis/capture", document, "application/ld+json"))
            Assert.Equal(0, JsonNode.Parse(await again.Content.ReadAsStringAsync(Ct))!["eventsCaptured"]!.GetValue<int>());
        Assert.Equal(await TraceAsync(source, shipment), await TraceAsync(target, copy));
    }

    /// <summary>The backward trace as text, without keys: batches with their steps and inputs, lots with supplier and inspection, the shipment lines.</summary>
    internal static async Task<string> TraceAsync(HttpClient client, Guid shipment)
    {
        var trace = await client.GetFromJsonAsync<JsonElement>($"/api/trace/shipments/{shipment}", Ct);
        var text = new StringBuilder();
        // Inputs in a stable order (by their own text, keys left out): the two enterprises' records have different ids.
        static string Node(JsonElement node, int level)
        {
            var b = node.GetProperty("batch");
            var lines = new StringBuilder();
            lines.AppendLine($"{new string(' ', level)}{b.GetProperty("batchNumber")} {b.GetProperty("productModel")} {b.GetProperty("quantity").GetDecimal():0.####} {b.GetProperty("unit")} {b.GetProperty("startedOn")}..{b.GetProperty("completedOn")} {b.GetProperty("finalInspection")} {b.GetProperty("serialFrom")}-{b.GetProperty("serialTo")}");
            foreach (var s in node.GetProperty("steps").EnumerateArray())
                lines.AppendLine($"{new string(' ', level)}  step {s.GetProperty("sequence")} {s.GetProperty("name")} {s.GetProperty("kind")} {s.GetProperty("performedAt").GetDateTimeOffset():O} {s.GetProperty("operator")} {s.GetProperty("equipment")} {s.GetProperty("result")} {s.GetProperty("passed")}");
            var inputs = node.GetProperty("inputs").EnumerateArray().Select(i => i.GetProperty("lot") is { ValueKind: JsonValueKind.Object } lot
                ? $"{new string(' ', level)}  lot {lot.GetProperty("lotNumber")} {lot.GetProperty("materialCode")} {lot.GetProperty("supplier")} {lot.GetProperty("spec")} {lot.GetProperty("quantity").GetDecimal():0.####} {lot.GetProperty("receivedOn")} {lot.GetProperty("inspection")} {i.GetProperty("quantity").GetDecimal():0.####}\n"
                : Node(i.GetProperty("batch"), level + 2));
            foreach (var input in inputs.Order(StringComparer.Ordinal)) lines.Append(input);
            return lines.ToString();
        }
        foreach (var root in trace.GetProperty("tree").EnumerateArray().Select(r => Node(r, 0)).Order(StringComparer.Ordinal)) text.Append(root);
        foreach (var s in trace.GetProperty("shipments").EnumerateArray().OrderBy(s => s.GetProperty("quantity").GetDecimal()).ThenBy(s => s.GetProperty("valueUsd").GetDecimal()))
            text.AppendLine($"ship {s.GetProperty("declarationNumber")} {s.GetProperty("shippedOn")} {s.GetProperty("buyer")} {s.GetProperty("countryCode")} {s.GetProperty("quantity").GetDecimal():0.####} {s.GetProperty("valueUsd").GetDecimal():0.##}");
        return text.ToString();
    }

    /// <summary>A cylinder maker: suppliers, materials, lots (one failed), a piston sub-assembly, a cylinder batch with steps, one shipment.</summary>
    private async Task<(HttpClient Erp, Guid Shipment)> StoryAsync(string name)
    {
        var (erp, enterprise) = await EnterpriseAsync(name);
        async Task<Guid> Post(string path, object body)
        {
            using var response = await erp.PostAsJsonAsync(path, body, Ct);
            var text = await response.Content.ReadAsStringAsync(Ct);
            Assert.True(response.StatusCode == HttpStatusCode.Created, text);
            return JsonDocument.Parse(text).RootElement.TryGetProperty("id", out var id) ? id.GetGuid() : Guid.Empty;
        }
        var tubes = await Post("/api/suppliers", new { name = "宁波精密铝管有限公司", supplies = "缸筒" });
        var seals = await Post("/api/suppliers", new { name = "余姚密封件厂", supplies = "密封圈" });
        await Post("/api/materials", new { code = "TUBE:63", name = "缸筒", spec = "6063-T5 Φ63", unit = "根", approvedSuppliers = new[] { tubes } });
        await Post("/api/materials", new { code = "SEAL63", name = "活塞密封圈", spec = "NBR 70 Φ63", approvedSuppliers = new[] { seals } });
        var day = new DateOnly(2026, 3, 2);
        await Post("/api/material-lots", new
        {
            lots = new object[]
            {
                new { supplier = "宁波精密铝管有限公司", material = "TUBE:63", lotNumber = "T/1 批", spec = "6063-T5 Φ63", quantity = 100, receivedOn = day, inspection = "合格", inspectionReport = "IQC-1" },
                new { supplier = "余姚密封件厂", material = "SEAL63", lotNumber = "S-1", spec = "NBR 70 Φ63", quantity = 500, receivedOn = day, inspection = "让步接收" },
            },
        });
        var at = new DateTimeOffset(2026, 3, 10, 8, 30, 0, TimeSpan.FromHours(8));
        await Post("/api/batches", new
        {
            batches = new object[]
            {
                new { batchNumber = "PIS-1", productModel = "活塞组件63", quantity = 30, startedOn = "2026-03-09", completedOn = "2026-03-09", finalInspection = "合格",
                      steps = new object[] { new { name = "压装", kind = "工序", at = at.AddDays(-1), @operator = "王工", equipment = "P-2", result = "完成" } },
                      inputs = new object[] { new { lot = "S-1", quantity = 30 } } },
                new { batchNumber = "CYL-1", productModel = "SC63x100", productName = "标准气缸", quantity = 10, unit = "只", startedOn = "2026-03-10", completedOn = "2026-03-11",
                      serialFrom = "SC2603000001", serialTo = "SC2603000010", finalInspection = "合格", testReport = "TR-7",
                      steps = new object[]
                      {
                          new { name = "装配", kind = "工序", at, @operator = "张工", equipment = "L1", result = "完成" },
                          new { name = "气密性试验", kind = "试验", at = at.AddHours(2), @operator = "李工", equipment = "QM-3", result = "0.6MPa 有泄漏", passed = false },
                      },
                      inputs = new object[] { new { lot = "T/1 批", quantity = 10 }, new { batch = "PIS-1", quantity = 10 } } },
            },
        });
        await Post("/api/shipments", new
        {
            shipments = new object[] { new { declarationNumber = "310420260000000901", shippedOn = "2026-03-20", buyer = "Pneumatik Handel GmbH", country = "DE",
                lines = new[] { new { batch = "CYL-1", quantity = 8, valueUsd = 720.5 } } } },
        });
        var shipment = await factory.WithDbAsync(db => db.Shipments.Where(s => s.EnterpriseId == enterprise).Select(s => s.Id).SingleAsync(Ct));
        return (erp, shipment);
    }

    private static JsonArray Events(string answer) => JsonNode.Parse(answer)!["epcisBody"]!["queryResults"]!["resultsBody"]!["eventList"]!.AsArray();

    [Fact]
    public async Task An_enterprise_neither_reads_nor_captures_into_another_enterprises_events()
    {
        factory.RequireDatabase();
        var (owner, shipment) = await StoryAsync("奉化EPCIS隔离测试甲有限公司");
        var sensorDocument = await File.ReadAllTextAsync(Path.Combine(Corpus, "openepcis/2.0/EPCIS/JSON/Capture/Documents/ObjectEvent.json"), Ct);
        using var captured = await PostAsync(owner, "/epcis/capture", sensorDocument, "application/ld+json");
        var ownerJob = await captured.Content.ReadFromJsonAsync<JsonElement>(Ct);
        Assert.True(ownerJob.GetProperty("success").GetBoolean(), ownerJob.ToString());
        var ownEvents = Events(await owner.GetStringAsync("/epcis/events?perPage=1000", Ct));
        Assert.NotEmpty(ownEvents);
        var eventId = ownEvents[0]!["eventID"]!.ToString();
        var epc = ownEvents.OfType<JsonObject>().SelectMany(e => e["epcList"]?.AsArray() ?? []).Select(x => (string)x!).First();

        var other = await EnterpriseClientAsync("奉化EPCIS隔离测试乙有限公司");
        Assert.Empty(Events(await other.GetStringAsync("/epcis/events?perPage=1000", Ct)));
        Assert.Empty(Events(await other.GetStringAsync("/epcis/events?MATCH_epc=" + Uri.EscapeDataString(epc), Ct)));
        Assert.Empty(Events(await other.GetStringAsync("/epcis/events?EQ_eventID=" + Uri.EscapeDataString(eventId), Ct)));
        using (var one = await other.GetAsync("/epcis/events/" + Uri.EscapeDataString(eventId), Ct)) Assert.Equal(HttpStatusCode.NotFound, one.StatusCode);
        using (var job = await other.GetAsync("/epcis/capture/" + ownerJob.GetProperty("captureID").GetGuid(), Ct)) Assert.Equal(HttpStatusCode.NotFound, job.StatusCode);
        using (var export = await other.GetAsync($"/epcis/shipments/{shipment}/events", Ct)) Assert.Equal(HttpStatusCode.NotFound, export.StatusCode);

        // A document naming the owner's records lands in the sender's enterprise, never the owner's.
        var document = await owner.GetStringAsync($"/epcis/shipments/{shipment}/events", Ct);
        var ownerEnterprise = await factory.WithDbAsync(db => db.Shipments.Where(s => s.Id == shipment).Select(s => s.EnterpriseId).SingleAsync(Ct));
        var ownerLots = await factory.WithDbAsync(db => db.MaterialLots.CountAsync(l => l.EnterpriseId == ownerEnterprise, Ct));
        using var response = await PostAsync(other, "/epcis/capture", document, "application/ld+json");
        var otherJob = await response.Content.ReadFromJsonAsync<JsonElement>(Ct);
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var enterprises = await factory.WithDbAsync(db => db.EpcisEvents.Where(e => e.CaptureId == otherJob.GetProperty("captureID").GetGuid()).Select(e => e.EnterpriseId).Distinct().ToListAsync(Ct));
        Assert.NotEqual(ownerEnterprise, Assert.Single(enterprises));
        Assert.Equal(ownerLots, await factory.WithDbAsync(db => db.MaterialLots.CountAsync(l => l.EnterpriseId == ownerEnterprise, Ct)));
        Assert.Equal(ownEvents.Count, Events(await owner.GetStringAsync("/epcis/events?perPage=1000", Ct)).Count);

        // The office reads every enterprise's events; capture is for enterprise accounts only.
        var office = await factory.SignInAsNewUserAsync(Roles.ZoneAdmin);
        Assert.NotEmpty(Events(await office.GetStringAsync("/epcis/events?EQ_eventID=" + Uri.EscapeDataString(eventId), Ct)));
        Assert.NotEmpty(Events(await office.GetStringAsync("/epcis/events?eventType=TransformationEvent&perPage=1000", Ct)));
        using var officeCapture = await PostAsync(office, "/epcis/capture", sensorDocument, "application/ld+json");
        Assert.Equal(HttpStatusCode.Forbidden, officeCapture.StatusCode);
        Assert.Equal("application/problem+json", officeCapture.Content.Headers.ContentType?.MediaType);

        // A machine interface: a sender without a token is told so (401 and the scheme), not sent to the sign-in page.
        using var anonymous = await PostAsync(factory.CreateClient(new() { AllowAutoRedirect = false }), "/epcis/capture", sensorDocument, "application/ld+json");
        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
        Assert.Equal("Bearer", anonymous.Headers.WwwAuthenticate.ToString());
        Assert.Contains("API 令牌", await anonymous.Content.ReadAsStringAsync(Ct));
    }

    [Fact]
    public async Task A_document_the_ledger_rules_refuse_is_refused_whole_and_saves_nothing()
    {
        factory.RequireDatabase();
        var client = await EnterpriseClientAsync("奉化EPCIS拒收测试有限公司");
        var document = new JsonObject
        {
            ["@context"] = new JsonArray(EpcisValidator.ContextUri),
            ["type"] = "EPCISDocument", ["schemaVersion"] = "2.0", ["creationDate"] = "2026-03-01T08:00:00+08:00",
            ["epcisBody"] = new JsonObject
            {
                ["eventList"] = new JsonArray(
                    new JsonObject
                    {
                        ["type"] = "ObjectEvent", ["eventTime"] = "2026-03-01T08:00:00+08:00", ["eventTimeZoneOffset"] = "+08:00", ["action"] = "OBSERVE",
                        ["epcList"] = new JsonArray("urn:epc:id:sgtin:0614141.107346.2018"), ["bizStep"] = "sensor_reporting",
                    },
                    new JsonObject
                    {
                        ["type"] = "ObjectEvent", ["eventTime"] = "2026-03-02T09:00:00+08:00", ["eventTimeZoneOffset"] = "+08:00", ["action"] = "ADD", ["bizStep"] = "receiving",
                        ["quantityList"] = new JsonArray(new JsonObject { ["epcClass"] = EpcisIds.Lot("91330283MA2AAAAA0X", "NOSUCH", "L-1"), ["quantity"] = 5 }),
                        ["sourceList"] = new JsonArray(new JsonObject { ["type"] = "owning_party", ["source"] = EpcisIds.Party("91330283MA2AAAAA0X", "未登记供应商") }),
                    }),
            },
        };
        using var response = await PostAsync(client, "/epcis/capture", document.ToJsonString(), "application/ld+json");
        var body = await response.Content.ReadAsStringAsync(Ct);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("/epcisBody/eventList/1", body);
        Assert.Contains("未登记供应商", body);
        Assert.Contains("NOSUCH", body);
        var job = await client.GetFromJsonAsync<JsonElement>(response.Headers.Location!.OriginalString, Ct);
        Assert.False(job.GetProperty("success").GetBoolean());
        Assert.NotEmpty(job.GetProperty("errors").EnumerateArray());
        Assert.Empty(JsonNode.Parse(await client.GetStringAsync("/epcis/events", Ct))!["epcisBody"]!["queryResults"]!["resultsBody"]!["eventList"]!.AsArray());
    }

    [Fact]
    public async Task Events_are_stored_as_sent_and_a_body_that_is_not_utf8_is_refused()
    {
        factory.RequireDatabase();
        var (client, enterpriseId) = await EnterpriseAsync("奉化EPCIS原文测试有限公司");
        // The document's own prefix, an extension in Chinese, one event without an eventID (the platform assigns one):
        // each stored event carries the document's @context, its eventID and its recordTime, the rest exactly as sent.
        const string sent = """
            {"@context":["https://ref.gs1.org/standards/epcis/epcis-context.jsonld",{"qz":"https://qz.example.cn/epcis/"}],"type":"EPCISDocument","schemaVersion":"2.0","creationDate":"2026-03-01T08:00:00+08:00",
             "epcisBody":{"eventList":[
              {"type":"ObjectEvent","eventID":"urn:uuid:0d3b8c1e-8a4f-4f7e-9b59-5c2d1e7a0001","eventTime":"2026-03-01T08:00:00.000+08:00","eventTimeZoneOffset":"+08:00","action":"OBSERVE","bizStep":"inspecting","epcList":["urn:epc:id:sgtin:0614141.107346.3001"],"qz:remark":"气缸 批次 YD-01 “抽检”"},
              {"type":"ObjectEvent","eventTime":"2026-03-01T08:01:00.000+08:00","eventTimeZoneOffset":"+08:00","action":"OBSERVE","bizStep":"inspecting","epcList":["urn:epc:id:sgtin:0614141.107346.3002"]}]}}
            """;
        using (var response = await PostAsync(client, "/epcis/capture", sent, "application/ld+json"))
            Assert.True(response.StatusCode == HttpStatusCode.Accepted, await response.Content.ReadAsStringAsync(Ct));
        var stored = await factory.WithDbAsync(db => db.EpcisEvents.Where(e => e.EnterpriseId == enterpriseId).OrderBy(e => e.EventTime).ToListAsync(Ct));
        Assert.Equal(2, stored.Count);
        var first = JsonNode.Parse(stored[0].Body)!;
        Assert.Contains("\"qz:remark\":\"气缸 批次 YD-01 “抽检”\"", stored[0].Body); // as sent, not re-escaped
        Assert.Equal("https://qz.example.cn/epcis/", first["@context"]![0]!["qz"]!.ToString());
        Assert.Equal("urn:uuid:0d3b8c1e-8a4f-4f7e-9b59-5c2d1e7a0001", first["eventID"]!.ToString());
        Assert.Equal(stored[0].RecordTime.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", System.Globalization.CultureInfo.InvariantCulture), first["recordTime"]!.ToString());
        var second = JsonNode.Parse(stored[1].Body)!;
        Assert.StartsWith("urn:uuid:", stored[1].EventId);
        Assert.Equal(stored[1].EventId, second["eventID"]!.ToString());
        var read = JsonNode.Parse(await client.GetStringAsync("/epcis/events/" + Uri.EscapeDataString("urn:uuid:0d3b8c1e-8a4f-4f7e-9b59-5c2d1e7a0001"), Ct))!;
        Assert.Equal("气缸 批次 YD-01 “抽检”", read["qz:remark"]!.ToString());

        // The same kind of document with a byte that is not UTF-8 inside a string (0xC3 0x28): refused with the reason, nothing kept.
        var bytes = Encoding.UTF8.GetBytes(sent.Replace("0d3b8c1e-8a4f-4f7e-9b59-5c2d1e7a0001", "0d3b8c1e-8a4f-4f7e-9b59-5c2d1e7a0002").Replace("3001", "300X"));
        var at = Array.IndexOf(bytes, (byte)'X');
        bytes[at] = 0xC3;
        var broken = bytes.Take(at + 1).Append((byte)0x28).Concat(bytes.Skip(at + 1)).ToArray();
        using var content = new ByteArrayContent(broken);
        content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/ld+json");
        using var refused = await client.PostAsync("/epcis/capture", content, Ct);
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.Contains("UTF-8", await refused.Content.ReadAsStringAsync(Ct));
        Assert.Equal(2, await factory.WithDbAsync(db => db.EpcisEvents.CountAsync(e => e.EnterpriseId == enterpriseId, Ct)));
    }

    /// <summary>
    /// A sender that retries before its first attempt has answered, or two systems that send the same events: each
    /// capture looks up which eventIDs are known, so the enterprise's captures take turns (SQLite's write gate; on
    /// PostgreSQL a lock per enterprise), and every event is kept once while the other captures count it as a duplicate.
    /// </summary>
    [Fact]
    public async Task The_same_document_sent_by_several_senders_at_once_keeps_each_event_once_and_counts_the_rest_as_duplicates()
    {
        factory.RequireDatabase();
        var (client, enterpriseId) = await EnterpriseAsync("奉化EPCIS并发采集测试有限公司");
        var events = new JsonArray();
        for (var i = 0; i < 300; i++)
            events.Add(new JsonObject
            {
                ["type"] = "ObjectEvent", ["eventID"] = $"urn:uuid:5e1d7c3a-0b6f-4c1e-8d2a-{i:D12}", ["eventTime"] = "2026-03-01T08:00:00+08:00",
                ["eventTimeZoneOffset"] = "+08:00", ["action"] = "OBSERVE", ["bizStep"] = "inspecting", ["epcList"] = new JsonArray($"urn:epc:id:sgtin:0614141.107346.{i}"),
            });
        var document = new JsonObject
        {
            ["@context"] = new JsonArray(EpcisValidator.ContextUri), ["type"] = "EPCISDocument", ["schemaVersion"] = "2.0", ["creationDate"] = "2026-03-01T09:00:00+08:00",
            ["epcisBody"] = new JsonObject { ["eventList"] = events },
        }.ToJsonString();
        var responses = await Task.WhenAll(Enumerable.Range(0, 6).Select(_ => PostAsync(client, "/epcis/capture", document, "application/ld+json")));
        var answers = new List<string>();
        foreach (var response in responses) answers.Add($"{(int)response.StatusCode} {await response.Content.ReadAsStringAsync(Ct)}");
        Assert.All(responses, r => Assert.True(r.StatusCode == HttpStatusCode.Accepted, string.Join("\n", answers)));
        Assert.Equal(300, await factory.WithDbAsync(db => db.EpcisEvents.CountAsync(e => e.EnterpriseId == enterpriseId, Ct)));
        var jobs = await factory.WithDbAsync(db => db.EpcisCaptureJobs.Where(j => j.EnterpriseId == enterpriseId).ToListAsync(Ct));
        Assert.Equal(6, jobs.Count(j => j.Success));
        Assert.Equal(300, jobs.Sum(j => j.Events));
        Assert.Equal(5 * 300, jobs.Sum(j => j.Duplicates));
    }

    [Fact]
    public async Task An_error_declaration_is_recorded_against_the_event_it_corrects()
    {
        factory.RequireDatabase();
        var client = await EnterpriseClientAsync("奉化EPCIS更正测试有限公司");
        var original = new JsonObject
        {
            ["@context"] = new JsonArray(EpcisValidator.ContextUri), ["type"] = "ObjectEvent", ["eventID"] = "urn:uuid:7b0fd1b0-6a1e-4a43-9c1e-11a4f0c0e001",
            ["eventTime"] = "2026-03-01T08:00:00+08:00", ["eventTimeZoneOffset"] = "+08:00", ["action"] = "OBSERVE", ["bizStep"] = "inspecting",
            ["epcList"] = new JsonArray("urn:epc:id:sgtin:0614141.107346.2018"),
        };
        using (var first = await PostAsync(client, "/epcis/events", original.ToJsonString(), "application/ld+json")) Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        var declared = (JsonObject)original.DeepClone();
        declared["errorDeclaration"] = new JsonObject { ["declarationTime"] = "2026-03-02T10:00:00+08:00", ["reason"] = "incorrect_data" };
        using (var second = await PostAsync(client, "/epcis/events", declared.ToJsonString(), "application/ld+json")) Assert.Equal(HttpStatusCode.Created, second.StatusCode);
        var stored = await factory.WithDbAsync(db => db.EpcisEvents.Where(e => e.EventId == "urn:uuid:7b0fd1b0-6a1e-4a43-9c1e-11a4f0c0e001").ToListAsync(Ct));
        var only = Assert.Single(stored);
        Assert.Equal("incorrect_data", only.ErrorReason);
        Assert.Equal(new DateTimeOffset(2026, 3, 2, 2, 0, 0, TimeSpan.Zero), only.DeclaredInErrorAt);
        var read = JsonNode.Parse(await client.GetStringAsync("/epcis/events/" + Uri.EscapeDataString("urn:uuid:7b0fd1b0-6a1e-4a43-9c1e-11a4f0c0e001"), Ct))!;
        Assert.Equal("incorrect_data", read["errorDeclaration"]!["reason"]!.ToString());
    }
}

public sealed class EpcisSqliteTests(AppFactory factory) : EpcisTests<AppFactory>(factory), IClassFixture<AppFactory>;

public sealed class EpcisPostgresTests(PostgresAppFactory factory) : EpcisTests<PostgresAppFactory>(factory), IClassFixture<PostgresAppFactory>;
