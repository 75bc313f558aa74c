using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace QualityZone.Infrastructure.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class Testing : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "test_items",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    Code = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    NameZh = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    NameEn = table.Column<string>(type: "TEXT", maxLength: 150, nullable: true),
                    Standard = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    Unit = table.Column<string>(type: "TEXT", maxLength: 20, nullable: true),
                    Min = table.Column<long>(type: "INTEGER", precision: 18, scale: 4, nullable: true),
                    Max = table.Column<long>(type: "INTEGER", precision: 18, scale: 4, nullable: true),
                    CnasScope = table.Column<bool>(type: "INTEGER", nullable: false),
                    Price = table.Column<long>(type: "INTEGER", precision: 18, scale: 2, nullable: false),
                    TurnaroundDays = table.Column<int>(type: "INTEGER", nullable: false),
                    SampleQuantity = table.Column<int>(type: "INTEGER", nullable: false),
                    Position = table.Column<int>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_test_items", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "test_packages",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    Code = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    NameZh = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    NameEn = table.Column<string>(type: "TEXT", maxLength: 150, nullable: true),
                    ItemCodes = table.Column<string>(type: "TEXT", maxLength: 500, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_test_packages", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "test_requests",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    Number = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    EnterpriseId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Kind = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    OrderedByDepartmentId = table.Column<Guid>(type: "TEXT", nullable: true),
                    ProductName = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    Model = table.Column<string>(type: "TEXT", maxLength: 100, nullable: true),
                    BatchId = table.Column<Guid>(type: "TEXT", nullable: true),
                    TargetMarket = table.Column<string>(type: "TEXT", maxLength: 2, nullable: true),
                    State = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    Fee = table.Column<long>(type: "INTEGER", precision: 18, scale: 2, nullable: false),
                    Subsidy = table.Column<long>(type: "INTEGER", precision: 18, scale: 2, nullable: false),
                    EnterpriseShare = table.Column<long>(type: "INTEGER", precision: 18, scale: 2, nullable: false),
                    DueOn = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    RequestedBy = table.Column<string>(type: "TEXT", maxLength: 256, nullable: false),
                    RequestedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    SampleNumber = table.Column<string>(type: "TEXT", maxLength: 20, nullable: true),
                    SampleCondition = table.Column<string>(type: "TEXT", maxLength: 500, nullable: true),
                    SampleReceivedAt = table.Column<long>(type: "INTEGER", nullable: true),
                    RefusalReason = table.Column<string>(type: "TEXT", maxLength: 500, nullable: true),
                    ReportNumber = table.Column<string>(type: "TEXT", maxLength: 20, nullable: true),
                    VerificationCode = table.Column<string>(type: "TEXT", maxLength: 16, nullable: true),
                    IssuedAt = table.Column<long>(type: "INTEGER", nullable: true),
                    IssuedBy = table.Column<string>(type: "TEXT", maxLength: 256, nullable: true),
                    ReviewedBy = table.Column<string>(type: "TEXT", maxLength: 256, nullable: true),
                    Conclusion = table.Column<string>(type: "TEXT", maxLength: 1000, nullable: true),
                    ReportDocxSha256 = table.Column<string>(type: "TEXT", maxLength: 64, nullable: true),
                    ReportPdfSha256 = table.Column<string>(type: "TEXT", maxLength: 64, nullable: true),
                    WithdrawnAt = table.Column<long>(type: "INTEGER", nullable: true),
                    WithdrawalReason = table.Column<string>(type: "TEXT", maxLength: 500, nullable: true),
                    Version = table.Column<int>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_test_requests", x => x.Id);
                    table.ForeignKey(
                        name: "FK_test_requests_enterprises_EnterpriseId",
                        column: x => x.EnterpriseId,
                        principalTable: "enterprises",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "test_subsidy_rules",
                columns: table => new
                {
                    Year = table.Column<int>(type: "INTEGER", nullable: false),
                    SharePercent = table.Column<long>(type: "INTEGER", precision: 5, scale: 2, nullable: false),
                    GradeASharePercent = table.Column<long>(type: "INTEGER", precision: 5, scale: 2, nullable: false),
                    CapPerEnterprise = table.Column<long>(type: "INTEGER", precision: 18, scale: 2, nullable: false),
                    Budget = table.Column<long>(type: "INTEGER", precision: 18, scale: 2, nullable: false),
                    UpdatedBy = table.Column<string>(type: "TEXT", maxLength: 256, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_test_subsidy_rules", x => x.Year);
                });

            migrationBuilder.CreateTable(
                name: "test_request_events",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    RequestId = table.Column<Guid>(type: "TEXT", nullable: false),
                    At = table.Column<long>(type: "INTEGER", nullable: false),
                    Actor = table.Column<string>(type: "TEXT", maxLength: 256, nullable: false),
                    Action = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    Note = table.Column<string>(type: "TEXT", maxLength: 1000, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_test_request_events", x => x.Id);
                    table.ForeignKey(
                        name: "FK_test_request_events_test_requests_RequestId",
                        column: x => x.RequestId,
                        principalTable: "test_requests",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "test_request_items",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    RequestId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Position = table.Column<int>(type: "INTEGER", nullable: false),
                    Code = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    NameZh = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    NameEn = table.Column<string>(type: "TEXT", maxLength: 150, nullable: true),
                    Standard = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    Unit = table.Column<string>(type: "TEXT", maxLength: 20, nullable: true),
                    Min = table.Column<long>(type: "INTEGER", precision: 18, scale: 4, nullable: true),
                    Max = table.Column<long>(type: "INTEGER", precision: 18, scale: 4, nullable: true),
                    CnasScope = table.Column<bool>(type: "INTEGER", nullable: false),
                    Price = table.Column<long>(type: "INTEGER", precision: 18, scale: 2, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_test_request_items", x => x.Id);
                    table.ForeignKey(
                        name: "FK_test_request_items_test_requests_RequestId",
                        column: x => x.RequestId,
                        principalTable: "test_requests",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "test_results",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    RequestId = table.Column<Guid>(type: "TEXT", nullable: false),
                    RequestItemId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Value = table.Column<long>(type: "INTEGER", precision: 18, scale: 4, nullable: true),
                    Verdict = table.Column<string>(type: "TEXT", maxLength: 8, nullable: false),
                    Instrument = table.Column<string>(type: "TEXT", maxLength: 100, nullable: true),
                    Operator = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    TestedOn = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    EnteredBy = table.Column<string>(type: "TEXT", maxLength: 256, nullable: false),
                    EnteredAt = table.Column<long>(type: "INTEGER", nullable: false),
                    Superseded = table.Column<bool>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_test_results", x => x.Id);
                    table.ForeignKey(
                        name: "FK_test_results_test_request_items_RequestItemId",
                        column: x => x.RequestItemId,
                        principalTable: "test_request_items",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_test_results_test_requests_RequestId",
                        column: x => x.RequestId,
                        principalTable: "test_requests",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_test_items_Code",
                table: "test_items",
                column: "Code",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_test_packages_Code",
                table: "test_packages",
                column: "Code",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_test_request_events_RequestId",
                table: "test_request_events",
                column: "RequestId");

            migrationBuilder.CreateIndex(
                name: "IX_test_request_items_RequestId_Position",
                table: "test_request_items",
                columns: new[] { "RequestId", "Position" });

            migrationBuilder.CreateIndex(
                name: "IX_test_requests_EnterpriseId_RequestedAt",
                table: "test_requests",
                columns: new[] { "EnterpriseId", "RequestedAt" });

            migrationBuilder.CreateIndex(
                name: "IX_test_requests_Number",
                table: "test_requests",
                column: "Number",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_test_requests_ReportNumber",
                table: "test_requests",
                column: "ReportNumber",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_test_requests_State",
                table: "test_requests",
                column: "State");

            migrationBuilder.CreateIndex(
                name: "IX_test_results_RequestId",
                table: "test_results",
                column: "RequestId");

            migrationBuilder.CreateIndex(
                name: "IX_test_results_RequestItemId",
                table: "test_results",
                column: "RequestItemId");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "test_items");

            migrationBuilder.DropTable(
                name: "test_packages");

            migrationBuilder.DropTable(
                name: "test_request_events");

            migrationBuilder.DropTable(
                name: "test_results");

            migrationBuilder.DropTable(
                name: "test_subsidy_rules");

            migrationBuilder.DropTable(
                name: "test_request_items");

            migrationBuilder.DropTable(
                name: "test_requests");
        }
    }
}
