using System;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace QualityZone.Infrastructure.Data.Migrations.Postgres
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
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    EnterpriseId = table.Column<Guid>(type: "uuid", nullable: false),
                    CreatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    FinishedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    Running = table.Column<bool>(type: "boolean", nullable: false),
                    Success = table.Column<bool>(type: "boolean", nullable: false),
                    Events = table.Column<int>(type: "integer", nullable: false),
                    Mapped = table.Column<int>(type: "integer", nullable: false),
                    Duplicates = table.Column<int>(type: "integer", nullable: false),
                    Errors = table.Column<string>(type: "text", nullable: true),
                    CreatedBy = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false)
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
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    EnterpriseId = table.Column<Guid>(type: "uuid", nullable: false),
                    EventId = table.Column<string>(type: "character varying(300)", maxLength: 300, nullable: false),
                    EventType = table.Column<string>(type: "character varying(30)", maxLength: 30, nullable: false),
                    EventTime = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    EventTimeZoneOffset = table.Column<string>(type: "character varying(6)", maxLength: 6, nullable: false),
                    RecordTime = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    Action = table.Column<string>(type: "character varying(10)", maxLength: 10, nullable: true),
                    BizStep = table.Column<string>(type: "character varying(300)", maxLength: 300, nullable: true),
                    Disposition = table.Column<string>(type: "character varying(300)", maxLength: 300, nullable: true),
                    ReadPoint = table.Column<string>(type: "character varying(300)", maxLength: 300, nullable: true),
                    BizLocation = table.Column<string>(type: "character varying(300)", maxLength: 300, nullable: true),
                    CaptureId = table.Column<Guid>(type: "uuid", nullable: false),
                    MappedTo = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: true),
                    DeclaredInErrorAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    ErrorReason = table.Column<string>(type: "character varying(300)", maxLength: 300, nullable: true),
                    Body = table.Column<string>(type: "text", nullable: false)
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
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    EnterpriseId = table.Column<Guid>(type: "uuid", nullable: false),
                    Type = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    Uri = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: false),
                    Attributes = table.Column<string>(type: "text", nullable: false),
                    UpdatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
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
                    EventRowId = table.Column<long>(type: "bigint", nullable: false),
                    Epc = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: false),
                    Role = table.Column<byte>(type: "smallint", nullable: false),
                    EnterpriseId = table.Column<Guid>(type: "uuid", nullable: false)
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
