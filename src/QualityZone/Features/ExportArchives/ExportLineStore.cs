using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Npgsql;
using NpgsqlTypes;
using QualityZone.Infrastructure.Data;

namespace QualityZone.Features.ExportArchives;

/// <summary>
/// Saves returns whose versions carry many lines (an Excel file of 100,000 lines, the demo's five
/// years): the returns and versions go through EF (audited, concurrency-checked), the new lines by
/// bulk insert in the same transaction — a prepared INSERT on SQLite, binary COPY on PostgreSQL —
/// because EF's change tracking of 100,000 entities costs several times the insert itself
/// (docs/benchmarks.md). Lines are version content, not audited one by one (IVersionContent).
/// </summary>
public static class ExportLineStore
{
    private static readonly string[] Columns =
    [
        "Id", "VersionId", "ReturnId", "EnterpriseId", "Period", "Effective", "Position", "ProductName", "Model", "HsCode", "HsHeading", "CountryCode",
        "Quantity", "Unit", "ValueUsd", "ValueCny", "CnyPerUsd", "Mode", "Batches", "NonconformingBatches", "NonconformingQuantity", "NonconformityDescription",
    ];

    /// <summary>SaveChanges, with the lines added since the last save written in bulk; all in one transaction.</summary>
    public static async Task SaveAsync(AppDbContext db, CancellationToken ct)
    {
        var fresh = db.ChangeTracker.Entries<ExportReturnLine>().Where(e => e.State == EntityState.Added).Select(e => e.Entity).ToList();
        if (fresh.Count < 1000)
        {
            await db.SaveChangesAsync(ct);
            return;
        }
        // Take the new lines out of EF's hands: out of their versions' collections and untracked.
        var ids = fresh.Select(l => l.Id).ToHashSet();
        foreach (var version in db.ChangeTracker.Entries<ExportReturnVersion>().Select(e => e.Entity))
            version.Lines.RemoveAll(l => ids.Contains(l.Id));
        foreach (var line in fresh) db.Entry(line).State = EntityState.Detached;

        var owned = db.Database.CurrentTransaction is null;
        var transaction = db.Database.CurrentTransaction ?? await db.Database.BeginTransactionAsync(ct);
        try
        {
            await db.SaveChangesAsync(ct);
            if (db.Database.IsNpgsql()) await CopyAsync(db, fresh, ct);
            else await InsertAsync(db, transaction, fresh, ct);
            if (owned) await transaction.CommitAsync(ct);
        }
        finally
        {
            if (owned) await transaction.DisposeAsync();
        }
    }

