using System.Globalization;
using System.Security.Claims;
using Microsoft.EntityFrameworkCore;
using QualityZone.Features.Notifications;
using QualityZone.Infrastructure;
using QualityZone.Infrastructure.Auth;
using QualityZone.Infrastructure.Data;
using QualityZone.Infrastructure.Documents;
using QualityZone.Infrastructure.Localization;

namespace QualityZone.Features.Training;

/// <summary>What a certificate states, for the document and for the public verification page.</summary>
public sealed record CertificateFacts(Guid RegistrationId, string Number, string Code, string ParticipantName, string Enterprise, string SessionTitle, TrainingTopic Topic,
    string Organizer, string Trainer, DateTimeOffset StartsAt, DateTimeOffset EndsAt, int? Score, DateTimeOffset IssuedAt)
{
    public double Hours => Math.Round((EndsAt - StartsAt).TotalHours, 1);
}

/// <summary>
/// Training certificates (培训合格证明, task 18): issued by the organizer to each participant who attended and,
/// where the session has an assessment, passed it — never to anyone else; numbered PX-year-sequence with a
/// verification code, written as Word and PDF on request with the QR code of the public verification page.
/// </summary>
public sealed class TrainingCertificates(AppDbContext db, NotificationService notifications, DocumentFonts fonts, VerificationStrip verification, ZoneClock clock, TimeProvider time)
{
    // <data>
    public const string Issuer = "奉化区出口气动元件质量安全示范区建设办公室";
    // </data>

    /// <summary>
    /// Issues the certificates of a session: to one participant (refused when they do not qualify) or to every
    /// participant who qualifies and has none yet. Returns how many were issued.
    /// </summary>
    public async Task<(CommandResult Result, int Issued)> IssueAsync(Guid sessionId, Guid? registrationId, CancellationToken ct)
    {
        var session = await db.TrainingSessions.SingleOrDefaultAsync(s => s.Id == sessionId, ct);
        if (session is null) return (CommandResult.NotFound(Text.Get("培训不存在")), 0);
        var now = time.GetUtcNow();
        if (session.CancelledAt is not null || now < session.StartsAt) return (CommandResult.Conflict(Text.Get("培训开始后才能颁发证书")), 0);
        var hasAssessment = await db.TrainingQuestions.AnyAsync(q => q.SessionId == sessionId, ct);
        var registrations = await db.TrainingRegistrations.Where(r => r.SessionId == sessionId && r.CertificateNumber == null && (registrationId == null || r.Id == registrationId)).ToListAsync(ct);
        if (registrationId is { } one)
        {
            var single = registrations.SingleOrDefault();
            if (single is null)
                return await db.TrainingRegistrations.AnyAsync(r => r.Id == one && r.SessionId == sessionId, ct)
                    ? (CommandResult.Conflict(Text.Get("该人员已获颁证书")), 0) : (CommandResult.NotFound(Text.Get("报名记录不存在")), 0);
            if (!single.Qualifies(hasAssessment, session.PassMark))
                return (CommandResult.Invalid(single.AttendedAt is null ? Text.Get("该人员未签到，不能颁发证书") : Text.Format("该人员考核未通过（合格线 {0} 分），不能颁发证书", session.PassMark)), 0);
        }
        var qualified = registrations.Where(r => r.Qualifies(hasAssessment, session.PassMark)).ToList();
        var year = clock.ToZoneTime(now).Year;
        var prefix = $"PX-{year}-";
        foreach (var r in qualified)
        {
            var n = await NumberSequences.NextAsync(db, prefix, async c =>
                NumberSequences.Highest(await db.TrainingRegistrations.Where(x => x.CertificateNumber != null && x.CertificateNumber.StartsWith(prefix)).Select(x => x.CertificateNumber!).ToListAsync(c), prefix), ct);
            (r.CertificateNumber, r.CertificateCode, r.CertificateIssuedAt) = ($"{prefix}{n:0000}", VerificationStrip.NewCode(), now);
        }
        if (qualified.Count > 0)
            await notifications.NotifyEnterprisesAsync(qualified.Select(r => r.EnterpriseId).Distinct().ToList(), Msg.Of("培训证书已颁发：{0}", session.Title),
                string.Join("、", qualified.Select(r => r.ParticipantName).Take(10)), _ => $"/training/{sessionId}", ct);
        await db.SaveChangesAsync(ct);
        return (CommandResult.Ok, qualified.Count);
    }

