using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace QualityZone.Infrastructure.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class AddEpcis : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "epcis_capture_jobs",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    EnterpriseId = table.Column<Guid>(type: "TEXT", nullable: false),
                    CreatedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    FinishedAt = table.Column<long>(type: "INTEGER", nullable: true),
                    Running = table.Column<bool>(type: "INTEGER", nullable: false),
                    Success = table.Column<bool>(type: "INTEGER", nullable: false),
                    Events = table.Column<int>(type: "INTEGER", nullable: false),
                    Mapped = table.Column<int>(type: "INTEGER", nullable: false),
                    Duplicates = table.Column<int>(type: "INTEGER", nullable: false),
                    Errors = table.Column<string>(type: "TEXT", nullable: true),
                    CreatedBy = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_epcis_capture_jobs", x => x.Id);
                    table.ForeignKey(
                        name: "FK_epcis_capture_jobs_enterprises_EnterpriseId",
                        column: x => x.EnterpriseId,
                        principalTable: "enterprises",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "epcis_events",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    EnterpriseId = table.Column<Guid>(type: "TEXT", nullable: false),
                    EventId = table.Column<string>(type: "TEXT", maxLength: 300, nullable: false),
                    EventType = table.Column<string>(type: "TEXT", maxLength: 30, nullable: false),
                    EventTime = table.Column<long>(type: "INTEGER", nullable: false),
                    EventTimeZoneOffset = table.Column<string>(type: "TEXT", maxLength: 6, nullable: false),
                    RecordTime = table.Column<long>(type: "INTEGER", nullable: false),
                    Action = table.Column<string>(type: "TEXT", maxLength: 10, nullable: true),
                    BizStep = table.Column<string>(type: "TEXT", maxLength: 300, nullable: true),
                    Disposition = table.Column<string>(type: "TEXT", maxLength: 300, nullable: true),
                    ReadPoint = table.Column<string>(type: "TEXT", maxLength: 300, nullable: true),
                    BizLocation = table.Column<string>(type: "TEXT", maxLength: 300, nullable: true),
                    CaptureId = table.Column<Guid>(type: "TEXT", nullable: false),
                    MappedTo = table.Column<string>(type: "TEXT", maxLength: 20, nullable: true),
                    DeclaredInErrorAt = table.Column<long>(type: "INTEGER", nullable: true),
                    ErrorReason = table.Column<string>(type: "TEXT", maxLength: 300, nullable: true),
                    Body = table.Column<string>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_epcis_events", x => x.Id);
                    table.ForeignKey(
                        name: "FK_epcis_events_enterprises_EnterpriseId",
                        column: x => x.EnterpriseId,
                        principalTable: "enterprises",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "epcis_master_data",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    EnterpriseId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Type = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    Uri = table.Column<string>(type: "TEXT", maxLength: 500, nullable: false),
                    Attributes = table.Column<string>(type: "TEXT", nullable: false),
                    UpdatedAt = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_epcis_master_data", x => x.Id);
                    table.ForeignKey(
                        name: "FK_epcis_master_data_enterprises_EnterpriseId",
                        column: x => x.EnterpriseId,
                        principalTable: "enterprises",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "epcis_event_epcs",
                columns: table => new
                {
                    EventRowId = table.Column<long>(type: "INTEGER", nullable: false),
                    Epc = table.Column<string>(type: "TEXT", maxLength: 500, nullable: false),
                    Role = table.Column<byte>(type: "INTEGER", nullable: false),
                    EnterpriseId = table.Column<Guid>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_epcis_event_epcs", x => new { x.EventRowId, x.Role, x.Epc });
                    table.ForeignKey(
                        name: "FK_epcis_event_epcs_epcis_events_EventRowId",
                        column: x => x.EventRowId,
                        principalTable: "epcis_events",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_epcis_capture_jobs_EnterpriseId_CreatedAt",
                table: "epcis_capture_jobs",
                columns: new[] { "EnterpriseId", "CreatedAt" });

            migrationBuilder.CreateIndex(
                name: "IX_epcis_event_epcs_Epc_EnterpriseId_EventRowId_Role",
                table: "epcis_event_epcs",
                columns: new[] { "Epc", "EnterpriseId", "EventRowId", "Role" });

            migrationBuilder.CreateIndex(
                name: "IX_epcis_events_EnterpriseId_EventId",
                table: "epcis_events",
                columns: new[] { "EnterpriseId", "EventId" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_epcis_events_EnterpriseId_EventTime",
                table: "epcis_events",
                columns: new[] { "EnterpriseId", "EventTime" });

            migrationBuilder.CreateIndex(
                name: "IX_epcis_master_data_EnterpriseId_Type_Uri",
                table: "epcis_master_data",
                columns: new[] { "EnterpriseId", "Type", "Uri" },
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "epcis_capture_jobs");

            migrationBuilder.DropTable(
                name: "epcis_event_epcs");

            migrationBuilder.DropTable(
                name: "epcis_master_data");

            migrationBuilder.DropTable(
                name: "epcis_events");
        }
    }
}
