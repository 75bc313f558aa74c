using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace QualityZone.Infrastructure.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class CnasTracker : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "candidate_labs",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    EnterpriseId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Name = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    Scope = table.Column<string>(type: "TEXT", maxLength: 1000, nullable: false),
                    Staff = table.Column<int>(type: "INTEGER", nullable: false),
                    Equipment = table.Column<string>(type: "TEXT", maxLength: 1000, nullable: true),
                    Advisor = table.Column<string>(type: "TEXT", maxLength: 50, nullable: true),
                    Stage = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    CertificateNumber = table.Column<string>(type: "TEXT", maxLength: 30, nullable: true),
                    CertificateScope = table.Column<string>(type: "TEXT", maxLength: 1000, nullable: true),
                    AccreditedOn = table.Column<DateOnly>(type: "TEXT", nullable: true),
                    CertificateExpiry = table.Column<DateOnly>(type: "TEXT", nullable: true),
                    CreatedBy = table.Column<string>(type: "TEXT", maxLength: 256, nullable: false),
                    CreatedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    Version = table.Column<int>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_candidate_labs", x => x.Id);
                    table.ForeignKey(
                        name: "FK_candidate_labs_enterprises_EnterpriseId",
                        column: x => x.EnterpriseId,
                        principalTable: "enterprises",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "candidate_lab_clauses",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    LabId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Clause = table.Column<string>(type: "TEXT", maxLength: 8, nullable: false),
                    State = table.Column<string>(type: "TEXT", maxLength: 12, nullable: false),
                    Evidence = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: true),
                    AdvisorComment = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: true),
                    UpdatedBy = table.Column<string>(type: "TEXT", maxLength: 256, nullable: true),
                    UpdatedAt = table.Column<long>(type: "INTEGER", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_candidate_lab_clauses", x => x.Id);
                    table.ForeignKey(
                        name: "FK_candidate_lab_clauses_candidate_labs_LabId",
                        column: x => x.LabId,
                        principalTable: "candidate_labs",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "candidate_lab_stages",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    LabId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Stage = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    PlannedOn = table.Column<DateOnly>(type: "TEXT", nullable: true),
                    CompletedOn = table.Column<DateOnly>(type: "TEXT", nullable: true),
                    Note = table.Column<string>(type: "TEXT", maxLength: 1000, nullable: true),
                    CompletedBy = table.Column<string>(type: "TEXT", maxLength: 256, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_candidate_lab_stages", x => x.Id);
                    table.ForeignKey(
                        name: "FK_candidate_lab_stages_candidate_labs_LabId",
                        column: x => x.LabId,
                        principalTable: "candidate_labs",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_candidate_lab_clauses_LabId_Clause",
                table: "candidate_lab_clauses",
                columns: new[] { "LabId", "Clause" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_candidate_lab_stages_LabId_Stage",
                table: "candidate_lab_stages",
                columns: new[] { "LabId", "Stage" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_candidate_labs_EnterpriseId",
                table: "candidate_labs",
                column: "EnterpriseId");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "candidate_lab_clauses");

            migrationBuilder.DropTable(
                name: "candidate_lab_stages");

            migrationBuilder.DropTable(
                name: "candidate_labs");
        }
    }
}
