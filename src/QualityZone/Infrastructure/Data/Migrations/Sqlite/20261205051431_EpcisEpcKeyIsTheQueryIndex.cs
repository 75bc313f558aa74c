using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace QualityZone.Infrastructure.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class EpcisEpcKeyIsTheQueryIndex : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropForeignKey(
                name: "FK_epcis_event_epcs_epcis_events_EventRowId",
                table: "epcis_event_epcs");

            migrationBuilder.DropPrimaryKey(
                name: "PK_epcis_event_epcs",
                table: "epcis_event_epcs");

            migrationBuilder.DropIndex(
                name: "IX_epcis_event_epcs_Epc_EnterpriseId_EventRowId_Role",
                table: "epcis_event_epcs");

            migrationBuilder.AddPrimaryKey(
                name: "PK_epcis_event_epcs",
                table: "epcis_event_epcs",
                columns: new[] { "Epc", "EnterpriseId", "EventRowId", "Role" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropPrimaryKey(
                name: "PK_epcis_event_epcs",
                table: "epcis_event_epcs");

            migrationBuilder.AddPrimaryKey(
                name: "PK_epcis_event_epcs",
                table: "epcis_event_epcs",
                columns: new[] { "EventRowId", "Role", "Epc" });

            migrationBuilder.CreateIndex(
                name: "IX_epcis_event_epcs_Epc_EnterpriseId_EventRowId_Role",
                table: "epcis_event_epcs",
                columns: new[] { "Epc", "EnterpriseId", "EventRowId", "Role" });

            migrationBuilder.AddForeignKey(
                name: "FK_epcis_event_epcs_epcis_events_EventRowId",
                table: "epcis_event_epcs",
                column: "EventRowId",
                principalTable: "epcis_events",
                principalColumn: "Id",
                onDelete: ReferentialAction.Cascade);
        }
    }
}
