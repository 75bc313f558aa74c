using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace QualityZone.Infrastructure.Data.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class ExportArchives : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<int>(
                name: "EmailAttempts",
                table: "notifications",
                type: "integer",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.AddColumn<string>(
                name: "EmailError",
                table: "notifications",
                type: "character varying(500)",
                maxLength: 500,
                nullable: true);

            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "EmailSentAt",
                table: "notifications",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "EmailTo",
                table: "notifications",
                type: "character varying(256)",
                maxLength: 256,
                nullable: true);

            migrationBuilder.CreateTable(
                name: "customs_declaration_lines",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    EnterpriseId = table.Column<Guid>(type: "uuid", nullable: false),
                    DeclarationNumber = table.Column<string>(type: "character varying(18)", maxLength: 18, nullable: false),
                    LineNumber = table.Column<int>(type: "integer", nullable: false),
                    ExportDate = table.Column<DateOnly>(type: "date", nullable: false),
                    Period = table.Column<string>(type: "character varying(7)", maxLength: 7, nullable: false),
                    HsCode = table.Column<string>(type: "character varying(10)", maxLength: 10, nullable: false),
                    GoodsName = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    CountryCode = table.Column<string>(type: "character varying(2)", maxLength: 2, nullable: false),
                    Quantity = table.Column<decimal>(type: "numeric(18,4)", precision: 18, scale: 4, nullable: false),
                    Unit = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    TotalPrice = table.Column<decimal>(type: "numeric(18,2)", precision: 18, scale: 2, nullable: false),
                    Currency = table.Column<string>(type: "character varying(3)", maxLength: 3, nullable: false),
                    ValueUsd = table.Column<decimal>(type: "numeric(18,2)", precision: 18, scale: 2, nullable: false),
                    ImportedBy = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    ImportedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_customs_declaration_lines", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "exchange_rates",
                columns: table => new
                {
                    Period = table.Column<string>(type: "character varying(7)", maxLength: 7, nullable: false),
                    Currency = table.Column<string>(type: "character varying(3)", maxLength: 3, nullable: false),
                    PerUsd = table.Column<decimal>(type: "numeric(18,4)", precision: 18, scale: 4, nullable: false),
                    SetBy = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    SetAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_exchange_rates", x => new { x.Period, x.Currency });
                });

            migrationBuilder.CreateTable(
                name: "export_return_reminders",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    EnterpriseId = table.Column<Guid>(type: "uuid", nullable: false),
                    Period = table.Column<string>(type: "character varying(7)", maxLength: 7, nullable: false),
                    SentAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_export_return_reminders", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "export_returns",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    EnterpriseId = table.Column<Guid>(type: "uuid", nullable: false),
                    Period = table.Column<string>(type: "character varying(7)", maxLength: 7, nullable: false),
                    State = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    DueOn = table.Column<DateOnly>(type: "date", nullable: false),
                    LatestVersion = table.Column<int>(type: "integer", nullable: false),
                    EffectiveVersion = table.Column<int>(type: "integer", nullable: true),
                    NoExports = table.Column<bool>(type: "boolean", nullable: false),
                    ValueUsd = table.Column<decimal>(type: "numeric(18,2)", precision: 18, scale: 2, nullable: false),
                    LineCount = table.Column<int>(type: "integer", nullable: false),
                    CreatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    FirstSubmittedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    Late = table.Column<bool>(type: "boolean", nullable: false),
                    ReturnReason = table.Column<string>(type: "character varying(1000)", maxLength: 1000, nullable: true),
                    Revision = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_export_returns", x => x.Id);
                    table.ForeignKey(
                        name: "FK_export_returns_enterprises_EnterpriseId",
                        column: x => x.EnterpriseId,
                        principalTable: "enterprises",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "export_return_versions",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    ReturnId = table.Column<Guid>(type: "uuid", nullable: false),
                    Number = table.Column<int>(type: "integer", nullable: false),
                    State = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    NoExports = table.Column<bool>(type: "boolean", nullable: false),
                    Source = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    Note = table.Column<string>(type: "character varying(1000)", maxLength: 1000, nullable: true),
                    CreatedBy = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    CreatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    EditedBy = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    EditedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    SubmittedBy = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    SubmittedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    ReviewedBy = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    ReviewedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    ReviewNote = table.Column<string>(type: "character varying(1000)", maxLength: 1000, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_export_return_versions", x => x.Id);
                    table.ForeignKey(
                        name: "FK_export_return_versions_export_returns_ReturnId",
                        column: x => x.ReturnId,
                        principalTable: "export_returns",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "export_return_incidents",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    VersionId = table.Column<Guid>(type: "uuid", nullable: false),
                    ReturnId = table.Column<Guid>(type: "uuid", nullable: false),
                    EnterpriseId = table.Column<Guid>(type: "uuid", nullable: false),
                    Period = table.Column<string>(type: "character varying(7)", maxLength: 7, nullable: false),
                    Effective = table.Column<bool>(type: "boolean", nullable: false),
                    Position = table.Column<int>(type: "integer", nullable: false),
                    Kind = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    Reference = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: true),
                    Countries = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    Date = table.Column<DateOnly>(type: "date", nullable: true),
                    ProductName = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    HsCode = table.Column<string>(type: "character varying(10)", maxLength: 10, nullable: true),
                    Quantity = table.Column<decimal>(type: "numeric(18,4)", precision: 18, scale: 4, nullable: true),
                    ValueUsd = table.Column<decimal>(type: "numeric(18,2)", precision: 18, scale: 2, nullable: true),
                    Summary = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_export_return_incidents", x => x.Id);
                    table.ForeignKey(
                        name: "FK_export_return_incidents_export_return_versions_VersionId",
                        column: x => x.VersionId,
                        principalTable: "export_return_versions",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "export_return_lines",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    VersionId = table.Column<Guid>(type: "uuid", nullable: false),
                    ReturnId = table.Column<Guid>(type: "uuid", nullable: false),
                    EnterpriseId = table.Column<Guid>(type: "uuid", nullable: false),
                    Period = table.Column<string>(type: "character varying(7)", maxLength: 7, nullable: false),
                    Effective = table.Column<bool>(type: "boolean", nullable: false),
                    Position = table.Column<int>(type: "integer", nullable: false),
                    ProductName = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    Model = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: true),
                    HsCode = table.Column<string>(type: "character varying(10)", maxLength: 10, nullable: false),
                    HsHeading = table.Column<string>(type: "character varying(4)", maxLength: 4, nullable: false),
                    CountryCode = table.Column<string>(type: "character varying(2)", maxLength: 2, nullable: false),
                    Quantity = table.Column<decimal>(type: "numeric(18,4)", precision: 18, scale: 4, nullable: false),
                    Unit = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    ValueUsd = table.Column<decimal>(type: "numeric(18,2)", precision: 18, scale: 2, nullable: false),
                    ValueCny = table.Column<decimal>(type: "numeric(18,2)", precision: 18, scale: 2, nullable: true),
                    CnyPerUsd = table.Column<decimal>(type: "numeric(18,4)", precision: 18, scale: 4, nullable: true),
                    Mode = table.Column<string>(type: "character varying(10)", maxLength: 10, nullable: false),
                    Batches = table.Column<int>(type: "integer", nullable: false),
                    NonconformingBatches = table.Column<int>(type: "integer", nullable: false),
                    NonconformingQuantity = table.Column<decimal>(type: "numeric(18,4)", precision: 18, scale: 4, nullable: false),
                    NonconformityDescription = table.Column<string>(type: "character varying(1000)", maxLength: 1000, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_export_return_lines", x => x.Id);
                    table.ForeignKey(
                        name: "FK_export_return_lines_export_return_versions_VersionId",
                        column: x => x.VersionId,
                        principalTable: "export_return_versions",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_notifications_EmailSentAt_EmailAttempts",
                table: "notifications",
                columns: new[] { "EmailSentAt", "EmailAttempts" });

            migrationBuilder.CreateIndex(
                name: "IX_customs_declaration_lines_DeclarationNumber_LineNumber",
                table: "customs_declaration_lines",
                columns: new[] { "DeclarationNumber", "LineNumber" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_customs_declaration_lines_EnterpriseId_Period",
                table: "customs_declaration_lines",
                columns: new[] { "EnterpriseId", "Period" });

            migrationBuilder.CreateIndex(
                name: "IX_export_return_incidents_Effective_Period",
                table: "export_return_incidents",
                columns: new[] { "Effective", "Period" });

            migrationBuilder.CreateIndex(
                name: "IX_export_return_incidents_EnterpriseId",
                table: "export_return_incidents",
                column: "EnterpriseId");

            migrationBuilder.CreateIndex(
                name: "IX_export_return_incidents_VersionId",
                table: "export_return_incidents",
                column: "VersionId");

            migrationBuilder.CreateIndex(
                name: "IX_export_return_lines_EnterpriseId",
                table: "export_return_lines",
                column: "EnterpriseId");

            migrationBuilder.CreateIndex(
                name: "IX_export_return_lines_statistics",
                table: "export_return_lines",
                columns: new[] { "Effective", "Period", "CountryCode", "HsHeading", "Mode", "EnterpriseId", "HsCode", "ValueUsd", "Batches", "NonconformingBatches" });

            migrationBuilder.CreateIndex(
                name: "IX_export_return_lines_statistics_enterprise",
                table: "export_return_lines",
                columns: new[] { "Effective", "Period", "EnterpriseId", "HsCode", "ValueUsd", "Batches", "NonconformingBatches" });

            migrationBuilder.CreateIndex(
                name: "IX_export_return_lines_VersionId",
                table: "export_return_lines",
                column: "VersionId");

            migrationBuilder.CreateIndex(
                name: "IX_export_return_reminders_EnterpriseId_Period",
                table: "export_return_reminders",
                columns: new[] { "EnterpriseId", "Period" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_export_return_versions_ReturnId_Number",
                table: "export_return_versions",
                columns: new[] { "ReturnId", "Number" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_export_returns_EnterpriseId_Period",
                table: "export_returns",
                columns: new[] { "EnterpriseId", "Period" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_export_returns_Period",
                table: "export_returns",
                column: "Period");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "customs_declaration_lines");

            migrationBuilder.DropTable(
                name: "exchange_rates");

            migrationBuilder.DropTable(
                name: "export_return_incidents");

            migrationBuilder.DropTable(
                name: "export_return_lines");

            migrationBuilder.DropTable(
                name: "export_return_reminders");

            migrationBuilder.DropTable(
                name: "export_return_versions");

            migrationBuilder.DropTable(
                name: "export_returns");

            migrationBuilder.DropIndex(
                name: "IX_notifications_EmailSentAt_EmailAttempts",
                table: "notifications");

            migrationBuilder.DropColumn(
                name: "EmailAttempts",
                table: "notifications");

            migrationBuilder.DropColumn(
                name: "EmailError",
                table: "notifications");

            migrationBuilder.DropColumn(
                name: "EmailSentAt",
                table: "notifications");

            migrationBuilder.DropColumn(
                name: "EmailTo",
                table: "notifications");
        }
    }
}
