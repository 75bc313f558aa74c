using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace QualityZone.Infrastructure.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class Enterprises : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "Address",
                table: "enterprises",
                type: "TEXT",
                maxLength: 300,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "AdmissionNumber",
                table: "enterprises",
                type: "TEXT",
                maxLength: 50,
                nullable: true);

            migrationBuilder.AddColumn<DateOnly>(
                name: "AdmittedOn",
                table: "enterprises",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<long>(
                name: "AnnualExportWanUsd",
                table: "enterprises",
                type: "INTEGER",
                precision: 18,
                scale: 2,
                nullable: true);

            migrationBuilder.AddColumn<long>(
                name: "AnnualOutputWanYuan",
                table: "enterprises",
                type: "INTEGER",
                precision: 18,
                scale: 2,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "CustomsCode",
                table: "enterprises",
                type: "TEXT",
                maxLength: 10,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "CustomsCreditTier",
                table: "enterprises",
                type: "TEXT",
                maxLength: 64,
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "Employees",
                table: "enterprises",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "Grade",
                table: "enterprises",
                type: "TEXT",
                maxLength: 2,
                nullable: true);

            migrationBuilder.AddColumn<bool>(
                name: "LabCnasAccredited",
                table: "enterprises",
                type: "INTEGER",
                nullable: false,
                defaultValue: false);

            migrationBuilder.AddColumn<DateOnly>(
                name: "LabCnasExpiry",
                table: "enterprises",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "LabCnasNumber",
                table: "enterprises",
                type: "TEXT",
                maxLength: 50,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "LegalRepresentative",
                table: "enterprises",
                type: "TEXT",
                maxLength: 50,
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "OdmShare",
                table: "enterprises",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "OemShare",
                table: "enterprises",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "OwnBrandShare",
                table: "enterprises",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "QualityContact",
                table: "enterprises",
                type: "TEXT",
                maxLength: 50,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "QualityContactPhone",
                table: "enterprises",
                type: "TEXT",
                maxLength: 30,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "State",
                table: "enterprises",
                type: "TEXT",
                maxLength: 16,
                nullable: false,
                defaultValue: "");

            migrationBuilder.AddColumn<int>(
                name: "Version",
                table: "enterprises",
                type: "INTEGER",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.CreateTable(
                name: "code_list_items",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    List = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    Code = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    NameZh = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    NameEn = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true),
                    SortOrder = table.Column<int>(type: "INTEGER", nullable: false),
                    IsActive = table.Column<bool>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_code_list_items", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "enterprise_events",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    EnterpriseId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Action = table.Column<string>(type: "TEXT", maxLength: 24, nullable: false),
                    FromState = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    ToState = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    Reason = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: false),
                    EvidenceSha256 = table.Column<string>(type: "TEXT", maxLength: 64, nullable: true),
                    EvidenceFileName = table.Column<string>(type: "TEXT", maxLength: 255, nullable: true),
                    EvidenceContentType = table.Column<string>(type: "TEXT", maxLength: 128, nullable: true),
                    Actor = table.Column<string>(type: "TEXT", maxLength: 256, nullable: false),
                    At = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_enterprise_events", x => x.Id);
                    table.ForeignKey(
                        name: "FK_enterprise_events_enterprises_EnterpriseId",
                        column: x => x.EnterpriseId,
                        principalTable: "enterprises",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "enterprise_markets",
                columns: table => new
                {
                    EnterpriseId = table.Column<Guid>(type: "TEXT", nullable: false),
                    CountryCode = table.Column<string>(type: "TEXT", maxLength: 2, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_enterprise_markets", x => new { x.EnterpriseId, x.CountryCode });
                    table.ForeignKey(
                        name: "FK_enterprise_markets_enterprises_EnterpriseId",
                        column: x => x.EnterpriseId,
                        principalTable: "enterprises",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "enterprise_products",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    EnterpriseId = table.Column<Guid>(type: "TEXT", nullable: false),
                    HsCode = table.Column<string>(type: "TEXT", maxLength: 10, nullable: false),
                    Name = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_enterprise_products", x => x.Id);
                    table.ForeignKey(
                        name: "FK_enterprise_products_enterprises_EnterpriseId",
                        column: x => x.EnterpriseId,
                        principalTable: "enterprises",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_enterprises_NameZh",
                table: "enterprises",
                column: "NameZh");

            migrationBuilder.CreateIndex(
                name: "IX_enterprises_State",
                table: "enterprises",
                column: "State");

            migrationBuilder.CreateIndex(
                name: "IX_code_list_items_List_Code",
                table: "code_list_items",
                columns: new[] { "List", "Code" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_enterprise_events_EnterpriseId_At",
                table: "enterprise_events",
                columns: new[] { "EnterpriseId", "At" });

            migrationBuilder.CreateIndex(
                name: "IX_enterprise_markets_CountryCode",
                table: "enterprise_markets",
                column: "CountryCode");

            migrationBuilder.CreateIndex(
                name: "IX_enterprise_products_EnterpriseId",
                table: "enterprise_products",
                column: "EnterpriseId");

            migrationBuilder.CreateIndex(
                name: "IX_enterprise_products_HsCode",
                table: "enterprise_products",
                column: "HsCode");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "code_list_items");

            migrationBuilder.DropTable(
                name: "enterprise_events");

            migrationBuilder.DropTable(
                name: "enterprise_markets");

            migrationBuilder.DropTable(
                name: "enterprise_products");

            migrationBuilder.DropIndex(
                name: "IX_enterprises_NameZh",
                table: "enterprises");

            migrationBuilder.DropIndex(
                name: "IX_enterprises_State",
                table: "enterprises");

            migrationBuilder.DropColumn(
                name: "Address",
                table: "enterprises");

            migrationBuilder.DropColumn(
                name: "AdmissionNumber",
                table: "enterprises");

            migrationBuilder.DropColumn(
                name: "AdmittedOn",
                table: "enterprises");

            migrationBuilder.DropColumn(
                name: "AnnualExportWanUsd",
                table: "enterprises");

            migrationBuilder.DropColumn(
                name: "AnnualOutputWanYuan",
                table: "enterprises");

            migrationBuilder.DropColumn(
                name: "CustomsCode",
                table: "enterprises");

            migrationBuilder.DropColumn(
                name: "CustomsCreditTier",
                table: "enterprises");

            migrationBuilder.DropColumn(
                name: "Employees",
                table: "enterprises");

            migrationBuilder.DropColumn(
                name: "Grade",
                table: "enterprises");

            migrationBuilder.DropColumn(
                name: "LabCnasAccredited",
                table: "enterprises");

            migrationBuilder.DropColumn(
                name: "LabCnasExpiry",
                table: "enterprises");

            migrationBuilder.DropColumn(
                name: "LabCnasNumber",
                table: "enterprises");

            migrationBuilder.DropColumn(
                name: "LegalRepresentative",
                table: "enterprises");

            migrationBuilder.DropColumn(
                name: "OdmShare",
                table: "enterprises");

            migrationBuilder.DropColumn(
                name: "OemShare",
                table: "enterprises");

            migrationBuilder.DropColumn(
                name: "OwnBrandShare",
                table: "enterprises");

            migrationBuilder.DropColumn(
                name: "QualityContact",
                table: "enterprises");

            migrationBuilder.DropColumn(
                name: "QualityContactPhone",
                table: "enterprises");

            migrationBuilder.DropColumn(
                name: "State",
                table: "enterprises");

            migrationBuilder.DropColumn(
                name: "Version",
                table: "enterprises");
        }
    }
}
