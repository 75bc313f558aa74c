using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace QualityZone.Infrastructure.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class TraceRequestsAndFeedSources : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<long>(
                name: "SearchKey",
                table: "notices",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.CreateTable(
                name: "notice_feed_sources",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    Name = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    Url = table.Column<string>(type: "TEXT", maxLength: 1000, nullable: false),
                    IncrementalByLastPublishDate = table.Column<bool>(type: "INTEGER", nullable: false),
                    IntervalHours = table.Column<int>(type: "INTEGER", nullable: false),
                    Enabled = table.Column<bool>(type: "INTEGER", nullable: false),
                    LastRunAt = table.Column<long>(type: "INTEGER", nullable: true),
                    LastSucceeded = table.Column<bool>(type: "INTEGER", nullable: true),
                    LastMessage = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: true),
                    LastRequestUrl = table.Column<string>(type: "TEXT", maxLength: 1100, nullable: true),
                    CreatedBy = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    CreatedAt = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_notice_feed_sources", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "trace_requests",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    EnterpriseId = table.Column<Guid>(type: "TEXT", nullable: false),
                    ActionId = table.Column<Guid>(type: "TEXT", nullable: true),
                    NoticeId = table.Column<Guid>(type: "TEXT", nullable: true),
                    Reference = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    Title = table.Column<string>(type: "TEXT", maxLength: 500, nullable: false),
                    Model = table.Column<string>(type: "TEXT", maxLength: 100, nullable: true),
                    Country = table.Column<string>(type: "TEXT", maxLength: 2, nullable: true),
                    From = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    To = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    CandidateShipments = table.Column<int>(type: "INTEGER", nullable: true),
                    SuspectLots = table.Column<int>(type: "INTEGER", nullable: true),
                    OtherShipments = table.Column<int>(type: "INTEGER", nullable: true),
                    State = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    Conclusion = table.Column<string>(type: "TEXT", maxLength: 4000, nullable: true),
                    ConcludedBy = table.Column<string>(type: "TEXT", maxLength: 100, nullable: true),
                    ConcludedAt = table.Column<long>(type: "INTEGER", nullable: true),
                    CreatedAt = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_trace_requests", x => x.Id);
                    table.ForeignKey(
                        name: "FK_trace_requests_corrective_actions_ActionId",
                        column: x => x.ActionId,
                        principalTable: "corrective_actions",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_trace_requests_enterprises_EnterpriseId",
                        column: x => x.EnterpriseId,
                        principalTable: "enterprises",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateIndex(
                name: "IX_notice_feed_sources_Name",
                table: "notice_feed_sources",
                column: "Name",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_trace_requests_ActionId",
                table: "trace_requests",
                column: "ActionId");

            migrationBuilder.CreateIndex(
                name: "IX_trace_requests_EnterpriseId_State_CreatedAt",
                table: "trace_requests",
                columns: new[] { "EnterpriseId", "State", "CreatedAt" });

            migrationBuilder.CreateIndex(
                name: "IX_trace_requests_State_CreatedAt",
                table: "trace_requests",
                columns: new[] { "State", "CreatedAt" });

            // The full-text rows rebuilt with their keys as rowids (NoticeSearch.IndexAsync): published notices only,
            // publication day « 24 + their order of creation that day; DayNumber counts from 0001-01-01 as in .NET.
            migrationBuilder.Sql("DELETE FROM notice_search;");
            migrationBuilder.Sql("""
                UPDATE notices SET "SearchKey" = (
                    SELECT k.key FROM (
                        SELECT "Id", (CAST(julianday(COALESCE("PublishedOn", '0001-01-01')) - julianday('0001-01-01') AS INTEGER) << 24)
                            + row_number() OVER (PARTITION BY "PublishedOn" ORDER BY "CreatedAt", "Id") AS key
                        FROM notices WHERE "Status" = 'Published') k
                    WHERE k."Id" = notices."Id")
                WHERE "Status" = 'Published';
                """);
            migrationBuilder.Sql("""INSERT INTO notice_search(rowid, tokens, notice_id) SELECT "SearchKey", "SearchTokens", "Id" FROM notices WHERE "SearchKey" IS NOT NULL;""");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "notice_feed_sources");

            migrationBuilder.DropTable(
                name: "trace_requests");

            migrationBuilder.DropColumn(
                name: "SearchKey",
                table: "notices");
        }
    }
}
