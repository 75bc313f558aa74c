using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;
using QualityZone.Features.Accounts;
using QualityZone.Features.Admission;
using QualityZone.Features.Audit;
using QualityZone.Features.Commitments;
using QualityZone.Features.Departments;
using QualityZone.Features.Enterprises;
using QualityZone.Features.ExportArchives;
using QualityZone.Features.Settings;
using QualityZone.Features.ZoneTasks;

namespace QualityZone.Infrastructure.Data;

/// <summary>
/// The one model of the platform. Each provider has a subclass (<see cref="SqliteAppDbContext"/>,
/// <see cref="PostgresAppDbContext"/>) that owns its migrations; everything else uses this type.
/// </summary>
public abstract class AppDbContext(DbContextOptions options) : IdentityDbContext<AppUser>(options), Microsoft.AspNetCore.DataProtection.EntityFrameworkCore.IDataProtectionKeyContext
{
    public DbSet<Department> Departments => Set<Department>();
    public DbSet<Enterprise> Enterprises => Set<Enterprise>();
    public DbSet<EnterpriseProduct> EnterpriseProducts => Set<EnterpriseProduct>();
    public DbSet<EnterpriseMarket> EnterpriseMarkets => Set<EnterpriseMarket>();
    public DbSet<EnterpriseEvent> EnterpriseEvents => Set<EnterpriseEvent>();
    public DbSet<CodeListItem> CodeListItems => Set<CodeListItem>();
    public DbSet<Certificate> Certificates => Set<Certificate>();
    public DbSet<Brand> Brands => Set<Brand>();
    public DbSet<IdentityChangeRequest> IdentityChangeRequests => Set<IdentityChangeRequest>();
    public DbSet<QualityZone.Features.Notifications.Notification> Notifications => Set<QualityZone.Features.Notifications.Notification>();
    public DbSet<CommitmentTemplate> CommitmentTemplates => Set<CommitmentTemplate>();
    public DbSet<CommitmentLetter> CommitmentLetters => Set<CommitmentLetter>();
    public DbSet<AdmissionCriterion> AdmissionCriteria => Set<AdmissionCriterion>();
    public DbSet<AdmissionApplication> AdmissionApplications => Set<AdmissionApplication>();
    public DbSet<QualityZone.Features.Evaluations.EvaluationCriterion> EvaluationCriteria => Set<QualityZone.Features.Evaluations.EvaluationCriterion>();
    public DbSet<QualityZone.Features.Evaluations.Evaluation> Evaluations => Set<QualityZone.Features.Evaluations.Evaluation>();
    public DbSet<ApiToken> ApiTokens => Set<ApiToken>();
    public DbSet<UserSession> UserSessions => Set<UserSession>();
    public DbSet<QualityZone.Infrastructure.Jobs.JobLease> JobLeases => Set<QualityZone.Infrastructure.Jobs.JobLease>();
    public DbSet<Microsoft.AspNetCore.DataProtection.EntityFrameworkCore.DataProtectionKey> DataProtectionKeys => Set<Microsoft.AspNetCore.DataProtection.EntityFrameworkCore.DataProtectionKey>();
    public DbSet<ZoneTask> ZoneTasks => Set<ZoneTask>();
    public DbSet<TaskDepartment> TaskDepartments => Set<TaskDepartment>();
    public DbSet<TaskMeasure> TaskMeasures => Set<TaskMeasure>();
    public DbSet<MeasureNote> MeasureNotes => Set<MeasureNote>();
    public DbSet<EvidenceFile> EvidenceFiles => Set<EvidenceFile>();
    public DbSet<ZoneSetting> ZoneSettings => Set<ZoneSetting>();
    public DbSet<ExportReturn> ExportReturns => Set<ExportReturn>();
    public DbSet<ExportReturnVersion> ExportReturnVersions => Set<ExportReturnVersion>();
    public DbSet<ExportReturnLine> ExportReturnLines => Set<ExportReturnLine>();
    public DbSet<ExportReturnIncident> ExportReturnIncidents => Set<ExportReturnIncident>();
    public DbSet<ExchangeRate> ExchangeRates => Set<ExchangeRate>();
    public DbSet<ReturnReminder> ReturnReminders => Set<ReturnReminder>();
    public DbSet<CustomsDeclarationLine> CustomsDeclarationLines => Set<CustomsDeclarationLine>();
    public DbSet<QualityZone.Features.Traceability.Supplier> Suppliers => Set<QualityZone.Features.Traceability.Supplier>();
    public DbSet<QualityZone.Features.Traceability.SupplierCertificate> SupplierCertificates => Set<QualityZone.Features.Traceability.SupplierCertificate>();
    public DbSet<QualityZone.Features.Traceability.SupplierEvaluation> SupplierEvaluations => Set<QualityZone.Features.Traceability.SupplierEvaluation>();
    public DbSet<QualityZone.Features.Traceability.Material> Materials => Set<QualityZone.Features.Traceability.Material>();
    public DbSet<QualityZone.Features.Traceability.MaterialSource> MaterialSources => Set<QualityZone.Features.Traceability.MaterialSource>();
    public DbSet<QualityZone.Features.Traceability.MaterialLot> MaterialLots => Set<QualityZone.Features.Traceability.MaterialLot>();
    public DbSet<QualityZone.Features.Traceability.ProductionBatch> ProductionBatches => Set<QualityZone.Features.Traceability.ProductionBatch>();
    public DbSet<QualityZone.Features.Traceability.BatchStep> BatchSteps => Set<QualityZone.Features.Traceability.BatchStep>();
    public DbSet<QualityZone.Features.Epcis.EpcisEvent> EpcisEvents => Set<QualityZone.Features.Epcis.EpcisEvent>();
    public DbSet<QualityZone.Features.Epcis.EpcisEventEpc> EpcisEventEpcs => Set<QualityZone.Features.Epcis.EpcisEventEpc>();
    public DbSet<QualityZone.Features.Epcis.EpcisCaptureJob> EpcisCaptureJobs => Set<QualityZone.Features.Epcis.EpcisCaptureJob>();
    public DbSet<QualityZone.Features.Epcis.EpcisMasterData> EpcisMasterData => Set<QualityZone.Features.Epcis.EpcisMasterData>();
    public DbSet<QualityZone.Features.Traceability.BatchComponent> BatchComponents => Set<QualityZone.Features.Traceability.BatchComponent>();
    public DbSet<QualityZone.Features.Traceability.Shipment> Shipments => Set<QualityZone.Features.Traceability.Shipment>();
    public DbSet<QualityZone.Features.Traceability.ShipmentLine> ShipmentLines => Set<QualityZone.Features.Traceability.ShipmentLine>();
    public DbSet<QualityZone.Features.Traceability.TraceRequest> TraceRequests => Set<QualityZone.Features.Traceability.TraceRequest>();
    public DbSet<QualityZone.Features.Actions.CorrectiveAction> CorrectiveActions => Set<QualityZone.Features.Actions.CorrectiveAction>();
    public DbSet<QualityZone.Features.Actions.ActionEvent> ActionEvents => Set<QualityZone.Features.Actions.ActionEvent>();
    public DbSet<QualityZone.Features.Meetings.JointMeeting> JointMeetings => Set<QualityZone.Features.Meetings.JointMeeting>();
    public DbSet<QualityZone.Features.Meetings.MeetingAttendee> MeetingAttendees => Set<QualityZone.Features.Meetings.MeetingAttendee>();
    public DbSet<QualityZone.Features.Inspections.ChecklistTemplate> ChecklistTemplates => Set<QualityZone.Features.Inspections.ChecklistTemplate>();
    public DbSet<QualityZone.Features.Inspections.ChecklistItem> ChecklistItems => Set<QualityZone.Features.Inspections.ChecklistItem>();
    public DbSet<QualityZone.Features.Inspections.InspectionRound> InspectionRounds => Set<QualityZone.Features.Inspections.InspectionRound>();
    public DbSet<QualityZone.Features.Inspections.InspectionRecord> InspectionRecords => Set<QualityZone.Features.Inspections.InspectionRecord>();
    public DbSet<QualityZone.Features.Inspections.InspectionAnswer> InspectionAnswers => Set<QualityZone.Features.Inspections.InspectionAnswer>();
    public DbSet<QualityZone.Features.Inspections.InspectionFinding> InspectionFindings => Set<QualityZone.Features.Inspections.InspectionFinding>();
    public DbSet<QualityZone.Features.Risks.RiskItem> RiskItems => Set<QualityZone.Features.Risks.RiskItem>();
    public DbSet<QualityZone.Features.Risks.RiskReview> RiskReviews => Set<QualityZone.Features.Risks.RiskReview>();
    public DbSet<QualityZone.Features.Risks.WarningSignal> WarningSignals => Set<QualityZone.Features.Risks.WarningSignal>();
    public DbSet<QualityZone.Features.Risks.EnterpriseRiskScore> EnterpriseRiskScores => Set<QualityZone.Features.Risks.EnterpriseRiskScore>();
    public DbSet<QualityZone.Features.Portal.Notice> Notices => Set<QualityZone.Features.Portal.Notice>();
    public DbSet<QualityZone.Features.Portal.NoticeAttachment> NoticeAttachments => Set<QualityZone.Features.Portal.NoticeAttachment>();
    public DbSet<QualityZone.Features.Portal.NoticeAlert> NoticeAlerts => Set<QualityZone.Features.Portal.NoticeAlert>();
    public DbSet<QualityZone.Features.Portal.NoticeSubscription> NoticeSubscriptions => Set<QualityZone.Features.Portal.NoticeSubscription>();
    public DbSet<QualityZone.Features.Portal.ExportProfileEntry> ExportProfiles => Set<QualityZone.Features.Portal.ExportProfileEntry>();
    public DbSet<QualityZone.Features.Portal.NoticeFeedSource> NoticeFeedSources => Set<QualityZone.Features.Portal.NoticeFeedSource>();
    public DbSet<QualityZone.Features.Portal.TbtCase> TbtCases => Set<QualityZone.Features.Portal.TbtCase>();
    public DbSet<QualityZone.Features.Portal.ImpactStatement> ImpactStatements => Set<QualityZone.Features.Portal.ImpactStatement>();
    public DbSet<QualityZone.Features.Portal.StandardParticipation> StandardParticipations => Set<QualityZone.Features.Portal.StandardParticipation>();
    public DbSet<QualityZone.Features.Testing.TestItem> TestItems => Set<QualityZone.Features.Testing.TestItem>();
    public DbSet<QualityZone.Features.Testing.TestPackage> TestPackages => Set<QualityZone.Features.Testing.TestPackage>();
    public DbSet<QualityZone.Features.Testing.SubsidyRule> SubsidyRules => Set<QualityZone.Features.Testing.SubsidyRule>();
    public DbSet<QualityZone.Features.Testing.TestRequest> TestRequests => Set<QualityZone.Features.Testing.TestRequest>();
    public DbSet<QualityZone.Features.Testing.RequestItem> TestRequestItems => Set<QualityZone.Features.Testing.RequestItem>();
    public DbSet<QualityZone.Features.Testing.TestResult> TestResults => Set<QualityZone.Features.Testing.TestResult>();
    public DbSet<QualityZone.Features.Testing.RequestEvent> TestRequestEvents => Set<QualityZone.Features.Testing.RequestEvent>();
    public DbSet<QualityZone.Features.Testing.RequestAttachment> TestRequestAttachments => Set<QualityZone.Features.Testing.RequestAttachment>();
    public DbSet<QualityZone.Features.Training.TrainingSession> TrainingSessions => Set<QualityZone.Features.Training.TrainingSession>();
    public DbSet<QualityZone.Features.Training.TrainingRegistration> TrainingRegistrations => Set<QualityZone.Features.Training.TrainingRegistration>();
    public DbSet<QualityZone.Features.Training.TrainingQuestion> TrainingQuestions => Set<QualityZone.Features.Training.TrainingQuestion>();
    public DbSet<QualityZone.Features.Training.TrainingMaterial> TrainingMaterials => Set<QualityZone.Features.Training.TrainingMaterial>();
    public DbSet<QualityZone.Features.Training.TrainingInvitation> TrainingInvitations => Set<QualityZone.Features.Training.TrainingInvitation>();
    public DbSet<QualityZone.Features.Laboratories.CandidateLab> CandidateLabs => Set<QualityZone.Features.Laboratories.CandidateLab>();
    public DbSet<QualityZone.Features.Laboratories.LabStage> LabStages => Set<QualityZone.Features.Laboratories.LabStage>();
    public DbSet<QualityZone.Features.Laboratories.LabClause> LabClauses => Set<QualityZone.Features.Laboratories.LabClause>();
    public DbSet<QualityZone.Features.Association.Membership> Memberships => Set<QualityZone.Features.Association.Membership>();
    public DbSet<QualityZone.Features.Association.MembershipFee> MembershipFees => Set<QualityZone.Features.Association.MembershipFee>();
    public DbSet<QualityZone.Features.Association.ConventionVersion> ConventionVersions => Set<QualityZone.Features.Association.ConventionVersion>();
    public DbSet<QualityZone.Features.Association.ConventionSignature> ConventionSignatures => Set<QualityZone.Features.Association.ConventionSignature>();
    public DbSet<QualityZone.Features.Association.Complaint> Complaints => Set<QualityZone.Features.Association.Complaint>();
    public DbSet<QualityZone.Features.Publicity.PracticeCase> PracticeCases => Set<QualityZone.Features.Publicity.PracticeCase>();
    public DbSet<QualityZone.Features.Publicity.CaseFile> CaseFiles => Set<QualityZone.Features.Publicity.CaseFile>();
    public DbSet<QualityZone.Features.Publicity.MediaItem> MediaItems => Set<QualityZone.Features.Publicity.MediaItem>();
    public DbSet<QualityZone.Features.Surveys.SurveyCampaign> SurveyCampaigns => Set<QualityZone.Features.Surveys.SurveyCampaign>();
    public DbSet<QualityZone.Features.Surveys.SurveyQuestion> SurveyQuestions => Set<QualityZone.Features.Surveys.SurveyQuestion>();
    public DbSet<QualityZone.Features.Surveys.SurveyResponse> SurveyResponses => Set<QualityZone.Features.Surveys.SurveyResponse>();
    public DbSet<QualityZone.Features.Surveys.SurveyAnswer> SurveyAnswers => Set<QualityZone.Features.Surveys.SurveyAnswer>();
    public DbSet<QualityZone.Features.AnalysisReports.AnalysisReport> AnalysisReports => Set<QualityZone.Features.AnalysisReports.AnalysisReport>();
    public DbSet<QualityZone.Features.AnalysisReports.ReportSection> ReportSections => Set<QualityZone.Features.AnalysisReports.ReportSection>();
    public DbSet<QualityZone.Features.AnalysisReports.ReportFile> ReportFiles => Set<QualityZone.Features.AnalysisReports.ReportFile>();
    public DbSet<QualityZone.Features.Indicators.ZoneIndicator> ZoneIndicators => Set<QualityZone.Features.Indicators.ZoneIndicator>();
    public DbSet<QualityZone.Features.Indicators.IndicatorYear> IndicatorYears => Set<QualityZone.Features.Indicators.IndicatorYear>();
    public DbSet<QualityZone.Features.Acceptance.AssessmentItem> AssessmentItems => Set<QualityZone.Features.Acceptance.AssessmentItem>();
    public DbSet<QualityZone.Features.Acceptance.AssessmentFile> AssessmentFiles => Set<QualityZone.Features.Acceptance.AssessmentFile>();
    public DbSet<QualityZone.Features.Policies.Policy> Policies => Set<QualityZone.Features.Policies.Policy>();
    public DbSet<QualityZone.Features.Policies.PolicyFile> PolicyFiles => Set<QualityZone.Features.Policies.PolicyFile>();
    public DbSet<QualityZone.Features.Policies.PolicyClaim> PolicyClaims => Set<QualityZone.Features.Policies.PolicyClaim>();
    public DbSet<QualityZone.Features.Policies.MeasureGrant> MeasureGrants => Set<QualityZone.Features.Policies.MeasureGrant>();
    public DbSet<QualityZone.Features.Policies.AppraisalWeight> AppraisalWeights => Set<QualityZone.Features.Policies.AppraisalWeight>();
    public DbSet<QualityZone.Features.Policies.AppraisalManualScore> AppraisalManualScores => Set<QualityZone.Features.Policies.AppraisalManualScore>();
    public DbSet<LeadingGroupMember> LeadingGroupMembers => Set<LeadingGroupMember>();
    public DbSet<GoverningDocument> GoverningDocuments => Set<GoverningDocument>();
    public DbSet<AuditEntry> AuditEntries => Set<AuditEntry>();
    public DbSet<QualityZone.Features.Audit.SecurityEvent> SecurityEvents => Set<QualityZone.Features.Audit.SecurityEvent>();
    public DbSet<NumberSequence> NumberSequences => Set<NumberSequence>();

