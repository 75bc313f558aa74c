using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace QualityZone.Infrastructure.Data.Migrations.Sqlite
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
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    Number = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    Source = table.Column<string>(type: "TEXT", maxLength: 12, nullable: false),
                    ReporterName = table.Column<string>(type: "TEXT", maxLength: 50, nullable: true),
                    ReporterContact = table.Column<string>(type: "TEXT", maxLength: 100, nullable: true),
                    EnterpriseId = table.Column<Guid>(type: "TEXT", nullable: true),
                    EnterpriseNamed = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true),
                    Subject = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    Content = table.Column<string>(type: "TEXT", maxLength: 4000, nullable: false),
                    ReceivedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    State = table.Column<string>(type: "TEXT", maxLength: 14, nullable: false),
                    Handler = table.Column<string>(type: "TEXT", maxLength: 256, nullable: true),
                    Substantiated = table.Column<bool>(type: "INTEGER", nullable: true),
                    Conclusion = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: true),
                    ConcludedAt = table.Column<long>(type: "INTEGER", nullable: true),
                    ActionId = table.Column<Guid>(type: "TEXT", nullable: true),
                    SharedWithEnterprise = table.Column<bool>(type: "INTEGER", nullable: false),
                    Version = table.Column<int>(type: "INTEGER", nullable: false)
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
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    EnterpriseId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Version = table.Column<int>(type: "INTEGER", nullable: false),
                    Signatory = table.Column<string>(type: "TEXT", maxLength: 50, nullable: false),
                    SignedBy = table.Column<string>(type: "TEXT", maxLength: 256, nullable: false),
                    SignedAt = table.Column<long>(type: "INTEGER", nullable: false)
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
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    Version = table.Column<int>(type: "INTEGER", nullable: false),
                    Title = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    Body = table.Column<string>(type: "TEXT", maxLength: 20000, nullable: false),
                    PublishedBy = table.Column<string>(type: "TEXT", maxLength: 256, nullable: false),
                    PublishedAt = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_association_convention_versions", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "association_memberships",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    EnterpriseId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Level = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    JoinedOn = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    LeftOn = table.Column<DateOnly>(type: "TEXT", nullable: true),
                    ModelEnterprise = table.Column<bool>(type: "INTEGER", nullable: false),
                    ModelReason = table.Column<string>(type: "TEXT", maxLength: 500, nullable: true),
                    Version = table.Column<int>(type: "INTEGER", nullable: false)
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
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    MembershipId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Year = table.Column<int>(type: "INTEGER", nullable: false),
                    Amount = table.Column<long>(type: "INTEGER", precision: 12, scale: 2, nullable: false),
                    PaidOn = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    Receipt = table.Column<string>(type: "TEXT", maxLength: 50, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_association_membership_fees", x => x.Id);
                    table.ForeignKey(
                        name: "FK_association_membership_fees_association_memberships_MembershipId",
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
