using System.Security.Claims;
using System.Security.Cryptography;
using Microsoft.EntityFrameworkCore;
using QualityZone.Features.Commitments;
using QualityZone.Features.Notifications;
using QualityZone.Infrastructure;
using QualityZone.Infrastructure.Auth;
using QualityZone.Infrastructure.Data;
using QualityZone.Infrastructure.Files;
using QualityZone.Infrastructure.Localization;

namespace QualityZone.Features.Training;

public sealed record SessionInput(string? Title, TrainingTopic Topic, string? Trainer, DateTimeOffset? StartsAt, DateTimeOffset? EndsAt, string? Place, string? OnlineLink,
    int Capacity, int QuotaPerEnterprise, string? Description, bool Public);

/// <summary>An enterprise's staff to register: their names (and positions), one per line.</summary>
public sealed record Participant(string? Name, string? Position);

/// <summary>
/// The public training platform (task 18): organizers publish sessions; enterprises register named staff
/// within the session's quota per enterprise, beyond its capacity on a waiting list that moves up when
/// someone cancels; participants check in with the venue's QR code during the session, or the organizer
/// marks them present.
/// </summary>
public sealed class TrainingCommands(AppDbContext db, NotificationService notifications, FileStore files, ZoneClock clock, TimeProvider time)
{
    public IQueryable<TrainingSession> Sessions => db.TrainingSessions.AsNoTracking();

    /// <summary>Every registration, for counts that reveal no enterprise (seats taken, attended).</summary>
    public IQueryable<TrainingRegistration> AllRegistrations => db.TrainingRegistrations.AsNoTracking();

    /// <summary>The registrations the user may see: an enterprise its own, the member units all.</summary>
    public IQueryable<TrainingRegistration> Registrations(ClaimsPrincipal user) =>
        user.EnterpriseId() is { } own ? db.TrainingRegistrations.AsNoTracking().Where(r => r.EnterpriseId == own) : db.TrainingRegistrations.AsNoTracking();

    public async Task<(CommandResult Result, Guid? Id)> SaveAsync(ClaimsPrincipal user, Guid? id, SessionInput input, CancellationToken ct)
    {
        if (Validate(input) is { } error) return (CommandResult.Invalid(error), null);
        TrainingSession? session;
        if (id is { } existing)
        {
            session = await db.TrainingSessions.SingleOrDefaultAsync(s => s.Id == existing, ct);
            if (session is null) return (CommandResult.NotFound(Text.Get("培训不存在")), null);
            var taken = await db.TrainingRegistrations.CountAsync(r => r.SessionId == existing && r.State == RegistrationState.Registered, ct);
            if (input.Capacity < taken) return (CommandResult.Invalid(Text.Format("已有 {0} 人报名，容量不能少于报名人数", taken)), null);
        }
        else
        {
            if (user.DepartmentId() is not { } department) return (CommandResult.Forbidden(Text.Get("组织培训的账号须属于一个成员单位")), null);
            session = new TrainingSession
            {
                Title = "", Trainer = "", OrganizerDepartmentId = department, CheckInCode = Convert.ToHexString(RandomNumberGenerator.GetBytes(12)),
                CreatedBy = user.DisplayName(), CreatedAt = time.GetUtcNow(),
            };
            db.TrainingSessions.Add(session);
        }
        (session.Title, session.Topic, session.Trainer, session.StartsAt, session.EndsAt, session.Place, session.OnlineLink, session.Capacity, session.QuotaPerEnterprise, session.Description, session.Public) =
            (input.Title!.Trim(), input.Topic, input.Trainer!.Trim(), input.StartsAt!.Value, input.EndsAt!.Value, Blank(input.Place), Blank(input.OnlineLink), input.Capacity,
             input.QuotaPerEnterprise, Blank(input.Description), input.Public);
        session.Version++;
        if (id is null)
            await notifications.NotifyEnterprisesAsync(await db.Enterprises.Where(e => CommitmentService.InZone.Contains(e.State)).Select(e => e.Id).ToListAsync(ct),
                Msg.Of("培训报名：{0}", session.Title), $"{clock.Format(session.StartsAt)} · {session.Place ?? session.OnlineLink}",
                _ => $"/training/{session.Id}", ct);
        await db.SaveChangesAsync(ct);
        return (CommandResult.Ok, session.Id);
    }

