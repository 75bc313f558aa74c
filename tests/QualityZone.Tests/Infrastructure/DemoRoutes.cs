using System.Linq.Expressions;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using QualityZone.Infrastructure.Data;

namespace QualityZone.Tests.Infrastructure;

/// <summary>Fills the route values of the app's endpoints with records of the demo zone that a role can see.</summary>
public sealed partial class DemoRoutes(DemoZoneFactory factory)
{
    /// <summary>
    /// The URLs to request for a pattern: the pattern itself when it has no parameters; with an
    /// optional id both without it (a new record) and with one; null when the role can see no
    /// record to fill a required value with.
    /// </summary>
    public async Task<IReadOnlyList<string>?> ConcreteUrlsAsync(string pattern, Guid? enterpriseId, bool another = false)
    {
        var urls = new List<string>();
        var withoutOptional = OptionalParameter().Replace(pattern, "");
        if (withoutOptional != pattern && !Parameter().IsMatch(withoutOptional)) urls.Add(withoutOptional);
        this.another = another;
        var values = await ValuesForAsync(pattern, enterpriseId, another);
        if (another) return values is null ? null : [Parameter().Replace(pattern, m => values[m.Groups[1].Value])];
        if (values is null) return urls.Count > 0 ? urls : null;
        var filled = Parameter().Replace(pattern, m => values[m.Groups[1].Value]);
        urls.Add(filled);
        return urls;
    }

