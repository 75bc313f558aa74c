using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace QualityZone.Infrastructure.Data.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class NoticeConcernsZone : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<bool>(
                name: "ConcernsZone",
                table: "notices",
                type: "boolean",
                nullable: false,
                defaultValue: false);

            migrationBuilder.CreateIndex(
                name: "IX_notices_Status_Type_ConcernsZone_PublishedOn_CreatedAt",
                table: "notices",
                columns: new[] { "Status", "Type", "ConcernsZone", "PublishedOn", "CreatedAt" });

            // The notices stored before the rule: marked by the same rule in SQL.
            migrationBuilder.Sql(QualityZone.Features.Portal.NoticeSearch.ConcernsZoneBackfill(postgres: true));
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_notices_Status_Type_ConcernsZone_PublishedOn_CreatedAt",
                table: "notices");

            migrationBuilder.DropColumn(
                name: "ConcernsZone",
                table: "notices");
        }
    }
}