    private static async Task InsertAsync(AppDbContext db, IDbContextTransaction transaction, List<ExportReturnLine> lines, CancellationToken ct)
    {
        var connection = db.Database.GetDbConnection();
        await using var command = connection.CreateCommand();
        command.Transaction = transaction.GetDbTransaction();
        command.CommandText = $"INSERT INTO export_return_lines ({string.Join(", ", Columns.Select(c => $"\"{c}\""))}) VALUES ({string.Join(", ", Columns.Select(c => "@" + c))})";
        var parameters = Columns.ToDictionary(c => c, c =>
        {
            var p = command.CreateParameter();
            p.ParameterName = "@" + c;
            command.Parameters.Add(p);
            return p;
        });
        await command.PrepareAsync(ct);
        // SQLite keeps amounts as integer ten-thousandths (SqliteAppDbContext); the same converter writes them here.
        static object Amount(decimal? value) => value is { } v ? (long)decimal.Round(v * 10_000m) : DBNull.Value;
        // EF keeps a Guid on SQLite as upper-case text.
        static string Key(Guid id) => id.ToString().ToUpperInvariant();
        foreach (var l in lines)
        {
            parameters["Id"].Value = Key(l.Id); parameters["VersionId"].Value = Key(l.VersionId); parameters["ReturnId"].Value = Key(l.ReturnId);
            parameters["EnterpriseId"].Value = Key(l.EnterpriseId); parameters["Period"].Value = l.Period; parameters["Effective"].Value = l.Effective;
            parameters["Position"].Value = l.Position; parameters["ProductName"].Value = l.ProductName; parameters["Model"].Value = (object?)l.Model ?? DBNull.Value;
            parameters["HsCode"].Value = l.HsCode; parameters["HsHeading"].Value = l.HsHeading; parameters["CountryCode"].Value = l.CountryCode;
            parameters["Quantity"].Value = Amount(l.Quantity); parameters["Unit"].Value = l.Unit; parameters["ValueUsd"].Value = Amount(l.ValueUsd);
            parameters["ValueCny"].Value = Amount(l.ValueCny); parameters["CnyPerUsd"].Value = Amount(l.CnyPerUsd); parameters["Mode"].Value = l.Mode.ToString();
            parameters["Batches"].Value = l.Batches; parameters["NonconformingBatches"].Value = l.NonconformingBatches;
            parameters["NonconformingQuantity"].Value = Amount(l.NonconformingQuantity);
            parameters["NonconformityDescription"].Value = (object?)l.NonconformityDescription ?? DBNull.Value;
            await command.ExecuteNonQueryAsync(ct);
        }
    }

    private static async Task CopyAsync(AppDbContext db, List<ExportReturnLine> lines, CancellationToken ct)
    {
        var connection = (NpgsqlConnection)db.Database.GetDbConnection();
        await using var writer = await connection.BeginBinaryImportAsync(
            $"COPY export_return_lines ({string.Join(", ", Columns.Select(c => $"\"{c}\""))}) FROM STDIN (FORMAT BINARY)", ct);
        foreach (var l in lines)
        {
            await writer.StartRowAsync(ct);
            await writer.WriteAsync(l.Id, NpgsqlDbType.Uuid, ct);
            await writer.WriteAsync(l.VersionId, NpgsqlDbType.Uuid, ct);
            await writer.WriteAsync(l.ReturnId, NpgsqlDbType.Uuid, ct);
            await writer.WriteAsync(l.EnterpriseId, NpgsqlDbType.Uuid, ct);
            await writer.WriteAsync(l.Period, NpgsqlDbType.Varchar, ct);
            await writer.WriteAsync(l.Effective, NpgsqlDbType.Boolean, ct);
            await writer.WriteAsync(l.Position, NpgsqlDbType.Integer, ct);
            await writer.WriteAsync(l.ProductName, NpgsqlDbType.Varchar, ct);
            await Nullable(writer, l.Model, NpgsqlDbType.Varchar, ct);
            await writer.WriteAsync(l.HsCode, NpgsqlDbType.Varchar, ct);
            await writer.WriteAsync(l.HsHeading, NpgsqlDbType.Varchar, ct);
            await writer.WriteAsync(l.CountryCode, NpgsqlDbType.Varchar, ct);
            await writer.WriteAsync(l.Quantity, NpgsqlDbType.Numeric, ct);
            await writer.WriteAsync(l.Unit, NpgsqlDbType.Varchar, ct);
            await writer.WriteAsync(l.ValueUsd, NpgsqlDbType.Numeric, ct);
            await Nullable(writer, l.ValueCny, NpgsqlDbType.Numeric, ct);
            await Nullable(writer, l.CnyPerUsd, NpgsqlDbType.Numeric, ct);
            await writer.WriteAsync(l.Mode.ToString(), NpgsqlDbType.Varchar, ct);
            await writer.WriteAsync(l.Batches, NpgsqlDbType.Integer, ct);
            await writer.WriteAsync(l.NonconformingBatches, NpgsqlDbType.Integer, ct);
            await writer.WriteAsync(l.NonconformingQuantity, NpgsqlDbType.Numeric, ct);
            await Nullable(writer, l.NonconformityDescription, NpgsqlDbType.Varchar, ct);
        }
        await writer.CompleteAsync(ct);
    }

    private static async Task Nullable<T>(NpgsqlBinaryImporter writer, T? value, NpgsqlDbType type, CancellationToken ct)
    {
        if (value is null) await writer.WriteNullAsync(ct);
        else await writer.WriteAsync(value, type, ct);
    }
}
