using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using QualityZone.Features.Audit;
using QualityZone.Tests.Infrastructure;

namespace QualityZone.Tests.Features.Audit;

/// <summary>
/// The audit log keeps enum values by their CLR names (Director, PendingVerification); the page shows each by the label
/// its feature shows elsewhere (理事单位 / Director member), in the reader's language (issue 21).
/// </summary>
[Collection(DemoZoneCollection.Name)]
public sealed partial class AuditLabelsTests(DemoZoneFactory factory)
{
    [Fact]
    public async Task Every_enum_value_a_record_stores_is_shown_in_the_readers_language()
    {
        var enumTypes = await factory.WithDbAsync(db => Task.FromResult(db.Model.GetEntityTypes().SelectMany(e => e.GetProperties())
            .Select(p => Nullable.GetUnderlyingType(p.ClrType) ?? p.ClrType).Where(t => t.IsEnum && t.Namespace!.StartsWith("QualityZone", StringComparison.Ordinal))
            .Distinct().ToList()));
        Assert.True(enumTypes.Count > 30, $"only {enumTypes.Count} enum types found in the model");
        var wrong = new List<string>();
        var previous = CultureInfo.CurrentUICulture;
        try
        {
            foreach (var type in enumTypes)
                foreach (var name in Enum.GetNames(type))
                {
                    var value = JsonSerializer.SerializeToElement(name);
                    CultureInfo.CurrentUICulture = new("zh-CN");
                    var chinese = AuditLabels.Value(value, _ => "", type);
                    CultureInfo.CurrentUICulture = new("en");
                    var english = AuditLabels.Value(value, _ => "", type);
                    // Shown by a label, not by its name or the name's words (ODM and "WTO ePing" are labels; "Sign in failed" is not).
                    if (chinese == name || chinese == AuditLabels.Words(name)) wrong.Add($"{type.Name}.{name} in Chinese: {chinese}");
                    if (Chinese().IsMatch(english)) wrong.Add($"{type.Name}.{name} in English: {english}");
                }
        }
        finally { CultureInfo.CurrentUICulture = previous; }
        Assert.True(wrong.Count == 0, string.Join(Environment.NewLine, wrong));
    }

    [Fact]
    public void A_text_the_platform_keeps_as_a_message_is_shown_in_the_readers_language()
    {
        var value = JsonSerializer.SerializeToElement(QualityZone.Features.Testing.TestingLabels.Conclusion([("泄漏量", "Leakage")]));
        var previous = CultureInfo.CurrentUICulture;
        try
        {
            CultureInfo.CurrentUICulture = new("zh-CN");
            Assert.Equal("所检项目中 泄漏量 不符合标准要求。", AuditLabels.Value(value, _ => "", typeof(string)));
            CultureInfo.CurrentUICulture = new("en");
            Assert.Equal("Of the items tested, Leakage do not meet the requirements.", AuditLabels.Value(value, _ => "", typeof(string)));
        }
        finally { CultureInfo.CurrentUICulture = previous; }
    }

    [Fact]
    public async Task Every_field_a_record_stores_is_named_in_chinese_on_a_chinese_page()
    {
        var fields = await factory.WithDbAsync(db => Task.FromResult(db.Model.GetEntityTypes().Where(e => !e.IsOwned())
            .SelectMany(e => e.GetProperties()).Where(p => !p.IsShadowProperty()).Select(p => p.Name).Distinct().Order().ToList()));
        var previous = CultureInfo.CurrentUICulture;
        try
        {
            CultureInfo.CurrentUICulture = new("zh-CN");
            var english = fields.Where(f => !Chinese().IsMatch(AuditLabels.Field(f))).Select(f => $"{f}: {AuditLabels.Field(f)}").ToList();
            Assert.True(english.Count == 0, $"{english.Count} of {fields.Count} fields without a Chinese name:{Environment.NewLine}{string.Join(Environment.NewLine, english)}");
        }
        finally { CultureInfo.CurrentUICulture = previous; }
    }

    [Fact]
    public void A_member_level_is_shown_by_the_associations_label_not_a_css_class_or_its_name()
    {
        var previous = CultureInfo.CurrentUICulture;
        try
        {
            CultureInfo.CurrentUICulture = new("zh-CN");
            Assert.Equal("理事单位", AuditLabels.EnumLabel(typeof(QualityZone.Features.Association.MemberLevel), "Director"));
            // A risk level has a label, a CSS class and a key: the label is chosen.
            Assert.Equal(QualityZone.Features.Risks.RiskLabels.Level(QualityZone.Features.Risks.RiskLevel.High),
                AuditLabels.EnumLabel(typeof(QualityZone.Features.Risks.RiskLevel?), "High"));
            Assert.Null(AuditLabels.EnumLabel(typeof(string), "Director"));
            // Field names too: an evidence file's upload time, not "Uploaded at", on a Chinese page.
            Assert.Equal("上传时间", AuditLabels.Field("UploadedAt"));
            Assert.Null(AuditLabels.EnumLabel(typeof(QualityZone.Features.Association.MemberLevel), "Chairman"));
        }
        finally { CultureInfo.CurrentUICulture = previous; }
    }

    [GeneratedRegex(@"\p{IsCJKUnifiedIdeographs}")]
    private static partial Regex Chinese();
}
