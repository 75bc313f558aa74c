using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace QualityZone.Infrastructure.Data.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class TrainingAssessmentCertificatesInvitations : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<int>(
                name: "PassMark",
                table: "training_sessions",
                type: "integer",
                nullable: false,
                defaultValue: 60);

            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "AssessedAt",
                table: "training_registrations",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "CertificateCode",
                table: "training_registrations",
                type: "character varying(16)",
                maxLength: 16,
                nullable: true);

            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "CertificateIssuedAt",
                table: "training_registrations",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "CertificateNumber",
                table: "training_registrations",
                type: "character varying(30)",
                maxLength: 30,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "Comment",
                table: "training_registrations",
                type: "character varying(1000)",
                maxLength: 1000,
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "Rating",
                table: "training_registrations",
                type: "integer",
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "Score",
                table: "training_registrations",
                type: "integer",
                nullable: true);

            migrationBuilder.CreateTable(
                name: "training_invitations",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    SessionId = table.Column<Guid>(type: "uuid", nullable: false),
                    EnterpriseId = table.Column<Guid>(type: "uuid", nullable: false),
                    Reason = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: false),
                    InvitedBy = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: false),
                    InvitedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_training_invitations", x => x.Id);
                    table.ForeignKey(
                        name: "FK_training_invitations_enterprises_EnterpriseId",
                        column: x => x.EnterpriseId,
                        principalTable: "enterprises",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_training_invitations_training_sessions_SessionId",
                        column: x => x.SessionId,
                        principalTable: "training_sessions",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "training_questions",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    SessionId = table.Column<Guid>(type: "uuid", nullable: false),
                    Position = table.Column<int>(type: "integer", nullable: false),
                    Text = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: false),
                    Options = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: false),
                    Answer = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_training_questions", x => x.Id);
                    table.ForeignKey(
                        name: "FK_training_questions_training_sessions_SessionId",
                        column: x => x.SessionId,
                        principalTable: "training_sessions",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_training_registrations_CertificateNumber",
                table: "training_registrations",
                column: "CertificateNumber",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_training_invitations_EnterpriseId",
                table: "training_invitations",
                column: "EnterpriseId");

            migrationBuilder.CreateIndex(
                name: "IX_training_invitations_SessionId_EnterpriseId",
                table: "training_invitations",
                columns: new[] { "SessionId", "EnterpriseId" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_training_questions_SessionId_Position",
                table: "training_questions",
                columns: new[] { "SessionId", "Position" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "training_invitations");

            migrationBuilder.DropTable(
                name: "training_questions");

            migrationBuilder.DropIndex(
                name: "IX_training_registrations_CertificateNumber",
                table: "training_registrations");

            migrationBuilder.DropColumn(
                name: "PassMark",
                table: "training_sessions");

            migrationBuilder.DropColumn(
                name: "AssessedAt",
                table: "training_registrations");

            migrationBuilder.DropColumn(
                name: "CertificateCode",
                table: "training_registrations");

            migrationBuilder.DropColumn(
                name: "CertificateIssuedAt",
                table: "training_registrations");

            migrationBuilder.DropColumn(
                name: "CertificateNumber",
                table: "training_registrations");

            migrationBuilder.DropColumn(
                name: "Comment",
                table: "training_registrations");

            migrationBuilder.DropColumn(
                name: "Rating",
                table: "training_registrations");

            migrationBuilder.DropColumn(
                name: "Score",
                table: "training_registrations");
        }
    }
}
