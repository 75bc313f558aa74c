namespace QualityZone.Features.Training;

/// <summary>A session that took place: started, not cancelled, with at least one participant present.</summary>
public sealed record HeldSession(Guid Id, string Title, DateTimeOffset StartsAt, int Attended);

/// <summary>A line of a session's registration and attendance list.</summary>
public sealed record AttendanceRow(Guid Id, Guid EnterpriseId, string Enterprise, string ParticipantName, string? Position, RegistrationState State, DateTimeOffset RegisteredAt,
    DateTimeOffset? AttendedAt, CheckInMethod? CheckedInBy, int? Score, int? Rating, string? CertificateNumber);

/// <summary>One person's training of a year: sessions attended, hours and certificates.</summary>
public sealed record PersonHours(string Name, int Sessions, double Hours, int Certificates);
