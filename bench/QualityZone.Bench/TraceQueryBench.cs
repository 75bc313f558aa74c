using System.Diagnostics;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using QualityZone.Features.Traceability;
using QualityZone.Infrastructure.Data;

/// <summary>
/// The backward trace in process, without HTTP (issue 22: "the trace code in process within 1.5×
/// its raw statements"): TraceQueries.BackwardFromShipmentAsync as the API calls it, against its
/// floor — the same three statements it sends, prepared once on one open connection and executed
/// with each shipment's parameters, every column of every row read (through Microsoft.Data.Sqlite's
/// reader and through SQLite's C API). On a kept SQLite trace folder.
/// </summary>
static class TraceQueryBench
{
    public static async Task RunAsync(string dataDirectory, int iterations)
    {
        await using var services = InProcess.Services(dataDirectory, null, s => s.AddScoped<TraceQueries>());
        var office = InProcess.Office();
        await using var connection = new SqliteConnection(DatabaseSetup.GetConnectionString(services.GetRequiredService<IConfiguration>(), DatabaseProvider.Sqlite));
        await connection.OpenAsync();
        var shipments = new List<Guid>();
        await using (var pick = connection.CreateCommand())
        {
            pick.CommandText = $"""SELECT "Id" FROM shipments ORDER BY random() LIMIT {iterations}""";
            await using var reader = await pick.ExecuteReaderAsync();
            while (await reader.ReadAsync()) shipments.Add(reader.GetGuid(0));
        }

        // The statements TraceQueries sends for a backward trace from a shipment (TraceQueries.cs), prepared once.
        var lines = Prepared(connection, """
            SELECT s."Id", s."EnterpriseId", s."DeclarationNumber", s."ShippedOn", s."Buyer", s."CountryCode", l."BatchId", l."Quantity", l."ValueUsd"
            FROM shipments s JOIN shipment_lines l ON l."ShipmentId" = s."Id" WHERE s."Id" = @p0 ORDER BY s."ShippedOn", s."DeclarationNumber"
            """);
        var walk = Prepared(connection, """
            WITH RECURSIVE tree("Id") AS (
                SELECT "Id" FROM production_batches WHERE "Id" IN (SELECT value FROM json_each(@p0))
                UNION
                SELECT c."InputBatchId" FROM batch_components c JOIN tree t ON c."BatchId" = t."Id" WHERE c."InputBatchId" IS NOT NULL
            )
            SELECT b."Id", b."EnterpriseId", b."BatchNumber", b."ProductModel", b."ProductName", b."Quantity", b."Unit", b."StartedOn", b."CompletedOn",
                   b."SerialFrom", b."SerialTo", b."FinalInspection", b."TestReport"
            FROM tree t CROSS JOIN production_batches b WHERE b."Id" = t."Id"
            """);
        var details = Prepared(connection, """
            SELECT "BatchId", "MaterialLotId", "InputBatchId", "Quantity" FROM batch_components WHERE "BatchId" IN (SELECT value FROM json_each(@p0));
            SELECT "BatchId", "Sequence", "Kind", "Name", "PerformedAt", "Operator", "Equipment", "Result", "Passed" FROM batch_steps
                WHERE "BatchId" IN (SELECT value FROM json_each(@p0)) ORDER BY "BatchId", "Sequence";
            SELECT l."Id", l."LotNumber", m."Code", m."Name", l."Spec", m."Spec", s."Id", s."Name", s."Status",
                   EXISTS (SELECT 1 FROM material_sources a WHERE a."MaterialId" = l."MaterialId" AND a."SupplierId" = l."SupplierId"),
                   l."Quantity", l."Unit", l."ReceivedOn", l."Inspection", l."InspectionReport"
            FROM material_lots l JOIN materials m ON m."Id" = l."MaterialId" JOIN suppliers s ON s."Id" = l."SupplierId"
            WHERE l."Id" IN (SELECT "MaterialLotId" FROM batch_components WHERE "BatchId" IN (SELECT value FROM json_each(@p0)) AND "MaterialLotId" IS NOT NULL);
            """);

        async Task<int> Raw(Guid shipment)
        {
            lines.Parameters[0].Value = shipment.ToString().ToUpperInvariant();
            var batches = new List<string>();
            await using (var reader = await lines.ExecuteReaderAsync())
                while (await reader.ReadAsync()) { ReadAll(reader); batches.Add(reader.GetString(6)); }
            var ids = System.Text.Json.JsonSerializer.Serialize(batches.Distinct());
            walk.Parameters[0].Value = ids;
            var reached = new List<string>();
            await using (var reader = await walk.ExecuteReaderAsync())
                while (await reader.ReadAsync()) { ReadAll(reader); reached.Add(reader.GetString(0)); }
            details.Parameters[0].Value = System.Text.Json.JsonSerializer.Serialize(reached);
            var rows = 0;
            await using (var reader = await details.ExecuteReaderAsync())
                do { while (await reader.ReadAsync()) { ReadAll(reader); rows++; } } while (await reader.NextResultAsync());
            return rows;
        }
        // The same statements through SQLite's C API (SQLitePCL.raw), as RawSql's SqliteStatement sends them: each value's
        // type asked, then the value read — no ADO.NET reader between the rows and the code.
        var native = new[] { lines.CommandText, walk.CommandText, details.CommandText }.Select(text => NativeStatements(connection, text)).ToArray();
        Task<int> Native(Guid shipment)
        {
            var batches = new List<string>();
            Step(native[0], shipment.ToString().ToUpperInvariant(), stmt => batches.Add(SQLitePCL.raw.sqlite3_column_text(stmt, 6).utf8_to_string()));
            var reached = new List<string>();
            Step(native[1], System.Text.Json.JsonSerializer.Serialize(batches.Distinct()), stmt => reached.Add(SQLitePCL.raw.sqlite3_column_text(stmt, 0).utf8_to_string()));
            var rows = 0;
            Step(native[2], System.Text.Json.JsonSerializer.Serialize(reached), _ => rows++);
            return Task.FromResult(rows);
        }
        async Task<int> App(Guid shipment)
        {
            await using var scope = services.CreateAsyncScope();
            var graph = await scope.ServiceProvider.GetRequiredService<TraceQueries>().BackwardFromShipmentAsync(office, shipment, CancellationToken.None);
            return graph!.Batches.Count;
        }
        // The API's answer: the same trace, its tree built and written as JSON into a reused buffer — by the reflection-based
        // writer with the API's options (as before issue 22's eighth session), and by the generated code the API now uses.
        var json = new System.Buffers.ArrayBufferWriter<byte>(64 * 1024);
        var options = QualityZone.Infrastructure.Web.ApiJson.Configure(new System.Text.Json.JsonSerializerOptions(System.Text.Json.JsonSerializerDefaults.Web));
        async Task<int> AppWithJson(Guid shipment)
        {
            await using var scope = services.CreateAsyncScope();
            var graph = await scope.ServiceProvider.GetRequiredService<TraceQueries>().BackwardFromShipmentAsync(office, shipment, CancellationToken.None);
            json.ResetWrittenCount();
            await using var writer = new System.Text.Json.Utf8JsonWriter(json);
            System.Text.Json.JsonSerializer.Serialize(writer, TraceabilityApi.Answer(graph!), options);
            return json.WrittenCount;
        }
        var writerOptions = new System.Text.Json.JsonWriterOptions { Encoder = QualityZone.Infrastructure.Web.ApiJson.Encoder, SkipValidation = true };
        async Task<int> AppWithGeneratedJson(Guid shipment)
        {
            await using var scope = services.CreateAsyncScope();
            var graph = await scope.ServiceProvider.GetRequiredService<TraceQueries>().BackwardFromShipmentAsync(office, shipment, CancellationToken.None);
            json.ResetWrittenCount();
            await using var writer = new System.Text.Json.Utf8JsonWriter(json, writerOptions);
            System.Text.Json.JsonSerializer.Serialize(writer, TraceabilityApi.Answer(graph!), TraceJson.Default.TraceDto);
            return json.WrittenCount;
        }

        Console.WriteLine();
        Console.WriteLine($"| backward trace in process, {shipments.Count} random shipments, each 5 passes (warm-up pass first) | median | p95 | p99 |");
        foreach (var (name, run) in new (string, Func<Guid, Task<int>>)[]
                 {
                     ("floor: its three statements prepared once on one open connection, every column read", Raw),
                     ("floor through SQLite's C API: the same statements, every column's type and value read", Native),
                     ("TraceQueries.BackwardFromShipmentAsync (the API's code: scope, connection, statements, graph, gaps)", App),
                     ("the same and its answer: the tree built and written by the reflection-based JSON writer (before)", AppWithJson),
                     ("the same and its answer written by generated code (TraceJson, as the API now writes it)", AppWithGeneratedJson),
                     ("floor again (order effects)", Raw),
                 })
        {
            foreach (var id in shipments) await run(id);
            var times = new List<double>();
            for (var pass = 0; pass < 5; pass++)
                foreach (var id in shipments)
                {
                    var start = Stopwatch.GetTimestamp();
                    await run(id);
                    times.Add(Stopwatch.GetElapsedTime(start).TotalMilliseconds);
                }
            times.Sort();
            Console.WriteLine($"| {name} | {times[times.Count / 2]:0.000} ms | {times[(int)(times.Count * 0.95)]:0.000} ms | {times[(int)(times.Count * 0.99)]:0.000} ms |");
        }
    }