    private static string? Validate(SessionInput input)
    {
        if (string.IsNullOrWhiteSpace(input.Title) || input.Title.Trim().Length > 200) return Text.Get("请填写培训主题（不超过 200 字）");
        if (string.IsNullOrWhiteSpace(input.Trainer) || input.Trainer.Trim().Length > 100) return Text.Get("请填写授课人（不超过 100 字）");
        if (input.StartsAt is not { } start || input.EndsAt is not { } end) return Text.Get("请填写开始和结束时间");
        if (end <= start || end - start > TimeSpan.FromDays(3)) return Text.Get("结束时间应晚于开始时间，且一次培训不超过 3 天");
        if (string.IsNullOrWhiteSpace(input.Place) && string.IsNullOrWhiteSpace(input.OnlineLink)) return Text.Get("请填写培训地点或线上链接");
        if (input.Place?.Trim().Length > 200 || input.OnlineLink?.Trim().Length > 500 || input.Description?.Trim().Length > 4000) return Text.Get("地点、链接或说明过长");
        if (!string.IsNullOrWhiteSpace(input.OnlineLink) && !(Uri.TryCreate(input.OnlineLink.Trim(), UriKind.Absolute, out var uri) && uri.Scheme is "https" or "http"))
            return Text.Get("线上链接应为 http 或 https 地址");
        if (input.Capacity is < 1 or > 2000) return Text.Get("容量应为 1 到 2000 人");
        if (input.QuotaPerEnterprise < 1 || input.QuotaPerEnterprise > input.Capacity) return Text.Get("每家企业名额应为 1 到容量之间");
        return null;
    }

    /// <summary>
    /// An enterprise registers named staff: within the quota per enterprise (counting those already
    /// registered or waiting), beyond the capacity on the waiting list. All of the names or none.
    /// </summary>
    public async Task<CommandResult> RegisterAsync(ClaimsPrincipal user, Guid sessionId, IReadOnlyList<Participant> participants, CancellationToken ct)
    {
        if (user.EnterpriseId() is not { } enterprise) return CommandResult.Forbidden(Text.Get("只有企业可以报名"));
        var session = await db.TrainingSessions.SingleOrDefaultAsync(s => s.Id == sessionId, ct);
        if (session is null) return CommandResult.NotFound(Text.Get("培训不存在"));
        var now = time.GetUtcNow();
        if (session.CancelledAt is not null || now >= session.StartsAt) return CommandResult.Conflict(Text.Get("培训已开始或已取消，不能报名"));
        var names = participants.Where(p => !string.IsNullOrWhiteSpace(p.Name)).Select(p => (Name: p.Name!.Trim(), Position: Blank(p.Position))).ToList();
        if (names.Count == 0) return CommandResult.Invalid(Text.Get("请填写参训人员姓名"));
        if (names.Any(n => n.Name.Length > 50 || n.Position?.Length > 50)) return CommandResult.Invalid(Text.Get("姓名和职务均不超过 50 字"));
        var live = await db.TrainingRegistrations.Where(r => r.SessionId == sessionId && r.State != RegistrationState.Cancelled).Select(r => new { r.EnterpriseId, r.ParticipantName, r.State }).ToListAsync(ct);
        var mine = live.Where(r => r.EnterpriseId == enterprise).ToList();
        if (names.Select(n => n.Name).Distinct().Count() != names.Count || names.Any(n => mine.Any(m => m.ParticipantName == n.Name)))
            return CommandResult.Invalid(Text.Get("同一人员不能重复报名"));
        if (mine.Count + names.Count > session.QuotaPerEnterprise)
            return CommandResult.Invalid(Text.Format("每家企业最多报名 {0} 人，本企业已报名 {1} 人", session.QuotaPerEnterprise, mine.Count));
        var seats = session.Capacity - live.Count(r => r.State == RegistrationState.Registered);
        foreach (var (name, position) in names)
        {
            db.TrainingRegistrations.Add(new TrainingRegistration
            {
                SessionId = sessionId, EnterpriseId = enterprise, ParticipantName = name, Position = position,
                State = seats-- > 0 ? RegistrationState.Registered : RegistrationState.Waitlisted, RegisteredBy = user.DisplayName(), RegisteredAt = now,
            });
        }
        // The session's version guards the seats: two enterprises taking the last seat at once cannot both get it.
        session.Version++;
        await db.SaveChangesAsync(ct);
        return CommandResult.Ok;
    }

