using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace QualityZone.Infrastructure.Data.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class ReturnModeTotals : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<decimal>(
                name: "OdmValueUsd",
                table: "export_returns",
                type: "numeric",
                nullable: false,
                defaultValue: 0m);

            migrationBuilder.AddColumn<decimal>(
                name: "OwnBrandValueUsd",
                table: "export_returns",
                type: "numeric",
                nullable: false,
                defaultValue: 0m);

            // Backfill from the effective version's lines, by the version's key (indexed) (the same sums ExportReturn.Submit keeps from now on).
            migrationBuilder.Sql("""
                UPDATE export_returns SET
                    "OwnBrandValueUsd" = COALESCE((SELECT SUM(l."ValueUsd") FROM export_return_versions v JOIN export_return_lines l ON l."VersionId" = v."Id" WHERE v."ReturnId" = export_returns."Id" AND v."Number" = export_returns."EffectiveVersion" AND l."Mode" = 'OwnBrand'), 0),
                    "OdmValueUsd" = COALESCE((SELECT SUM(l."ValueUsd") FROM export_return_versions v JOIN export_return_lines l ON l."VersionId" = v."Id" WHERE v."ReturnId" = export_returns."Id" AND v."Number" = export_returns."EffectiveVersion" AND l."Mode" = 'Odm'), 0)
                WHERE "EffectiveVersion" IS NOT NULL
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "OdmValueUsd",
                table: "export_returns");

            migrationBuilder.DropColumn(
                name: "OwnBrandValueUsd",
                table: "export_returns");
        }
    }
}
