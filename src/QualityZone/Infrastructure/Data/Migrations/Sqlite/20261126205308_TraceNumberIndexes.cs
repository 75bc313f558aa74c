using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace QualityZone.Infrastructure.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class TraceNumberIndexes : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateIndex(
                name: "IX_shipments_DeclarationNumber",
                table: "shipments",
                column: "DeclarationNumber");

            migrationBuilder.CreateIndex(
                name: "IX_production_batches_BatchNumber",
                table: "production_batches",
                column: "BatchNumber");

            migrationBuilder.CreateIndex(
                name: "IX_production_batches_EnterpriseId_CompletedOn_BatchNumber",
                table: "production_batches",
                columns: new[] { "EnterpriseId", "CompletedOn", "BatchNumber" });

            migrationBuilder.CreateIndex(
                name: "IX_production_batches_EnterpriseId_SerialFrom",
                table: "production_batches",
                columns: new[] { "EnterpriseId", "SerialFrom" });

            migrationBuilder.CreateIndex(
                name: "IX_material_lots_LotNumber",
                table: "material_lots",
                column: "LotNumber");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_shipments_DeclarationNumber",
                table: "shipments");

            migrationBuilder.DropIndex(
                name: "IX_production_batches_BatchNumber",
                table: "production_batches");

            migrationBuilder.DropIndex(
                name: "IX_production_batches_EnterpriseId_CompletedOn_BatchNumber",
                table: "production_batches");

            migrationBuilder.DropIndex(
                name: "IX_production_batches_EnterpriseId_SerialFrom",
                table: "production_batches");

            migrationBuilder.DropIndex(
                name: "IX_material_lots_LotNumber",
                table: "material_lots");
        }
    }
}
