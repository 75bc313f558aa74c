using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace QualityZone.Infrastructure.Data;

/// <summary>Stores a DateTimeOffset as UTC ticks (INTEGER) on SQLite: exact, sortable, comparable.</summary>
public sealed class UtcTicksConverter() : ValueConverter<DateTimeOffset, long>(
    value => value.UtcTicks,
    ticks => new DateTimeOffset(ticks, TimeSpan.Zero));

/// <summary>Stores a decimal as integer ten-thousandths on SQLite: exact to 4 places, summable in SQL.</summary>
public sealed class DecimalTenThousandthsConverter() : ValueConverter<decimal, long>(
    value => (long)decimal.Round(value * 10_000m, MidpointRounding.AwayFromZero),
    stored => stored / 10_000m);

/// <summary>Keeps the instant, drops the offset: what PostgreSQL's timestamptz stores.</summary>
public sealed class ToUtcConverter() : ValueConverter<DateTimeOffset, DateTimeOffset>(
    value => value.ToUniversalTime(),
    stored => stored);
