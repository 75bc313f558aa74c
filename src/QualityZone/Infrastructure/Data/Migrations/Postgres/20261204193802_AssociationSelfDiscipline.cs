using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace QualityZone.Infrastructure.Data.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class AssociationSelfDiscipline : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "association_complaints",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    Number = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    Source = table.Column<string>(type: "character varying(12)", maxLength: 12, nullable: false),
                    ReporterName = table.Column<string>(type: "character varying(50)", maxLength: 50, nullable: true),
                    ReporterContact = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: true),
                    EnterpriseId = table.Column<Guid>(type: "uuid", nullable: true),
                    EnterpriseNamed = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    Subject = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    Content = table.Column<string>(type: "character varying(4000)", maxLength: 4000, nullable: false),
                    ReceivedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    State = table.Column<string>(type: "character varying(14)", maxLength: 14, nullable: false),
                    Handler = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: true),
                    Substantiated = table.Column<bool>(type: "boolean", nullable: true),
                    Conclusion = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: true),
                    ConcludedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    ActionId = table.Column<Guid>(type: "uuid", nullable: true),
                    SharedWithEnterprise = table.Column<bool>(type: "boolean", nullable: false),
                    Version = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_association_complaints", x => x.Id);
                    table.ForeignKey(
                        name: "FK_association_complaints_enterprises_EnterpriseId",
                        column: x => x.EnterpriseId,
                        principalTable: "enterprises",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "association_convention_signatures",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    EnterpriseId = table.Column<Guid>(type: "uuid", nullable: false),
                    Version = table.Column<int>(type: "integer", nullable: false),
                    Signatory = table.Column<string>(type: "character varying(50)", maxLength: 50, nullable: false),
                    SignedBy = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: false),
                    SignedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_association_convention_signatures", x => x.Id);
                    table.ForeignKey(
                        name: "FK_association_convention_signatures_enterprises_EnterpriseId",
                        column: x => x.EnterpriseId,
                        principalTable: "enterprises",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "association_convention_versions",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    Version = table.Column<int>(type: "integer", nullable: false),
                    Title = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    Body = table.Column<string>(type: "character varying(20000)", maxLength: 20000, nullable: false),
                    PublishedBy = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: false),
                    PublishedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_association_convention_versions", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "association_memberships",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    EnterpriseId = table.Column<Guid>(type: "uuid", nullable: false),
                    Level = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    JoinedOn = table.Column<DateOnly>(type: "date", nullable: false),
                    LeftOn = table.Column<DateOnly>(type: "date", nullable: true),
                    ModelEnterprise = table.Column<bool>(type: "boolean", nullable: false),
                    ModelReason = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: true),
                    Version = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_association_memberships", x => x.Id);
                    table.ForeignKey(
                        name: "FK_association_memberships_enterprises_EnterpriseId",
                        column: x => x.EnterpriseId,
                        principalTable: "enterprises",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "association_membership_fees",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    MembershipId = table.Column<Guid>(type: "uuid", nullable: false),
                    Year = table.Column<int>(type: "integer", nullable: false),
                    Amount = table.Column<decimal>(type: "numeric(12,2)", precision: 12, scale: 2, nullable: false),
                    PaidOn = table.Column<DateOnly>(type: "date", nullable: false),
                    Receipt = table.Column<string>(type: "character varying(50)", maxLength: 50, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_association_membership_fees", x => x.Id);
                    table.ForeignKey(
                        name: "FK_association_membership_fees_association_memberships_Members~",
                        column: x => x.MembershipId,
                        principalTable: "association_memberships",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_association_complaints_EnterpriseId",
                table: "association_complaints",
                column: "EnterpriseId");

            migrationBuilder.CreateIndex(
                name: "IX_association_complaints_Number",
                table: "association_complaints",
                column: "Number",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_association_complaints_State_ReceivedAt",
                table: "association_complaints",
                columns: new[] { "State", "ReceivedAt" });

            migrationBuilder.CreateIndex(
                name: "IX_association_convention_signatures_EnterpriseId_Version",
                table: "association_convention_signatures",
                columns: new[] { "EnterpriseId", "Version" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_association_convention_versions_Version",
                table: "association_convention_versions",
                column: "Version",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_association_membership_fees_MembershipId_Year",
                table: "association_membership_fees",
                columns: new[] { "MembershipId", "Year" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_association_memberships_EnterpriseId",
                table: "association_memberships",
                column: "EnterpriseId",
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "association_complaints");

            migrationBuilder.DropTable(
                name: "association_convention_signatures");

            migrationBuilder.DropTable(
                name: "association_convention_versions");

            migrationBuilder.DropTable(
                name: "association_membership_fees");

            migrationBuilder.DropTable(
                name: "association_memberships");
        }
    }
}
