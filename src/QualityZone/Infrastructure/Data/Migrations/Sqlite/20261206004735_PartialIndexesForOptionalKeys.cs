using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace QualityZone.Infrastructure.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class PartialIndexesForOptionalKeys : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_production_batches_EnterpriseId_SerialFrom",
                table: "production_batches");

            migrationBuilder.DropIndex(
                name: "IX_production_batches_SerialFrom",
                table: "production_batches");

            migrationBuilder.DropIndex(
                name: "IX_batch_components_forward",
                table: "batch_components");

            migrationBuilder.DropIndex(
                name: "IX_batch_components_lot",
                table: "batch_components");

            migrationBuilder.CreateIndex(
                name: "IX_production_batches_EnterpriseId_SerialFrom",
                table: "production_batches",
                columns: new[] { "EnterpriseId", "SerialFrom" },
                filter: "\"SerialFrom\" IS NOT NULL");

            migrationBuilder.CreateIndex(
                name: "IX_production_batches_SerialFrom",
                table: "production_batches",
                column: "SerialFrom",
                filter: "\"SerialFrom\" IS NOT NULL");

            migrationBuilder.CreateIndex(
                name: "IX_batch_components_forward",
                table: "batch_components",
                columns: new[] { "InputBatchId", "BatchId" },
                filter: "\"InputBatchId\" IS NOT NULL");

            migrationBuilder.CreateIndex(
                name: "IX_batch_components_lot",
                table: "batch_components",
                columns: new[] { "MaterialLotId", "BatchId" },
                filter: "\"MaterialLotId\" IS NOT NULL");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_production_batches_EnterpriseId_SerialFrom",
                table: "production_batches");

            migrationBuilder.DropIndex(
                name: "IX_production_batches_SerialFrom",
                table: "production_batches");

            migrationBuilder.DropIndex(
                name: "IX_batch_components_forward",
                table: "batch_components");

            migrationBuilder.DropIndex(
                name: "IX_batch_components_lot",
                table: "batch_components");

            migrationBuilder.CreateIndex(
                name: "IX_production_batches_EnterpriseId_SerialFrom",
                table: "production_batches",
                columns: new[] { "EnterpriseId", "SerialFrom" });

            migrationBuilder.CreateIndex(
                name: "IX_production_batches_SerialFrom",
                table: "production_batches",
                column: "SerialFrom");

            migrationBuilder.CreateIndex(
                name: "IX_batch_components_forward",
                table: "batch_components",
                columns: new[] { "InputBatchId", "BatchId" });

            migrationBuilder.CreateIndex(
                name: "IX_batch_components_lot",
                table: "batch_components",
                columns: new[] { "MaterialLotId", "BatchId" });
        }
    }
}