    /// <summary>The facts of an issued certificate the user may see: the member units any, an enterprise its own staff's.</summary>
    public async Task<CertificateFacts?> FindAsync(ClaimsPrincipal user, Guid registrationId, CancellationToken ct)
    {
        var own = user.EnterpriseId();
        return await Facts(db.TrainingRegistrations.Where(r => r.Id == registrationId && (own == null || r.EnterpriseId == own))).SingleOrDefaultAsync(ct);
    }

    /// <summary>Anyone checks a certificate by its number and code; an unknown number and a wrong code answer alike.</summary>
    public async Task<CertificateFacts?> VerifyAsync(string? number, string? code, CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(number) || string.IsNullOrWhiteSpace(code)) return null;
        var (n, c) = (number.Trim().ToUpperInvariant(), code.Trim().ToUpperInvariant());
        var found = await Facts(db.TrainingRegistrations.Where(r => r.CertificateNumber == n)).SingleOrDefaultAsync(ct);
        return found is not null && System.Security.Cryptography.CryptographicOperations.FixedTimeEquals(
            System.Text.Encoding.ASCII.GetBytes(found.Code), System.Text.Encoding.ASCII.GetBytes(c)) ? found : null;
    }

    private IQueryable<CertificateFacts> Facts(IQueryable<TrainingRegistration> registrations) =>
        from r in registrations.AsNoTracking()
        join s in db.TrainingSessions.AsNoTracking() on r.SessionId equals s.Id
        join e in db.Enterprises.AsNoTracking() on r.EnterpriseId equals e.Id
        join d in db.Departments.AsNoTracking() on s.OrganizerDepartmentId equals d.Id
        where r.CertificateNumber != null
        select new CertificateFacts(r.Id, r.CertificateNumber!, r.CertificateCode!, r.ParticipantName, e.NameZh, s.Title, s.Topic, d.NameZh, s.Trainer, s.StartsAt, s.EndsAt, r.Score, r.CertificateIssuedAt!.Value);

    public string VerifyUrl(CertificateFacts c) =>
        verification.PublicUrl($"/training/verify?number={Uri.EscapeDataString(c.Number)}&code={Uri.EscapeDataString(c.Code)}");

    public byte[] Docx(CertificateFacts certificate)
    {
        var word = new WordDocument();
        Write(word, certificate);
        return word.ToBytes();
    }

    /// <summary>The PDF in a temporary file the caller sends and deletes; null when no Chinese font is installed (the caller says so).</summary>
    public string? PdfTempFile(CertificateFacts certificate) =>
        fonts.Available ? PdfDocument.WriteTempFile(fonts.Typeface, certificate.Number, document => Write(document, certificate)) : null;

    private void Write(IDocumentWriter document, CertificateFacts c)
    {
        var url = VerifyUrl(c);
        var (start, end) = (clock.ToZoneTime(c.StartsAt), clock.ToZoneTime(c.EndsAt));
        var hours = c.Hours.ToString("0.#", CultureInfo.InvariantCulture);
        // An issued certificate is written in Chinese whatever the reader's language, as printed.
        // <data>
        document.Title("培训合格证明");
        document.Right($"证书编号：{c.Number}");
        document.Body($"{c.ParticipantName}（{c.Enterprise}）于 {start:yyyy年M月d日} 参加了{c.Organizer}组织的“{c.SessionTitle}”培训，" +
                      $"培训学时 {hours} 学时，{(c.Score is { } score ? $"考核成绩 {score} 分，考核合格" : "完成全部培训内容")}，特发此证。");
        document.Table(["项目", "内容"],
        [
            ["姓名", c.ParticipantName],
            ["工作单位", c.Enterprise],
            ["培训主题", c.SessionTitle],
            ["培训类别", TrainingLabels.TopicZh(c.Topic)],
            ["培训时间", $"{start:yyyy-MM-dd HH:mm} 至 {end:HH:mm}"],
            ["学时", hours],
            ["授课人", c.Trainer],
            ["考核成绩", c.Score is { } s ? $"{s} 分" : "本场培训不设考核"],
        ]);
        document.Right($"{c.Organizer}　{Issuer}");
        document.Right(clock.ToZoneTime(c.IssuedAt).ToString("yyyy年M月d日", CultureInfo.InvariantCulture));
        var strip = verification.Png(url, "扫码或访问以下地址核验本证书真伪 / Scan to verify this certificate:", $"证书编号 No. {c.Number}    验证码 Code {c.Code}");
        document.Image(strip.Png, strip.Width, strip.Height);
        document.Body($"证书核验：证书编号 {c.Number}，验证码 {c.Code}，网址 {url}");
        // </data>
    }
}