    /// <summary>
    /// Values for the route parameters of a pattern, chosen by what the pattern's resource is, among
    /// the records the role can see; a file of a record comes with the record's id.
    /// </summary>
    public async Task<Dictionary<string, string>?> ValuesForAsync(string pattern, Guid? enterpriseId, bool another = false)
    {
        await using var scope = factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var names = Parameter().Matches(pattern).Select(m => m.Groups[1].Value).ToList();
        Dictionary<string, string>? Pair(string? parent, string? child) =>
            parent is null || child is null ? null : new() { [names[0]] = parent, [names[1]] = child };
        // With another: a record of an enterprise other than the given one (only for records that belong to an enterprise).
        var mine = enterpriseId;
        if (another) { Owned = null; mine = null; }
        switch (names.LastOrDefault())
        {
            case "certificateId":
                var certificate = await db.Certificates.Where(c => c.FileSha256 != null && (mine == null || c.EnterpriseId == mine) && (!another || c.EnterpriseId != enterpriseId)).Select(c => new { c.EnterpriseId, c.Id }).FirstOrDefaultAsync();
                Owned = typeof(QualityZone.Features.Enterprises.Certificate);
                return Pair(certificate?.EnterpriseId.ToString(), certificate?.Id.ToString());
            case "letterId":
                var letter = await db.CommitmentLetters.Where(l => (mine == null || l.EnterpriseId == mine) && (!another || l.EnterpriseId != enterpriseId)).Select(l => new { l.EnterpriseId, l.Id }).FirstOrDefaultAsync();
                Owned = typeof(QualityZone.Features.Commitments.CommitmentLetter);
                return Pair(letter?.EnterpriseId.ToString(), letter?.Id.ToString());
            case "eventId":
                var evt = await db.EnterpriseEvents.Where(e => e.EvidenceFileName != null && (mine == null || e.EnterpriseId == mine) && (!another || e.EnterpriseId != enterpriseId)).Select(e => new { e.EnterpriseId, e.Id }).FirstOrDefaultAsync();
                Owned = typeof(QualityZone.Features.Enterprises.EnterpriseEvent);
                return Pair(evt?.EnterpriseId.ToString(), evt?.Id.ToString());
            case "itemId":
                var item = await (from i in db.Set<QualityZone.Features.Admission.ApplicationItem>()
                                  join a in db.AdmissionApplications on i.ApplicationId equals a.Id
                                  where i.FileSha256 != null && (mine == null || a.EnterpriseId == mine) && (!another || a.EnterpriseId != enterpriseId)
                                  select new { a.Id, ItemId = i.Id }).FirstOrDefaultAsync();
                Owned = typeof(QualityZone.Features.Admission.AdmissionApplication);
                return Pair(item?.Id.ToString(), item?.ItemId.ToString());
            case "answerId":
                Owned = typeof(QualityZone.Features.Inspections.InspectionRecord);
                var answer = await db.InspectionAnswers.Where(a => a.PhotoFileName != null && (mine == null || db.InspectionRecords.Any(r => r.Id == a.RecordId && r.EnterpriseId == mine))
                        && (!another || db.InspectionRecords.Any(r => r.Id == a.RecordId && r.EnterpriseId != enterpriseId)))
                    .Select(a => (Guid?)a.Id).FirstOrDefaultAsync();
                return answer is null ? null : new() { ["answerId"] = answer.Value.ToString() };
            case "fileId" when pattern.StartsWith("/training/", StringComparison.Ordinal):
                var material = await db.TrainingMaterials.Select(m => new { m.SessionId, m.Id }).FirstOrDefaultAsync();
                return another ? null : Pair(material?.SessionId.ToString(), material?.Id.ToString());
            case "fileId" when pattern.StartsWith("/cases/", StringComparison.Ordinal):
                var caseFile = await (from f in db.CaseFiles
                                      join c in db.PracticeCases on f.CaseId equals c.Id
                                      where c.State == QualityZone.Features.Publicity.CaseState.Published && (!another || c.EnterpriseId != enterpriseId)
                                      select new { c.Id, FileId = f.Id }).FirstOrDefaultAsync();
                return another ? null : Pair(caseFile?.Id.ToString(), caseFile?.FileId.ToString());
            case "fileId" when pattern.StartsWith("/policies/", StringComparison.Ordinal):
                var policyFile = await db.PolicyFiles.Select(f => new { f.PolicyId, f.Id }).FirstOrDefaultAsync();
                return another ? null : Pair(policyFile?.PolicyId.ToString(), policyFile?.Id.ToString());
            case "fileId" when pattern.StartsWith("/testing/", StringComparison.Ordinal):
                var attachment = await (from a in db.TestRequestAttachments
                                        join r in db.TestRequests on a.RequestId equals r.Id
                                        where (mine == null || r.EnterpriseId == mine) && (!another || r.EnterpriseId != enterpriseId)
                                        select new { r.Id, FileId = a.Id }).FirstOrDefaultAsync();
                Owned = typeof(QualityZone.Features.Testing.TestRequest);
                return Pair(attachment?.Id.ToString(), attachment?.FileId.ToString());
            case "responseId" or "questionId" when pattern.StartsWith("/surveys/", StringComparison.Ordinal):
                // A response with a file answer for the file routes, a submitted one for the response page; the enterprise's own.
                var withFile = names.Last() == "questionId";
                // The enterprise's own answer route cannot name another enterprise's response.
                if (another && pattern.Contains("/answer/", StringComparison.Ordinal)) return null;
                var response = await (from a in db.SurveyAnswers
                                      join r in db.SurveyResponses on a.ResponseId equals r.Id
                                      where (!withFile || a.Value.StartsWith("{")) && (mine == null || r.EnterpriseId == mine) && (!another || r.EnterpriseId != enterpriseId)
                                      orderby r.State descending
                                      select new { r.SurveyId, ResponseId = r.Id, a.QuestionId }).FirstOrDefaultAsync();
                Owned = typeof(QualityZone.Features.Surveys.SurveyResponse);
                if (response is null) return null;
                var found = new Dictionary<string, string> { ["id"] = response.SurveyId.ToString(), ["responseId"] = response.ResponseId.ToString(), ["questionId"] = response.QuestionId.ToString() };
                return names.ToDictionary(n => n, n => found[n]);
        }
        var values = new Dictionary<string, string>();
        foreach (var name in names)
        {
            var value = await ValueForAsync(db, pattern, name, enterpriseId, another);
            if (value is null) return null;
            values[name] = value;
        }
        return values;
    }

    /// <summary>The entity type of the record the last resolved route names, when it belongs to an enterprise.</summary>
    public Type? Owned { get; private set; }