    public DbSet<ExportRollupCell> ExportRollupCells => Set<ExportRollupCell>();

    public DbSet<CacheStamp> CacheStamps => Set<CacheStamp>();

    /// <summary>Set when this context's open transaction raised a cache stamp; its commit tells this instance (<see cref="StampCommits"/>).</summary>
    internal bool StampsBumped { get; set; }

    /// <summary>
    /// Saves, and in the same transaction (the caller's, or one begun here) writes what depends on
    /// the saved rows: the rollup deltas of <see cref="IRollupSource"/> entities, so sums and rows
    /// commit together, and the stamps of the cached areas the changes touch (<see cref="ReadCache"/>).
    /// </summary>
    public override async Task<int> SaveChangesAsync(bool acceptAllChangesOnSuccess, CancellationToken cancellationToken = default)
    {
        var changed = ChangeTracker.Entries().Where(e => e.State is EntityState.Added or EntityState.Modified or EntityState.Deleted).ToList();
        var sources = changed.Select(e => e.Entity).OfType<IRollupSource>().Where(s => s.HasPendingRollups).ToList();
        var areas = ReadCache.AreasOf(changed);
        if (sources.Count == 0 && areas.Count == 0) return await base.SaveChangesAsync(acceptAllChangesOnSuccess, cancellationToken);
        var owned = Database.CurrentTransaction is null;
        var transaction = Database.CurrentTransaction ?? await Database.BeginTransactionAsync(cancellationToken);
        try
        {
            var saved = await base.SaveChangesAsync(acceptAllChangesOnSuccess, cancellationToken);
            if (sources.Count > 0)
            {
                var deltas = new List<RollupDelta>();
                foreach (var source in sources) deltas.AddRange(await source.PendingRollupsAsync(this, cancellationToken));
                await Rollups.WriteAsync(this, deltas, cancellationToken);
            }
            if (areas.Count > 0) await ReadCache.BumpAsync(this, areas, cancellationToken);
            if (owned) await transaction.CommitAsync(cancellationToken);
            foreach (var source in sources) source.RollupsWritten();
            return saved;
        }
        finally
        {
            if (owned) await transaction.DisposeAsync();
        }
    }

