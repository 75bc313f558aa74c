using Microsoft.EntityFrameworkCore;
using QualityZone.Infrastructure;
using QualityZone.Infrastructure.Data;
using QualityZone.Infrastructure.Localization;

namespace QualityZone.Features.Inspections;

public sealed record ChecklistItemInput(string? Section, string? Text, ItemKind Kind, int MaxPoints, bool FailRequiresNote, bool FailRequiresPhoto, bool FailRaisesFinding);

/// <summary>The office's checklists: edited as a whole (sections and items in order), validated before anything is saved.</summary>
public sealed class Checklists(AppDbContext db, TimeProvider time)
{
    public const string DefaultName = "出口气动元件质量安全联合检查表";

    public async Task<(CommandResult Result, Guid? Id)> SaveAsync(Guid? id, string? name, string? description, bool active, IReadOnlyList<ChecklistItemInput> items, CancellationToken ct)
    {
        var rows = items.Where(i => !string.IsNullOrWhiteSpace(i.Section) || !string.IsNullOrWhiteSpace(i.Text)).ToList();
        if (string.IsNullOrWhiteSpace(name) || name.Length > 200) return (CommandResult.Invalid(Text.Get("请填写检查表名称（不超过 200 字）")), null);
        if (rows.Count == 0) return (CommandResult.Invalid(Text.Get("检查表至少应有一个检查项")), null);
        for (var i = 0; i < rows.Count; i++)
        {
            var row = rows[i];
            if (string.IsNullOrWhiteSpace(row.Section) || string.IsNullOrWhiteSpace(row.Text)) return (CommandResult.Invalid(Text.Format("第 {0} 项：请填写所属部分和检查内容", i + 1)), null);
            if (row.MaxPoints is < 1 or > 100) return (CommandResult.Invalid(Text.Format("第 {0} 项：分值应在 1 到 100 之间", i + 1)), null);
        }
        ChecklistTemplate template;
        if (id is { } existing)
        {
            var found = await db.ChecklistTemplates.Include(t => t.Items).SingleOrDefaultAsync(t => t.Id == existing, ct);
            if (found is null) return (CommandResult.NotFound(Text.Get("检查表不存在")), null);
            template = found;
            db.ChecklistItems.RemoveRange(template.Items);
            template.Items.Clear();
            template.Version++;
        }
        else db.ChecklistTemplates.Add(template = new ChecklistTemplate { Name = "" });
        template.Name = name.Trim();
        template.Description = description?.Trim();
        template.IsActive = active;
        template.UpdatedAt = time.GetUtcNow();
        template.Items.AddRange(rows.Select((r, i) => new ChecklistItem
        {
            TemplateId = template.Id, Position = i + 1, Section = r.Section!.Trim(), Text = r.Text!.Trim(), Kind = r.Kind, MaxPoints = r.MaxPoints,
            FailRequiresNote = r.FailRequiresNote, FailRequiresPhoto = r.FailRequiresPhoto, FailRaisesFinding = r.FailRaisesFinding,
        }));
        await db.SaveChangesAsync(ct);
        return (CommandResult.Ok, template.Id);
    }

    /// <summary>
    /// The default checklist, covering the three areas seed task 12 names for the joint inspections:
    /// the quality control system's operation (design, incoming materials, production, testing,
    /// after-sales — the clauses of GB/T 19001-2016 §8.3–8.7 and §10), the traceability system's
    /// operation, and the state of the quality archive.
    /// </summary>
    public static async Task EnsureDefaultAsync(AppDbContext db, CancellationToken ct)
    {
        if (await db.ChecklistTemplates.AnyAsync(ct)) return;
        var template = new ChecklistTemplate { Name = DefaultName, Description = "覆盖质量控制体系、质量追溯体系、质量档案三方面（建设任务第 12 项）", UpdatedAt = DateTimeOffset.UtcNow };
        // <data>
        (string Section, string Text, ItemKind Kind, int Points, bool Finding)[] items =
        [
            ("质量控制体系·设计开发", "产品设计输入包含目标市场的标准与技术法规要求（如 ISO 4414、EN 983、UL/CSA）", ItemKind.Points, 10, true),
            ("质量控制体系·设计开发", "新产品有设计验证和型式试验记录", ItemKind.PassFail, 5, true),
            ("质量控制体系·进货检验", "关键原材料和外购件按检验规程进行进货检验并留存记录", ItemKind.Points, 10, true),
            ("质量控制体系·进货检验", "合格供方名录有效，供应商定期评价", ItemKind.PassFail, 5, true),
            ("质量控制体系·生产过程", "关键工序有作业指导书，工艺参数受控并有记录", ItemKind.Points, 10, true),
            ("质量控制体系·生产过程", "计量器具和检测设备在检定/校准有效期内", ItemKind.PassFail, 5, true),
            ("质量控制体系·检测能力", "出厂检验项目齐全（密封性、耐压、动作性能），记录完整", ItemKind.Points, 10, true),
            ("质量控制体系·检测能力", "不合格品有标识、隔离、评审和处置记录", ItemKind.PassFail, 5, true),
            ("质量控制体系·售后服务", "客户投诉和境外退运有登记、原因分析和纠正预防措施", ItemKind.Points, 10, true),
            ("质量追溯体系", "出口批次可追溯到生产批次、工序记录、原材料批次和供应商", ItemKind.Points, 10, true),
            ("质量追溯体系", "进货台帐与生产投料记录一致，无不合格或未检物料投产", ItemKind.PassFail, 5, true),
            ("质量档案", "出口质量月报按时报送，数据与报关单一致", ItemKind.Points, 10, true),
            ("质量档案", "质量档案（检验报告、证书、整改记录）完整并按期归档", ItemKind.PassFail, 5, false),
        ];
        // </data>
        template.Items.AddRange(items.Select((i, n) => new ChecklistItem
        {
            TemplateId = template.Id, Position = n + 1, Section = i.Section, Text = i.Text, Kind = i.Kind, MaxPoints = i.Points,
            FailRequiresNote = true, FailRequiresPhoto = i.Kind == ItemKind.Points, FailRaisesFinding = i.Finding,
        }));
        db.ChecklistTemplates.Add(template);
        await db.SaveChangesAsync(ct);
    }
}

/// <summary>The model of one editable checklist row: its form index and its values.</summary>
public sealed record ChecklistItemRow(string Index, ChecklistItemInput Item);