    /// <summary>An enterprise withdraws one of its participants (the organizer may too); the first on the waiting list moves up.</summary>
    public async Task<CommandResult> CancelRegistrationAsync(ClaimsPrincipal user, Guid registrationId, CancellationToken ct)
    {
        var registration = await db.TrainingRegistrations.SingleOrDefaultAsync(r => r.Id == registrationId, ct);
        if (registration is null || (user.EnterpriseId() is { } own && own != registration.EnterpriseId)) return CommandResult.NotFound(Text.Get("报名记录不存在"));
        if (registration.State == RegistrationState.Cancelled) return CommandResult.Conflict(Text.Get("报名已取消"));
        if (registration.AttendedAt is not null) return CommandResult.Conflict(Text.Get("已签到的报名不能取消"));
        var session = await db.TrainingSessions.SingleAsync(s => s.Id == registration.SessionId, ct);
        var wasRegistered = registration.State == RegistrationState.Registered;
        registration.State = RegistrationState.Cancelled;
        if (wasRegistered && await db.TrainingRegistrations.Where(r => r.SessionId == session.Id && r.State == RegistrationState.Waitlisted)
                .OrderBy(r => r.RegisteredAt).ThenBy(r => r.Id).FirstOrDefaultAsync(ct) is { } next)
        {
            next.State = RegistrationState.Registered;
            await notifications.NotifyEnterprisesAsync([next.EnterpriseId], Msg.Of("候补转为正式报名：{0}", session.Title), next.ParticipantName, _ => $"/training/{session.Id}", ct);
        }
        session.Version++;
        await db.SaveChangesAsync(ct);
        return CommandResult.Ok;
    }

    /// <summary>
    /// A participant checks in with the code shown at the venue: the code of this session, during its
    /// window (half an hour before the start to the end); only a registered person of the user's own enterprise.
    /// </summary>
    public async Task<CommandResult> CheckInAsync(ClaimsPrincipal user, Guid sessionId, string? code, Guid registrationId, CancellationToken ct)
    {
        var session = await db.TrainingSessions.AsNoTracking().SingleOrDefaultAsync(s => s.Id == sessionId, ct);
        if (session is null) return CommandResult.NotFound(Text.Get("培训不存在"));
        if (string.IsNullOrEmpty(code) || !CryptographicOperations.FixedTimeEquals(System.Text.Encoding.ASCII.GetBytes(code), System.Text.Encoding.ASCII.GetBytes(session.CheckInCode)))
            return CommandResult.Invalid(Text.Get("签到码不是本场培训的，请扫描现场展示的二维码"));
        if (!session.CheckInOpen(time.GetUtcNow())) return CommandResult.Conflict(Text.Get("不在签到时间内（开始前 30 分钟至结束）"));
        var registration = await db.TrainingRegistrations.SingleOrDefaultAsync(r => r.Id == registrationId && r.SessionId == sessionId && r.EnterpriseId == user.EnterpriseId(), ct);
        if (registration is null || registration.State != RegistrationState.Registered) return CommandResult.NotFound(Text.Get("没有该人员的有效报名"));
        if (registration.AttendedAt is not null) return CommandResult.Ok;
        (registration.AttendedAt, registration.CheckedInBy) = (time.GetUtcNow(), CheckInMethod.QrCode);
        await db.SaveChangesAsync(ct);
        return CommandResult.Ok;
    }

    /// <summary>The organizer marks who was present (or not), once the session has started.</summary>
    public async Task<CommandResult> MarkAttendanceAsync(Guid sessionId, IReadOnlyCollection<Guid> present, CancellationToken ct)
    {
        var session = await db.TrainingSessions.AsNoTracking().SingleOrDefaultAsync(s => s.Id == sessionId, ct);
        if (session is null) return CommandResult.NotFound(Text.Get("培训不存在"));
        var now = time.GetUtcNow();
        if (now < session.StartsAt.AddMinutes(-30)) return CommandResult.Conflict(Text.Get("培训开始前不能登记签到"));
        var registrations = await db.TrainingRegistrations.Where(r => r.SessionId == sessionId && r.State == RegistrationState.Registered).ToListAsync(ct);
        if (present.FirstOrDefault(id => registrations.All(r => r.Id != id)) is { } unknown && unknown != Guid.Empty) return CommandResult.Invalid(Text.Get("签到人员不在本场报名名单中"));
        foreach (var r in registrations)
        {
            if (present.Contains(r.Id) && r.AttendedAt is null) (r.AttendedAt, r.CheckedInBy) = (now, CheckInMethod.Organizer);
            else if (!present.Contains(r.Id) && r.CheckedInBy == CheckInMethod.Organizer) (r.AttendedAt, r.CheckedInBy) = (null, null);
        }
        await db.SaveChangesAsync(ct);
        return CommandResult.Ok;
    }

    /// <summary>The sessions held so far (task 18's yardstick counts them per year).</summary>
    public async Task<List<HeldSession>> HeldAsync(CancellationToken ct)
    {
        var now = time.GetUtcNow();
        return await db.TrainingSessions.AsNoTracking().Where(s => s.CancelledAt == null && s.StartsAt <= now)
            .Select(s => new { s.Id, s.Title, s.StartsAt, Attended = db.TrainingRegistrations.Count(r => r.SessionId == s.Id && r.AttendedAt != null) })
            .Where(s => s.Attended > 0).OrderBy(s => s.StartsAt)
            .Select(s => new HeldSession(s.Id, s.Title, s.StartsAt, s.Attended)).ToListAsync(ct);
    }