    private static List<SQLitePCL.sqlite3_stmt> NativeStatements(SqliteConnection connection, string text)
    {
        var statements = new List<SQLitePCL.sqlite3_stmt>();
        for (var rest = text; !string.IsNullOrWhiteSpace(rest);)
        {
            SQLitePCL.raw.sqlite3_prepare_v2(connection.Handle, rest, out var statement, out rest);
            if (!statement.IsInvalid) statements.Add(statement);
        }
        return statements;
    }

    private static void Step(List<SQLitePCL.sqlite3_stmt> statements, string parameter, Action<SQLitePCL.sqlite3_stmt> row)
    {
        foreach (var statement in statements)
        {
            SQLitePCL.raw.sqlite3_bind_text(statement, 1, parameter);
            while (SQLitePCL.raw.sqlite3_step(statement) == SQLitePCL.raw.SQLITE_ROW)
            {
                for (var i = 0; i < SQLitePCL.raw.sqlite3_column_count(statement); i++)
                    _ = SQLitePCL.raw.sqlite3_column_type(statement, i) switch
                    {
                        SQLitePCL.raw.SQLITE_INTEGER => SQLitePCL.raw.sqlite3_column_int64(statement, i),
                        SQLitePCL.raw.SQLITE_TEXT => SQLitePCL.raw.sqlite3_column_text(statement, i).utf8_to_string().Length,
                        SQLitePCL.raw.SQLITE_FLOAT => (long)SQLitePCL.raw.sqlite3_column_double(statement, i),
                        _ => 0,
                    };
                row(statement);
            }
            SQLitePCL.raw.sqlite3_reset(statement);
        }
    }

    private static SqliteCommand Prepared(SqliteConnection connection, string sql)
    {
        var command = connection.CreateCommand();
        command.CommandText = sql;
        command.Parameters.Add(new SqliteParameter("@p0", ""));
        command.Prepare();
        return command;
    }

    private static void ReadAll(SqliteDataReader reader)
    {
        for (var i = 0; i < reader.FieldCount; i++) _ = reader.GetValue(i);
    }
}
