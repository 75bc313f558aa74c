using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace QualityZone.Infrastructure.Data.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class Policies : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "appraisal_manual_scores",
                columns: table => new
                {
                    Year = table.Column<int>(type: "integer", nullable: false),
                    DepartmentId = table.Column<Guid>(type: "uuid", nullable: false),
                    Code = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    Score = table.Column<decimal>(type: "numeric", nullable: false),
                    Note = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: true),
                    ScoredBy = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    ScoredAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_appraisal_manual_scores", x => new { x.Year, x.DepartmentId, x.Code });
                });

            migrationBuilder.CreateTable(
                name: "appraisal_weights",
                columns: table => new
                {
                    Year = table.Column<int>(type: "integer", nullable: false),
                    Code = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    Weight = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_appraisal_weights", x => new { x.Year, x.Code });
                });

            migrationBuilder.CreateTable(
                name: "policies",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    Type = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    Title = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    IssuingUnit = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    DocumentNumber = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: true),
                    IssuedOn = table.Column<DateOnly>(type: "date", nullable: false),
                    EffectiveOn = table.Column<DateOnly>(type: "date", nullable: false),
                    ExpiresOn = table.Column<DateOnly>(type: "date", nullable: true),
                    Body = table.Column<string>(type: "character varying(50000)", maxLength: 50000, nullable: false),
                    Published = table.Column<bool>(type: "boolean", nullable: false),
                    IsPublic = table.Column<bool>(type: "boolean", nullable: false),
                    ResponsibleDepartmentId = table.Column<Guid>(type: "uuid", nullable: true),
                    Rule = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: true),
                    AmountKind = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    Amount = table.Column<decimal>(type: "numeric", nullable: false),
                    SharePercent = table.Column<decimal>(type: "numeric", nullable: false),
                    BaseCriterion = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: true),
                    CapPerEnterprise = table.Column<decimal>(type: "numeric", nullable: true),
                    Budget = table.Column<decimal>(type: "numeric", nullable: true),
                    GrantWithoutApplication = table.Column<bool>(type: "boolean", nullable: false),
                    CreatedBy = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    CreatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    Version = table.Column<int>(type: "integer", nullable: false),
                    IsDeleted = table.Column<bool>(type: "boolean", nullable: false),
                    DeletedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_policies", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "measure_grants",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    PolicyId = table.Column<Guid>(type: "uuid", nullable: false),
                    EnterpriseId = table.Column<Guid>(type: "uuid", nullable: false),
                    State = table.Column<string>(type: "character varying(24)", maxLength: 24, nullable: false),
                    GrantedOn = table.Column<DateOnly>(type: "date", nullable: false),
                    GrantedBy = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    FlaggedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    FlagReason = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: true),
                    WithdrawnOn = table.Column<DateOnly>(type: "date", nullable: true),
                    WithdrawnBy = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: true),
                    Version = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_measure_grants", x => x.Id);
                    table.ForeignKey(
                        name: "FK_measure_grants_policies_PolicyId",
                        column: x => x.PolicyId,
                        principalTable: "policies",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "policy_claims",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    Number = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    PolicyId = table.Column<Guid>(type: "uuid", nullable: false),
                    EnterpriseId = table.Column<Guid>(type: "uuid", nullable: false),
                    Year = table.Column<int>(type: "integer", nullable: false),
                    Item = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    ClaimKey = table.Column<string>(type: "character varying(120)", maxLength: 120, nullable: true),
                    State = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    GrantedWithoutApplication = table.Column<bool>(type: "boolean", nullable: false),
                    Statement = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: true),
                    EligibilitySnapshot = table.Column<string>(type: "character varying(20000)", maxLength: 20000, nullable: false),
                    Entitled = table.Column<decimal>(type: "numeric", nullable: false),
                    ApprovedAmount = table.Column<decimal>(type: "numeric", nullable: true),
                    ReviewOpinion = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: true),
                    ReviewFileSha256 = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: true),
                    ReviewFileName = table.Column<string>(type: "character varying(255)", maxLength: 255, nullable: true),
                    ReviewFileContentType = table.Column<string>(type: "character varying(128)", maxLength: 128, nullable: true),
                    ReviewedBy = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: true),
                    ReviewedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    DecisionReason = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: true),
                    DecidedBy = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: true),
                    DecidedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    PaidOn = table.Column<DateOnly>(type: "date", nullable: true),
                    PaidAmount = table.Column<decimal>(type: "numeric", nullable: true),
                    VoucherNumber = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: true),
                    PaidBy = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: true),
                    CreatedBy = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    CreatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    Version = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_policy_claims", x => x.Id);
                    table.ForeignKey(
                        name: "FK_policy_claims_policies_PolicyId",
                        column: x => x.PolicyId,
                        principalTable: "policies",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "policy_files",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    PolicyId = table.Column<Guid>(type: "uuid", nullable: false),
                    Sha256 = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    FileName = table.Column<string>(type: "character varying(255)", maxLength: 255, nullable: false),
                    ContentType = table.Column<string>(type: "character varying(128)", maxLength: 128, nullable: false),
                    UploadedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_policy_files", x => x.Id);
                    table.ForeignKey(
                        name: "FK_policy_files_policies_PolicyId",
                        column: x => x.PolicyId,
                        principalTable: "policies",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_measure_grants_EnterpriseId_State",
                table: "measure_grants",
                columns: new[] { "EnterpriseId", "State" });

            migrationBuilder.CreateIndex(
                name: "IX_measure_grants_PolicyId_EnterpriseId",
                table: "measure_grants",
                columns: new[] { "PolicyId", "EnterpriseId" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_policies_Type_IssuedOn",
                table: "policies",
                columns: new[] { "Type", "IssuedOn" });

            migrationBuilder.CreateIndex(
                name: "IX_policy_claims_EnterpriseId_Year",
                table: "policy_claims",
                columns: new[] { "EnterpriseId", "Year" });

            migrationBuilder.CreateIndex(
                name: "IX_policy_claims_Number",
                table: "policy_claims",
                column: "Number",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_policy_claims_PolicyId_EnterpriseId_ClaimKey",
                table: "policy_claims",
                columns: new[] { "PolicyId", "EnterpriseId", "ClaimKey" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_policy_files_PolicyId",
                table: "policy_files",
                column: "PolicyId");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "appraisal_manual_scores");

            migrationBuilder.DropTable(
                name: "appraisal_weights");

            migrationBuilder.DropTable(
                name: "measure_grants");

            migrationBuilder.DropTable(
                name: "policy_claims");

            migrationBuilder.DropTable(
                name: "policy_files");

            migrationBuilder.DropTable(
                name: "policies");
        }
    }
}
