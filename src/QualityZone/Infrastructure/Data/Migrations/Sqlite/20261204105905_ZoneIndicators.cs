using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace QualityZone.Infrastructure.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class ZoneIndicators : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "zone_indicators",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    Code = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    NameZh = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    NameEn = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true),
                    Unit = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    Formula = table.Column<string>(type: "TEXT", maxLength: 500, nullable: true),
                    Direction = table.Column<string>(type: "TEXT", maxLength: 8, nullable: false),
                    BaselineYear = table.Column<int>(type: "INTEGER", nullable: false),
                    BaselineValue = table.Column<long>(type: "INTEGER", nullable: true),
                    Position = table.Column<int>(type: "INTEGER", nullable: false),
                    Active = table.Column<bool>(type: "INTEGER", nullable: false),
                    Version = table.Column<int>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_zone_indicators", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "zone_indicator_years",
                columns: table => new
                {
                    IndicatorId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Year = table.Column<int>(type: "INTEGER", nullable: false),
                    Target = table.Column<long>(type: "INTEGER", nullable: true),
                    Value = table.Column<long>(type: "INTEGER", nullable: true),
                    ComputedAt = table.Column<long>(type: "INTEGER", nullable: true),
                    Note = table.Column<string>(type: "TEXT", maxLength: 500, nullable: true),
                    EvidenceSha256 = table.Column<string>(type: "TEXT", maxLength: 64, nullable: true),
                    EvidenceFileName = table.Column<string>(type: "TEXT", maxLength: 255, nullable: true),
                    EvidenceContentType = table.Column<string>(type: "TEXT", maxLength: 100, nullable: true),
                    Approved = table.Column<bool>(type: "INTEGER", nullable: false),
                    ApprovedBy = table.Column<string>(type: "TEXT", maxLength: 256, nullable: true),
                    ApprovedAt = table.Column<long>(type: "INTEGER", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_zone_indicator_years", x => new { x.IndicatorId, x.Year });
                    table.ForeignKey(
                        name: "FK_zone_indicator_years_zone_indicators_IndicatorId",
                        column: x => x.IndicatorId,
                        principalTable: "zone_indicators",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_zone_indicators_Code",
                table: "zone_indicators",
                column: "Code",
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "zone_indicator_years");

            migrationBuilder.DropTable(
                name: "zone_indicators");
        }
    }
}
