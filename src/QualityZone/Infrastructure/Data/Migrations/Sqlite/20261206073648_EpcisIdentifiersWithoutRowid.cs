using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace QualityZone.Infrastructure.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class EpcisIdentifiersWithoutRowid : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            // The EPCIS identifier table (issue 20) is only ever read by its key: as a rowid table SQLite kept every row
            // twice, in the table and in the key's index. WITHOUT ROWID it is the key's B-tree alone (half the pages, one
            // B-tree written per identifier captured). EF's model cannot say WITHOUT ROWID, so the table is rebuilt
            // here, as EF itself rebuilds SQLite tables (create, copy, drop, rename). PostgreSQL is unchanged.
            migrationBuilder.Sql("""
                CREATE TABLE "ef_temp_epcis_event_epcs" (
                    "Epc" TEXT NOT NULL,
                    "EnterpriseId" TEXT NOT NULL,
                    "EventRowId" INTEGER NOT NULL,
                    "Role" INTEGER NOT NULL,
                    CONSTRAINT "PK_epcis_event_epcs" PRIMARY KEY ("Epc", "EnterpriseId", "EventRowId", "Role")
                ) WITHOUT ROWID;
                """);
            migrationBuilder.Sql("""INSERT INTO "ef_temp_epcis_event_epcs" ("Epc", "EnterpriseId", "EventRowId", "Role") SELECT "Epc", "EnterpriseId", "EventRowId", "Role" FROM "epcis_event_epcs";""");
            migrationBuilder.Sql("""DROP TABLE "epcis_event_epcs";""");
            migrationBuilder.Sql("""ALTER TABLE "ef_temp_epcis_event_epcs" RENAME TO "epcis_event_epcs";""");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("""
                CREATE TABLE "ef_temp_epcis_event_epcs" (
                    "Epc" TEXT NOT NULL,
                    "EnterpriseId" TEXT NOT NULL,
                    "EventRowId" INTEGER NOT NULL,
                    "Role" INTEGER NOT NULL,
                    CONSTRAINT "PK_epcis_event_epcs" PRIMARY KEY ("Epc", "EnterpriseId", "EventRowId", "Role")
                );
                """);
            migrationBuilder.Sql("""INSERT INTO "ef_temp_epcis_event_epcs" ("Epc", "EnterpriseId", "EventRowId", "Role") SELECT "Epc", "EnterpriseId", "EventRowId", "Role" FROM "epcis_event_epcs";""");
            migrationBuilder.Sql("""DROP TABLE "epcis_event_epcs";""");
            migrationBuilder.Sql("""ALTER TABLE "ef_temp_epcis_event_epcs" RENAME TO "epcis_event_epcs";""");
        }
    }
}
