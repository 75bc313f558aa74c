using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace QualityZone.Infrastructure.Data.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class ExportRollups : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<int>(
                name: "Batches",
                table: "export_returns",
                type: "integer",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.AddColumn<int>(
                name: "NonconformingBatches",
                table: "export_returns",
                type: "integer",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.CreateTable(
                name: "export_rollup_cells",
                columns: table => new
                {
                    Period = table.Column<string>(type: "character varying(7)", maxLength: 7, nullable: false),
                    CountryCode = table.Column<string>(type: "character varying(2)", maxLength: 2, nullable: false),
                    HsHeading = table.Column<string>(type: "character varying(4)", maxLength: 4, nullable: false),
                    Mode = table.Column<string>(type: "character varying(10)", maxLength: 10, nullable: false),
                    ValueUsd = table.Column<decimal>(type: "numeric(18,2)", precision: 18, scale: 2, nullable: false),
                    Batches = table.Column<long>(type: "bigint", nullable: false),
                    NonconformingBatches = table.Column<long>(type: "bigint", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_export_rollup_cells", x => new { x.Period, x.CountryCode, x.HsHeading, x.Mode });
                });

            // Backfill: the returns' batch totals from their effective version's lines (by the version's
            // indexed key, as ExportReturn.Submit keeps them from now on), and the rollup from every
            // effective line (the same statement as the rebuild-rollups verb, ExportRollupCell.RebuildSql).
            migrationBuilder.Sql("""
                UPDATE export_returns SET
                    "Batches" = COALESCE((SELECT SUM(l."Batches") FROM export_return_versions v JOIN export_return_lines l ON l."VersionId" = v."Id" WHERE v."ReturnId" = export_returns."Id" AND v."Number" = export_returns."EffectiveVersion"), 0),
                    "NonconformingBatches" = COALESCE((SELECT SUM(l."NonconformingBatches") FROM export_return_versions v JOIN export_return_lines l ON l."VersionId" = v."Id" WHERE v."ReturnId" = export_returns."Id" AND v."Number" = export_returns."EffectiveVersion"), 0)
                WHERE "EffectiveVersion" IS NOT NULL
                """);
            migrationBuilder.Sql("""
                INSERT INTO export_rollup_cells ("Period", "CountryCode", "HsHeading", "Mode", "ValueUsd", "Batches", "NonconformingBatches")
                SELECT "Period", "CountryCode", "HsHeading", "Mode", SUM("ValueUsd"), SUM("Batches"), SUM("NonconformingBatches")
                FROM export_return_lines WHERE "Effective" = TRUE
                GROUP BY "Period", "CountryCode", "HsHeading", "Mode"
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "export_rollup_cells");

            migrationBuilder.DropColumn(
                name: "Batches",
                table: "export_returns");

            migrationBuilder.DropColumn(
                name: "NonconformingBatches",
                table: "export_returns");
        }
    }
}
