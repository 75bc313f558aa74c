using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace QualityZone.Infrastructure.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class NoticeSearchOrder : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<long>(
                name: "SearchKey",
                table: "notices",
                type: "INTEGER",
                nullable: true);

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
            migrationBuilder.DropColumn(
                name: "SearchKey",
                table: "notices");
        }
    }
}