    private async Task<string?> ValueForAsync(AppDbContext db, string pattern, string parameter, Guid? enterpriseId, bool another)
    {
        // A report's generated version: the demo's reports have a first one.
        if (pattern.StartsWith("/reports/", StringComparison.Ordinal) && parameter is "number" or "format") return parameter == "number" ? "1" : "pdf";
        // A test report's file: the demo's issued reports have both.
        if (pattern.StartsWith("/testing/", StringComparison.Ordinal) && parameter == "format") return "pdf";
        if (pattern.StartsWith("/training/certificates/", StringComparison.Ordinal) && parameter == "format") return "pdf";
        // An indicator's year with evidence: the demo's manual indicator has one every year.
        if (pattern.StartsWith("/indicators/", StringComparison.Ordinal) && parameter == "year") return (DateTime.UtcNow.Year - 1).ToString();
        switch (parameter)
        {
            case "number": return "2";
            case "measure": return "1";
            case "documentName": return "v1";
            case "culture": return another ? null : "en";
            case "enterpriseId": return another ? await OtherEnterpriseAsync(db, enterpriseId) : enterpriseId?.ToString() ?? await FirstIdAsync(db.Enterprises, null);
        }
        // The id of the resource the route names, from the path segment before it.
        var resource = pattern.Split('/', StringSplitOptions.RemoveEmptyEntries).TakeWhile(s => !s.StartsWith('{')).LastOrDefault(s => s != "edit" && s != "api");
        if (another && resource != "enterprises" && (parameter is "number" or "measure" or "documentName" || pattern.StartsWith("/admin/", StringComparison.Ordinal))) return null;
        if (pattern.StartsWith("/admin/users/edit", StringComparison.Ordinal))
            return await db.Users.Where(u => u.Email == "market@demo.qz").Select(u => u.Id).SingleAsync();
        return resource switch
        {
            "enterprises" => another ? await OtherEnterpriseAsync(db, enterpriseId) : enterpriseId?.ToString() ?? await FirstIdAsync(db.Enterprises, null),
            "suppliers" => await FirstIdAsync(db.Suppliers, enterpriseId),
            "ledger" or "material-lots" => await FirstIdAsync(db.MaterialLots, enterpriseId),
            "batches" => await FirstIdAsync(db.ProductionBatches, enterpriseId),
            "shipments" => await FirstIdAsync(db.Shipments, enterpriseId),
            "trace-requests" => await FirstIdAsync(db.TraceRequests, enterpriseId),
            "risks" => await FirstIdAsync(db.RiskItems, enterpriseId),
            // An enterprise sees the response cases it is invited to, and no inspection round (only its own record).
            "tbt" => await FirstIdAsync(db.TbtCases.Where(c => enterpriseId == null || c.Invitations.Any(i => i.EnterpriseId == enterpriseId)), null),
            "notices" => await FirstIdAsync(db.Notices.Where(n => n.Status == QualityZone.Features.Portal.NoticeStatus.Published), null),
            "manage" => await FirstIdAsync(db.Notices, null),
            "attachments" => await FirstIdAsync(db.NoticeAttachments, null),
            "notice-feeds" => await FirstIdAsync(db.NoticeFeedSources, null),
            "meetings" => await FirstIdAsync(db.JointMeetings, null),
            "reports" => await FirstIdAsync(db.AnalysisReports, null),
            // A report's file needs an issued report, a sample label a received sample.
            "training" or "sessions" => await FirstIdAsync(db.TrainingSessions, null),
            // A participant's assessment page needs one who was present; a certificate file an issued certificate.
            "registrations" when pattern.Contains("assessment") => await FirstIdAsync(db.TrainingRegistrations.Where(r => r.AttendedAt != null), enterpriseId),
            "registrations" => await FirstIdAsync(db.TrainingRegistrations, enterpriseId),
            "certificates" when pattern.StartsWith("/training/", StringComparison.Ordinal) => await FirstIdAsync(db.TrainingRegistrations.Where(r => r.CertificateNumber != null), enterpriseId),
            "testing" or "test-requests" => await FirstIdAsync(db.TestRequests.Where(r => r.ReportPdfSha256 != null || !(pattern.Contains("report") || pattern.Contains("label"))), enterpriseId),
            // A survey sent to the enterprise (an enterprise sees only those).
            "surveys" => await FirstIdAsync(db.SurveyCampaigns.Where(c => enterpriseId == null || db.SurveyResponses.Any(r => r.SurveyId == c.Id && r.EnterpriseId == enterpriseId)), null),
            "documents" when pattern.Contains("governance") => await FirstIdAsync(db.GoverningDocuments, null),
            "items" when pattern.Contains("acceptance") => await FirstIdAsync(db.AssessmentItems, null),
            "files" when pattern.Contains("acceptance") => await FirstIdAsync(db.AssessmentFiles, null),
            "indicators" => (await db.IndicatorYears.Where(y => y.EvidenceSha256 != null).Select(y => (Guid?)y.IndicatorId).FirstOrDefaultAsync())?.ToString(),
            "rounds" => enterpriseId is null ? await FirstIdAsync(db.InspectionRounds, null) : null,
            "records" => await FirstIdAsync(db.InspectionRecords, enterpriseId),
            "laboratories" => await FirstIdAsync(db.CandidateLabs, enterpriseId),
            // A reward with claims (an enterprise its own claim); a year of the appraisal with the demo's scores.
            "policies" => await FirstIdAsync(db.Policies.Where(p => p.Type == (pattern.Contains("grants") ? QualityZone.Features.Policies.PolicyType.Facilitation : QualityZone.Features.Policies.PolicyType.Reward)), null),
            "policy-claims" or "claims" when pattern.Contains("polic") => await FirstIdAsync(db.PolicyClaims, enterpriseId),
            "appraisal" or "mechanism" => (DateTime.UtcNow.Year - 1).ToString(),
            "members" => await FirstIdAsync(db.Memberships, enterpriseId),
            "complaints" => await FirstIdAsync(db.Complaints, enterpriseId),
            // A case: a published one for anyone (the demo's have files), an enterprise's own; another enterprise's only unpublished (a published case is public).
            "cases" => await FirstIdAsync(db.PracticeCases.Where(c => another ? c.State != QualityZone.Features.Publicity.CaseState.Published
                : c.State == QualityZone.Features.Publicity.CaseState.Published || enterpriseId != null), enterpriseId),
            "checklists" => await FirstIdAsync(db.ChecklistTemplates, null),
            "returns" or "export-returns" => await FirstIdAsync(db.ExportReturns, enterpriseId),
            "admission" => await FirstIdAsync(db.AdmissionApplications, enterpriseId),
            "actions" => await FirstIdAsync(db.CorrectiveActions, enterpriseId),
            "evidence" => await FirstIdAsync(db.EvidenceFiles, null),
            "tasks" => "2",
            "notice-alerts" => await FirstIdAsync(db.NoticeAlerts, enterpriseId),
            "tokens" => await FirstIdAsync(db.ApiTokens, null),
            "capture" when pattern.StartsWith("/epcis/", StringComparison.Ordinal) => await FirstIdAsync(db.EpcisCaptureJobs, enterpriseId),
            "events" when pattern.StartsWith("/epcis/", StringComparison.Ordinal) => await EpcisEventIdAsync(db, enterpriseId),
            _ => throw new InvalidOperationException($"DemoRoutes does not know which record fills {{{parameter}}} of {pattern}: add it to ValueForAsync"),
        };
    }

