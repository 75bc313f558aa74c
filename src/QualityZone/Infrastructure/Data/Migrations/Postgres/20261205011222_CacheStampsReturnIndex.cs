using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace QualityZone.Infrastructure.Data.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class CacheStampsReturnIndex : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_export_returns_Period",
                table: "export_returns");

            migrationBuilder.CreateTable(
                name: "cache_stamps",
                columns: table => new
                {
                    Area = table.Column<string>(type: "character varying(50)", maxLength: 50, nullable: false),
                    Version = table.Column<long>(type: "bigint", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_cache_stamps", x => x.Area);
                });

            migrationBuilder.CreateIndex(
                name: "IX_export_returns_statistics",
                table: "export_returns",
                columns: new[] { "Period", "EnterpriseId", "EffectiveVersion", "LineCount", "ValueUsd", "Batches", "NonconformingBatches" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "cache_stamps");

            migrationBuilder.DropIndex(
                name: "IX_export_returns_statistics",
                table: "export_returns");

            migrationBuilder.CreateIndex(
                name: "IX_export_returns_Period",
                table: "export_returns",
                column: "Period");
        }
    }
}
