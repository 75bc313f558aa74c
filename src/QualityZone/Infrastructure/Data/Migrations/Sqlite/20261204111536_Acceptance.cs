using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace QualityZone.Infrastructure.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class Acceptance : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "assessment_items",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    Block = table.Column<string>(type: "TEXT", maxLength: 24, nullable: false),
                    Code = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    TitleZh = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    TitleEn = table.Column<string>(type: "TEXT", maxLength: 300, nullable: true),
                    Guidance = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: true),
                    Weight = table.Column<long>(type: "INTEGER", nullable: false),
                    Source = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    TaskNumbers = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    MinEvidence = table.Column<int>(type: "INTEGER", nullable: false),
                    DepartmentId = table.Column<Guid>(type: "TEXT", nullable: false),
                    SelfScore = table.Column<long>(type: "INTEGER", nullable: true),
                    SelfScoredBy = table.Column<string>(type: "TEXT", maxLength: 256, nullable: true),
                    ReviewScore = table.Column<long>(type: "INTEGER", nullable: true),
                    ReviewedBy = table.Column<string>(type: "TEXT", maxLength: 256, nullable: true),
                    ReviewComment = table.Column<string>(type: "TEXT", maxLength: 1000, nullable: true),
                    Position = table.Column<int>(type: "INTEGER", nullable: false),
                    Version = table.Column<int>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_assessment_items", x => x.Id);
                    table.ForeignKey(
                        name: "FK_assessment_items_departments_DepartmentId",
                        column: x => x.DepartmentId,
                        principalTable: "departments",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "assessment_files",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    ItemId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Sha256 = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    FileName = table.Column<string>(type: "TEXT", maxLength: 255, nullable: false),
                    ContentType = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    Size = table.Column<long>(type: "INTEGER", nullable: false),
                    Description = table.Column<string>(type: "TEXT", maxLength: 500, nullable: true),
                    UploadedBy = table.Column<string>(type: "TEXT", maxLength: 256, nullable: false),
                    UploadedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    IsDeleted = table.Column<bool>(type: "INTEGER", nullable: false),
                    DeletedAt = table.Column<long>(type: "INTEGER", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_assessment_files", x => x.Id);
                    table.ForeignKey(
                        name: "FK_assessment_files_assessment_items_ItemId",
                        column: x => x.ItemId,
                        principalTable: "assessment_items",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_assessment_files_ItemId",
                table: "assessment_files",
                column: "ItemId");

            migrationBuilder.CreateIndex(
                name: "IX_assessment_items_Code",
                table: "assessment_items",
                column: "Code",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_assessment_items_DepartmentId",
                table: "assessment_items",
                column: "DepartmentId");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "assessment_files");

            migrationBuilder.DropTable(
                name: "assessment_items");
        }
    }
}
