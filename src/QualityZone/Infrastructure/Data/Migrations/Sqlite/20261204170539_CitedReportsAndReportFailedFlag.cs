using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace QualityZone.Infrastructure.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class CitedReportsAndReportFailedFlag : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<bool>(
                name: "ReportFailed",
                table: "test_requests",
                type: "INTEGER",
                nullable: false,
                defaultValue: false);

            // Reports issued before the flag existed: failed when a current result failed.
            migrationBuilder.Sql("UPDATE test_requests SET \"ReportFailed\" = 1 WHERE \"ReportNumber\" IS NOT NULL AND EXISTS (SELECT 1 FROM test_results x WHERE x.\"RequestId\" = test_requests.\"Id\" AND NOT x.\"Superseded\" AND x.\"Verdict\" = 'Fail')");

            migrationBuilder.AddColumn<string>(
                name: "ReportNumber",
                table: "inspection_answers",
                type: "TEXT",
                maxLength: 20,
                nullable: true);

            migrationBuilder.CreateIndex(
                name: "IX_test_results_EnteredAt_Operator",
                table: "test_results",
                columns: new[] { "EnteredAt", "Operator" });

            migrationBuilder.CreateIndex(
                name: "IX_test_requests_BatchId",
                table: "test_requests",
                column: "BatchId");

            migrationBuilder.CreateIndex(
                name: "IX_test_requests_IssuedAt",
                table: "test_requests",
                column: "IssuedAt");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_test_results_EnteredAt_Operator",
                table: "test_results");

            migrationBuilder.DropIndex(
                name: "IX_test_requests_BatchId",
                table: "test_requests");

            migrationBuilder.DropIndex(
                name: "IX_test_requests_IssuedAt",
                table: "test_requests");

            migrationBuilder.DropColumn(
                name: "ReportFailed",
                table: "test_requests");

            migrationBuilder.DropColumn(
                name: "ReportNumber",
                table: "inspection_answers");
        }
    }
}