    /// <summary>A session's registrations with their enterprise, waiting list and attendance: an enterprise sees its own lines only.</summary>
    public async Task<List<AttendanceRow>> AttendanceAsync(ClaimsPrincipal user, Guid sessionId, CancellationToken ct) =>
        await (from r in Registrations(user)
               join e in db.Enterprises.AsNoTracking() on r.EnterpriseId equals e.Id
               where r.SessionId == sessionId
               orderby r.State, e.NameZh, r.RegisteredAt
               select new AttendanceRow(r.Id, r.EnterpriseId, e.NameZh, r.ParticipantName, r.Position, r.State, r.RegisteredAt, r.AttendedAt, r.CheckedInBy, r.Score, r.Rating, r.CertificateNumber)).ToListAsync(ct);

    /// <summary>Training hours of the year per enterprise: the hours of each session its staff attended, per person.</summary>
    public async Task<Dictionary<Guid, double>> HoursByEnterpriseAsync(int year, CancellationToken ct)
    {
        var (first, next) = (clock.StartOf(new DateOnly(year, 1, 1)), clock.StartOf(new DateOnly(year + 1, 1, 1)));
        var attended = await (from r in db.TrainingRegistrations.AsNoTracking()
                              join s in db.TrainingSessions.AsNoTracking() on r.SessionId equals s.Id
                              where r.AttendedAt != null && s.StartsAt >= first && s.StartsAt < next
                              select new { r.EnterpriseId, s.StartsAt, s.EndsAt }).ToListAsync(ct);
        return attended.GroupBy(a => a.EnterpriseId).ToDictionary(g => g.Key, g => Math.Round(g.Sum(a => (a.EndsAt - a.StartsAt).TotalHours), 1));
    }

    public async Task<List<TrainingMaterial>> MaterialsAsync(Guid sessionId, CancellationToken ct) =>
        await db.TrainingMaterials.AsNoTracking().Where(m => m.SessionId == sessionId).OrderBy(m => m.UploadedAt).ToListAsync(ct);

    /// <summary>The organizer attaches a material to a session (any time: slides often come after it); the stored file is checked by its content.</summary>
    public async Task<CommandResult> AttachMaterialAsync(ClaimsPrincipal user, Guid sessionId, Stream content, string fileName, CancellationToken ct)
    {
        if (!await db.TrainingSessions.AnyAsync(s => s.Id == sessionId, ct)) return CommandResult.NotFound(Text.Get("培训不存在"));
        if (await db.TrainingMaterials.CountAsync(m => m.SessionId == sessionId, ct) >= 20) return CommandResult.Invalid(Text.Get("每场培训最多 20 份材料"));
        StoredFile stored;
        try { stored = await files.SaveAsync(content, fileName, ct); }
        catch (FileRejectedException ex) { return CommandResult.Invalid(ex.Message); }
        db.TrainingMaterials.Add(new TrainingMaterial { SessionId = sessionId, Sha256 = stored.Sha256, FileName = stored.FileName, ContentType = stored.ContentType, Size = stored.Size,
            UploadedBy = user.DisplayName(), UploadedAt = time.GetUtcNow() });
        await db.SaveChangesAsync(ct);
        return CommandResult.Ok;
    }

    /// <summary>Training hours of the year per person of one enterprise: the sessions each attended and their hours.</summary>
    public async Task<List<PersonHours>> HoursByPersonAsync(Guid enterpriseId, int year, CancellationToken ct)
    {
        var (first, next) = (clock.StartOf(new DateOnly(year, 1, 1)), clock.StartOf(new DateOnly(year + 1, 1, 1)));
        var attended = await (from r in db.TrainingRegistrations.AsNoTracking()
                              join s in db.TrainingSessions.AsNoTracking() on r.SessionId equals s.Id
                              where r.EnterpriseId == enterpriseId && r.AttendedAt != null && s.StartsAt >= first && s.StartsAt < next
                              select new { r.ParticipantName, s.StartsAt, s.EndsAt, r.CertificateNumber }).ToListAsync(ct);
        return attended.GroupBy(a => a.ParticipantName)
            .Select(g => new PersonHours(g.Key, g.Count(), Math.Round(g.Sum(a => (a.EndsAt - a.StartsAt).TotalHours), 1), g.Count(a => a.CertificateNumber != null)))
            .OrderByDescending(p => p.Hours).ThenBy(p => p.Name, StringComparer.Ordinal).ToList();
    }

    private static string? Blank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}