    /// <summary>The synchronous save writes neither rollups nor cache stamps; nothing that needs them may use it.</summary>
    public override int SaveChanges(bool acceptAllChangesOnSuccess)
    {
        var changed = ChangeTracker.Entries().Where(e => e.State is EntityState.Added or EntityState.Modified or EntityState.Deleted).ToList();
        if (changed.Any(e => e.Entity is IRollupSource { HasPendingRollups: true }) || ReadCache.AreasOf(changed).Count > 0)
            throw new InvalidOperationException("Entities with rollups or cached areas are saved with SaveChangesAsync.");
        return base.SaveChanges(acceptAllChangesOnSuccess);
    }

    protected override void OnModelCreating(ModelBuilder builder)
    {
        base.OnModelCreating(builder);
        builder.ApplyConfigurationsFromAssembly(typeof(AppDbContext).Assembly);

        // Business records are never hard-deleted (see AuditInterceptor); soft-deleted rows are
        // hidden from every query unless a query asks for them with IgnoreQueryFilters().
        foreach (var entity in builder.Model.GetEntityTypes())
        {
            if (typeof(ISoftDeletable).IsAssignableFrom(entity.ClrType) && entity.BaseType is null)
            {
                builder.Entity(entity.ClrType).HasQueryFilter(SoftDeleteFilter.For(entity.ClrType));
            }
        }
    }
}

