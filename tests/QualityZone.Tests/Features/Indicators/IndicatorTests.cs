using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using QualityZone.Features.Enterprises;
using QualityZone.Features.Indicators;
using QualityZone.Infrastructure.Auth;
using QualityZone.Infrastructure.Demo;
using QualityZone.Tests.Infrastructure;

namespace QualityZone.Tests.Features.Indicators;

public sealed class IndicatorFormulaTests
{
    private static readonly Dictionary<string, decimal> Metrics = new() { ["batches"] = 200, ["nonconforming_batches"] = 3, ["export_value_usd"] = 0, ["notifications"] = 2 };

    [Theory]
    [InlineData("1 + 2 * 3", 7)]
    [InlineData("(1 + 2) * 3", 9)]
    [InlineData("-2 * 3 + 10 / 4", -3.5)]
    [InlineData("nonconforming_batches / batches * 100", 1.5)]
    [InlineData("（1 + 1）× 2 ÷ 4", 1)]
    public void A_formula_computes_with_the_usual_precedence(string formula, double expected)
    {
        var (parsed, error) = IndicatorFormula.Parse(formula);
        Assert.Null(error);
        Assert.Equal((decimal)expected, parsed!.Evaluate(Metrics));
    }

    [Fact]
    public void A_division_by_zero_gives_no_value_rather_than_zero()
    {
        var (parsed, _) = IndicatorFormula.Parse("notifications / (export_value_usd / 100000000)");
        Assert.Null(parsed!.Evaluate(Metrics));
    }

    [Theory]
    [InlineData("recalls_per_day * 2", "recalls_per_day")]
    [InlineData("batches *", "公式不完整")]
    [InlineData("(batches + 1", "括号不配对")]
    [InlineData("batches # 2", "无法识别")]
    [InlineData("", "公式不能为空")]
    public void A_formula_that_cannot_compute_is_refused_with_the_reason(string formula, string reason)
    {
        var (parsed, error) = IndicatorFormula.Parse(formula);
        Assert.Null(parsed);
        Assert.Contains(reason, error);
    }
}