    /// <summary>The first record's id, among the enterprise's own when the entity belongs to an enterprise and the role is an enterprise.</summary>
    private async Task<string?> OtherEnterpriseAsync(AppDbContext db, Guid? enterpriseId)
    {
        Owned = typeof(QualityZone.Features.Enterprises.Enterprise);
        return (await db.Enterprises.Where(e => e.Id != enterpriseId).Select(e => e.Id).FirstAsync()).ToString();
    }

    private bool another;

    /// <summary>An EPCIS event's eventID (its key is the standard's URI, not a Guid), escaped for the path.</summary>
    private async Task<string?> EpcisEventIdAsync(AppDbContext db, Guid? enterpriseId)
    {
        if (another && enterpriseId is null) return null;
        if (another) Owned = typeof(QualityZone.Features.Epcis.EpcisEvent);
        var events = db.EpcisEvents.AsNoTracking().Where(e => enterpriseId == null || (another ? e.EnterpriseId != enterpriseId : e.EnterpriseId == enterpriseId));
        var id = await events.OrderBy(e => e.Id).Select(e => e.EventId).FirstOrDefaultAsync();
        return id is null ? null : Uri.EscapeDataString(id);
    }

    private async Task<string?> FirstIdAsync<T>(IQueryable<T> query, Guid? enterpriseId) where T : class
    {
        var entity = Expression.Parameter(typeof(T), "e");
        var property = typeof(T).GetProperty("EnterpriseId");
        if (another)
        {
            // Another enterprise's record: only for what belongs to an enterprise.
            if (property is null || enterpriseId is null) return null;
            Owned = typeof(T);
            var owner = Expression.Convert(Expression.Property(entity, property), typeof(Guid?));
            var differs = Expression.AndAlso(Expression.NotEqual(owner, Expression.Constant(null, typeof(Guid?))), Expression.NotEqual(owner, Expression.Constant(enterpriseId, typeof(Guid?))));
            query = query.Where(Expression.Lambda<Func<T, bool>>(differs, entity));
        }
        else if (enterpriseId is { } mineId && property is not null)
        {
            var equals = Expression.Equal(Expression.Convert(Expression.Property(entity, property), typeof(Guid?)), Expression.Constant(mineId, typeof(Guid?)));
            query = query.Where(Expression.Lambda<Func<T, bool>>(equals, entity));
        }
        var id = Expression.Lambda<Func<T, Guid>>(Expression.Property(entity, "Id"), entity);
        var ids = await query.AsNoTracking().Select(id).Take(1).ToListAsync();
        return ids.Count == 0 ? null : ids[0].ToString();
    }

    [GeneratedRegex(@"/\{[^}]+\?\}")]
    public static partial Regex OptionalParameter();

    [GeneratedRegex(@"\{([a-zA-Z]+)[^}]*\}")]
    public static partial Regex Parameter();
}

[CollectionDefinition(Name)]
public sealed class DemoZoneCollection : ICollectionFixture<DemoZoneFactory>
{
    public const string Name = "demo zone";
}
