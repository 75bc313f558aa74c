using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace QualityZone.Infrastructure.Data;

/// <summary>Stores a DateTimeOffset as UTC ticks (INTEGER) on SQLite: exact, sortable, comparable.</summary>
public sealed class UtcTicksConverter() : ValueConverter<DateTimeOffset, long>(
    value => value.UtcTicks,
    ticks => new DateTimeOffset(ticks, TimeSpan.Zero));
