using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace QualityZone.Infrastructure.Data.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class Portal : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "export_profiles",
                columns: table => new
                {
                    EnterpriseId = table.Column<Guid>(type: "uuid", nullable: false),
                    CountryCode = table.Column<string>(type: "character varying(2)", maxLength: 2, nullable: false),
                    HsCode = table.Column<string>(type: "character varying(6)", maxLength: 6, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_export_profiles", x => new { x.CountryCode, x.HsCode, x.EnterpriseId });
                });

            migrationBuilder.CreateTable(
                name: "notice_subscriptions",
                columns: table => new
                {
                    EnterpriseId = table.Column<Guid>(type: "uuid", nullable: false),
                    Kind = table.Column<string>(type: "character varying(1)", maxLength: 1, nullable: false),
                    Code = table.Column<string>(type: "character varying(10)", maxLength: 10, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_notice_subscriptions", x => new { x.EnterpriseId, x.Kind, x.Code });
                    table.ForeignKey(
                        name: "FK_notice_subscriptions_enterprises_EnterpriseId",
                        column: x => x.EnterpriseId,
                        principalTable: "enterprises",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "notices",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    Type = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    Source = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    Reference = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: true),
                    ParentId = table.Column<Guid>(type: "uuid", nullable: true),
                    Title = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: false),
                    Summary = table.Column<string>(type: "character varying(8000)", maxLength: 8000, nullable: true),
                    BodyHtml = table.Column<string>(type: "character varying(200000)", maxLength: 200000, nullable: true),
                    Markets = table.Column<string>(type: "character varying(400)", maxLength: 400, nullable: false),
                    HsCodes = table.Column<string>(type: "character varying(1000)", maxLength: 1000, nullable: false),
                    Country = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: true),
                    Brand = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: true),
                    Model = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: true),
                    Risk = table.Column<string>(type: "character varying(4000)", maxLength: 4000, nullable: true),
                    Measures = table.Column<string>(type: "character varying(4000)", maxLength: 4000, nullable: true),
                    OriginCountry = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: true),
                    Url = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: true),
                    PublishedOn = table.Column<DateOnly>(type: "date", nullable: true),
                    AppliesFrom = table.Column<DateOnly>(type: "date", nullable: true),
                    CommentDeadline = table.Column<DateOnly>(type: "date", nullable: true),
                    ValidUntil = table.Column<DateOnly>(type: "date", nullable: true),
                    Equivalents = table.Column<string>(type: "character varying(4000)", maxLength: 4000, nullable: true),
                    Status = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    SearchTokens = table.Column<string>(type: "character varying(100000)", maxLength: 100000, nullable: false),
                    LastPublishDate = table.Column<DateOnly>(type: "date", nullable: true),
                    CreatedBy = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: false),
                    CreatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    UpdatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    Version = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_notices", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "standard_participations",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    EnterpriseId = table.Column<Guid>(type: "uuid", nullable: false),
                    StandardNumber = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    Title = table.Column<string>(type: "character varying(300)", maxLength: 300, nullable: false),
                    Level = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    Role = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    Year = table.Column<int>(type: "integer", nullable: false),
                    RecordedBy = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: false),
                    RecordedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_standard_participations", x => x.Id);
                    table.ForeignKey(
                        name: "FK_standard_participations_enterprises_EnterpriseId",
                        column: x => x.EnterpriseId,
                        principalTable: "enterprises",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "notice_alerts",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    NoticeId = table.Column<Guid>(type: "uuid", nullable: false),
                    EnterpriseId = table.Column<Guid>(type: "uuid", nullable: false),
                    Reason = table.Column<string>(type: "character varying(1000)", maxLength: 1000, nullable: false),
                    Confidence = table.Column<decimal>(type: "numeric(4,2)", precision: 4, scale: 2, nullable: false),
                    CreatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    AcknowledgedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    AcknowledgedBy = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_notice_alerts", x => x.Id);
                    table.ForeignKey(
                        name: "FK_notice_alerts_enterprises_EnterpriseId",
                        column: x => x.EnterpriseId,
                        principalTable: "enterprises",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_notice_alerts_notices_NoticeId",
                        column: x => x.NoticeId,
                        principalTable: "notices",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "notice_attachments",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    NoticeId = table.Column<Guid>(type: "uuid", nullable: false),
                    Sha256 = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    FileName = table.Column<string>(type: "character varying(260)", maxLength: 260, nullable: false),
                    ContentType = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    Size = table.Column<long>(type: "bigint", nullable: false),
                    UploadedBy = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: false),
                    UploadedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_notice_attachments", x => x.Id);
                    table.ForeignKey(
                        name: "FK_notice_attachments_notices_NoticeId",
                        column: x => x.NoticeId,
                        principalTable: "notices",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "tbt_cases",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    NoticeId = table.Column<Guid>(type: "uuid", nullable: false),
                    State = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    ImpactDeadline = table.Column<DateOnly>(type: "date", nullable: false),
                    Comment = table.Column<string>(type: "character varying(20000)", maxLength: 20000, nullable: true),
                    SentOn = table.Column<DateOnly>(type: "date", nullable: true),
                    SentTo = table.Column<string>(type: "character varying(300)", maxLength: 300, nullable: true),
                    Outcome = table.Column<string>(type: "character varying(4000)", maxLength: 4000, nullable: true),
                    OpenedBy = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: false),
                    OpenedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    Version = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_tbt_cases", x => x.Id);
                    table.ForeignKey(
                        name: "FK_tbt_cases_notices_NoticeId",
                        column: x => x.NoticeId,
                        principalTable: "notices",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "tbt_impact_statements",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    CaseId = table.Column<Guid>(type: "uuid", nullable: false),
                    EnterpriseId = table.Column<Guid>(type: "uuid", nullable: false),
                    Level = table.Column<string>(type: "character varying(10)", maxLength: 10, nullable: false),
                    Description = table.Column<string>(type: "character varying(4000)", maxLength: 4000, nullable: false),
                    AffectedExportsWanUsd = table.Column<decimal>(type: "numeric(14,2)", precision: 14, scale: 2, nullable: true),
                    SubmittedBy = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: false),
                    SubmittedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_tbt_impact_statements", x => x.Id);
                    table.ForeignKey(
                        name: "FK_tbt_impact_statements_tbt_cases_CaseId",
                        column: x => x.CaseId,
                        principalTable: "tbt_cases",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "tbt_invitations",
                columns: table => new
                {
                    CaseId = table.Column<Guid>(type: "uuid", nullable: false),
                    EnterpriseId = table.Column<Guid>(type: "uuid", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_tbt_invitations", x => new { x.CaseId, x.EnterpriseId });
                    table.ForeignKey(
                        name: "FK_tbt_invitations_tbt_cases_CaseId",
                        column: x => x.CaseId,
                        principalTable: "tbt_cases",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_export_profiles_EnterpriseId",
                table: "export_profiles",
                column: "EnterpriseId");

            migrationBuilder.CreateIndex(
                name: "IX_notice_alerts_EnterpriseId_AcknowledgedAt",
                table: "notice_alerts",
                columns: new[] { "EnterpriseId", "AcknowledgedAt" });

            migrationBuilder.CreateIndex(
                name: "IX_notice_alerts_NoticeId_EnterpriseId",
                table: "notice_alerts",
                columns: new[] { "NoticeId", "EnterpriseId" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_notice_attachments_NoticeId",
                table: "notice_attachments",
                column: "NoticeId");

            migrationBuilder.CreateIndex(
                name: "IX_notices_ParentId",
                table: "notices",
                column: "ParentId");

            migrationBuilder.CreateIndex(
                name: "IX_notices_Source_Reference",
                table: "notices",
                columns: new[] { "Source", "Reference" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_notices_Status_PublishedOn_CreatedAt",
                table: "notices",
                columns: new[] { "Status", "PublishedOn", "CreatedAt" });

            migrationBuilder.CreateIndex(
                name: "IX_notices_Status_Type_PublishedOn",
                table: "notices",
                columns: new[] { "Status", "Type", "PublishedOn" });

            migrationBuilder.CreateIndex(
                name: "IX_standard_participations_EnterpriseId",
                table: "standard_participations",
                column: "EnterpriseId");

            migrationBuilder.CreateIndex(
                name: "IX_tbt_cases_NoticeId",
                table: "tbt_cases",
                column: "NoticeId",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_tbt_impact_statements_CaseId_EnterpriseId",
                table: "tbt_impact_statements",
                columns: new[] { "CaseId", "EnterpriseId" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_tbt_invitations_EnterpriseId",
                table: "tbt_invitations",
                column: "EnterpriseId");

            // Full-text search of notices (NoticeSearch): a GIN index over the pre-tokenized text.
            migrationBuilder.Sql("CREATE INDEX \"IX_notices_search\" ON notices USING GIN (to_tsvector('simple', \"SearchTokens\"));");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("DROP INDEX IF EXISTS \"IX_notices_search\";");
            migrationBuilder.DropTable(
                name: "export_profiles");

            migrationBuilder.DropTable(
                name: "notice_alerts");

            migrationBuilder.DropTable(
                name: "notice_attachments");

            migrationBuilder.DropTable(
                name: "notice_subscriptions");

            migrationBuilder.DropTable(
                name: "standard_participations");

            migrationBuilder.DropTable(
                name: "tbt_impact_statements");

            migrationBuilder.DropTable(
                name: "tbt_invitations");

            migrationBuilder.DropTable(
                name: "tbt_cases");

            migrationBuilder.DropTable(
                name: "notices");
        }
    }
}