public sealed class SqliteAppDbContext(DbContextOptions<SqliteAppDbContext> options) : AppDbContext(options)
{
    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder)
    {
        // SQLite has no native DateTimeOffset or decimal: store instants as sortable UTC ticks and
        // amounts as integer ten-thousandths, so that ORDER BY, comparisons and SUM run in SQL, exactly.
        configurationBuilder.Properties<DateTimeOffset>().HaveConversion<UtcTicksConverter>();
        configurationBuilder.Properties<DateTimeOffset?>().HaveConversion<UtcTicksConverter>();
        configurationBuilder.Properties<decimal>().HaveConversion<DecimalTenThousandthsConverter>();
        configurationBuilder.Properties<decimal?>().HaveConversion<DecimalTenThousandthsConverter>();
    }
}

public sealed class PostgresAppDbContext(DbContextOptions<PostgresAppDbContext> options) : AppDbContext(options)
{
    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder)
    {
        // timestamptz takes only UTC from Npgsql: an instant with any other offset (a date in the
        // zone's +08:00, say) is converted here rather than refused at save time.
        configurationBuilder.Properties<DateTimeOffset>().HaveConversion<ToUtcConverter>();
        configurationBuilder.Properties<DateTimeOffset?>().HaveConversion<ToUtcConverter>();
    }
}