/// <summary>The zone's indicators (task 21): computed against an independent computation, manual values with evidence, approval and publication; on SQLite and PostgreSQL.</summary>
public abstract class IndicatorTests<TFactory>(TFactory factory) where TFactory : AppFactory
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { Converters = { new System.Text.Json.Serialization.JsonStringEnumConverter() } };
    private static CancellationToken Ct => TestContext.Current.CancellationToken;
    private static DateOnly Today => DateOnly.FromDateTime(DateTime.UtcNow.AddHours(8));

    private static JsonElement Indicator(JsonElement list, string code) => list.EnumerateArray().Single(i => i.GetProperty("code").GetString() == code);

    private static JsonElement? Year(JsonElement indicator, int year) =>
        indicator.GetProperty("years").EnumerateArray().Where(y => y.GetProperty("year").GetInt32() == year).Select(y => (JsonElement?)y).SingleOrDefault();

    [Fact]
    public async Task Indicators_compute_from_the_data_approved_ones_are_published_and_frozen()
    {
        factory.RequireDatabase();
        for (var i = 0; i < 3; i++)
        {
            var id = await factory.CreateEnterpriseAsync($"奉化指标测试气动{i}有限公司");
            await factory.WithDbAsync(async db =>
            {
                var e = await db.Enterprises.Include(x => x.Markets).SingleAsync(x => x.Id == id, Ct);
                e.Admit("FH-I-" + Random.Shared.Next(100000, 999999), new DateOnly(2020, 1, 1), "测试", null, "测试", DateTimeOffset.UtcNow);
                e.Markets.AddRange(new[] { "DE", "US", "BR" }.Take(1 + i).Select(c => new EnterpriseMarket { EnterpriseId = id, CountryCode = c }));
                await db.SaveChangesAsync(Ct);
            });
        }
        await factory.WithDbAsync(db => new DemoReturns(db).SeedAsync(new Random(11), Today, 18, 3, Ct));
        var office = factory.CreateTokenClient(await factory.CreateTokenAsync(await factory.CreateUserAsync(Roles.ZoneAdmin)));
        Assert.Equal(HttpStatusCode.OK, (await office.PostAsync("/api/indicators/compute", null, Ct)).StatusCode);
        var list = await office.GetFromJsonAsync<JsonElement>("/api/indicators", Ct);

        // Last year's nonconforming batch rate and number of markets, computed here from the effective lines.
        var year = Today.Year - 1;
        var lines = await factory.WithDbAsync(db => db.ExportReturnLines.AsNoTracking()
            .Where(l => l.Effective && string.Compare(l.Period, $"{year}-01") >= 0 && string.Compare(l.Period, $"{year}-12") <= 0)
            .Select(l => new { l.Batches, l.NonconformingBatches, l.CountryCode }).ToListAsync(Ct));
        Assert.NotEmpty(lines);
        var rate = Math.Round(100m * lines.Sum(l => (decimal)l.NonconformingBatches) / lines.Sum(l => (decimal)l.Batches), 4);
        Assert.Equal(rate, Year(Indicator(list, "nonconforming-rate"), year)!.Value.GetProperty("value").GetDecimal(), 3);
        Assert.Equal(lines.Select(l => l.CountryCode).Distinct().Count(), Year(Indicator(list, "markets"), year)!.Value.GetProperty("value").GetDecimal());

        // Nothing is public until approved; approval freezes the value against recomputation.
        var anonymous = factory.CreateClient(new() { AllowAutoRedirect = false });
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync("/api/indicators", Ct)).StatusCode);
        Assert.Null(Year(Indicator(await anonymous.GetFromJsonAsync<JsonElement>("/api/indicators/published", Ct), "markets"), year));
        var markets = Indicator(list, "markets").GetProperty("id").GetGuid();
        Assert.Equal(HttpStatusCode.NoContent, (await office.PostAsync($"/api/indicators/{markets}/years/{year}/approval", null, Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, (await office.PostAsync($"/api/indicators/{markets}/years/{year}/approval", null, Ct)).StatusCode);
        var published = await anonymous.GetFromJsonAsync<JsonElement>("/api/indicators/published", Ct);
        Assert.Equal(lines.Select(l => l.CountryCode).Distinct().Count(), Year(Indicator(published, "markets"), year)!.Value.GetProperty("value").GetDecimal());
        Assert.Null(Year(Indicator(published, "nonconforming-rate"), year));
        var page = await anonymous.GetStringAsync("/portal/indicators", Ct);
        Assert.Contains("出口市场数", page);
        Assert.DoesNotContain("出口不合格批次率", page);
        await factory.WithDbAsync(db => db.IndicatorYears.Where(y => y.IndicatorId == markets && y.Year == year).ExecuteUpdateAsync(u => u.SetProperty(y => y.Value, 99m), Ct));
        await office.PostAsync("/api/indicators/compute", null, Ct);
        Assert.Equal(99m, Year(Indicator(await office.GetFromJsonAsync<JsonElement>("/api/indicators", Ct), "markets"), year)!.Value.GetProperty("value").GetDecimal());

        // Enterprises do not see the dashboard.
        var enterprise = factory.CreateTokenClient(await factory.CreateTokenAsync(await factory.CreateUserAsync(Roles.EnterpriseUser, enterpriseId: await factory.CreateEnterpriseAsync("指标隔离测试企业"))));
        Assert.Equal(HttpStatusCode.Forbidden, (await enterprise.GetAsync("/api/indicators", Ct)).StatusCode);
    }

    [Fact]
    public async Task A_bad_formula_or_a_manual_value_without_evidence_is_refused_and_nothing_is_saved()
    {
        factory.RequireDatabase();
        var office = factory.CreateTokenClient(await factory.CreateTokenAsync(await factory.CreateUserAsync(Roles.ZoneAdmin)));
        var bad = await office.PostAsJsonAsync("/api/indicators", new { code = "recall-days", nameZh = "召回天数", unit = "天", formula = "recalls * days", direction = "Down", baselineYear = Today.Year - 2 }, Json, Ct);
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.Contains("days", await bad.Content.ReadAsStringAsync(Ct));
        Assert.False(await factory.WithDbAsync(db => db.ZoneIndicators.AnyAsync(i => i.Code == "recall-days", Ct)));
        Assert.Equal(HttpStatusCode.Conflict, (await office.PostAsJsonAsync("/api/indicators", new { code = "markets", nameZh = "重复", unit = "个", formula = "markets", direction = "Up" }, Json, Ct)).StatusCode);
        var created = await office.PostAsJsonAsync("/api/indicators", new { code = "training-sessions", nameZh = "年度培训场次", unit = "场", direction = "Up", baselineYear = Today.Year - 2 }, Json, Ct);
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var id = (await created.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("id").GetGuid();

        // A manual value needs its evidence; a formula indicator takes no manual value.
        var noEvidence = await office.PutAsJsonAsync($"/api/indicators/{id}/years/{Today.Year - 1}", new { target = 2, value = 3 }, Json, Ct);
        Assert.Equal(HttpStatusCode.BadRequest, noEvidence.StatusCode);
        Assert.Contains("佐证材料", await noEvidence.Content.ReadAsStringAsync(Ct));
        Assert.False(await factory.WithDbAsync(db => db.IndicatorYears.AnyAsync(y => y.IndicatorId == id, Ct)));
        var markets = await factory.WithDbAsync(db => db.ZoneIndicators.Where(i => i.Code == "markets").Select(i => i.Id).SingleAsync(Ct));
        Assert.Equal(HttpStatusCode.BadRequest, (await office.PutAsJsonAsync($"/api/indicators/{markets}/years/{Today.Year - 1}", new { value = 3 }, Json, Ct)).StatusCode);

        await using (var scope = factory.Services.CreateAsyncScope())
        {
            var result = await scope.ServiceProvider.GetRequiredService<IndicatorCommands>().SetYearAsync(id, Today.Year - 1, new IndicatorYearInput(2, 3, "培训签到表"),
                new MemoryStream(DemoSeeder.MinimalPdf("attendance")), "签到表.pdf", Ct);
            Assert.True(result.Succeeded, result.Error);
        }
        var row = await factory.WithDbAsync(db => db.IndicatorYears.AsNoTracking().SingleAsync(y => y.IndicatorId == id, Ct));
        Assert.Equal((3m, 2m, "签到表.pdf"), (row.Value!.Value, row.Target!.Value, row.EvidenceFileName));
        var indicator = Indicator(await office.GetFromJsonAsync<JsonElement>("/api/indicators", Ct), "training-sessions");
        Assert.True(Year(indicator, Today.Year - 1)!.Value.GetProperty("meetsTarget").GetBoolean());
    }
}

public sealed class IndicatorSqliteTests(AppFactory factory) : IndicatorTests<AppFactory>(factory), IClassFixture<AppFactory>;

public sealed class IndicatorPostgresTests(PostgresAppFactory factory) : IndicatorTests<PostgresAppFactory>(factory), IClassFixture<PostgresAppFactory>;
