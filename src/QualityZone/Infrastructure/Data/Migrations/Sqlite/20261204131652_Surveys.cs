using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace QualityZone.Infrastructure.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class Surveys : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_analysis_reports_FromPeriod_ToPeriod",
                table: "analysis_reports");

            migrationBuilder.AddColumn<string>(
                name: "Kind",
                table: "analysis_reports",
                type: "TEXT",
                maxLength: 16,
                nullable: false,
                defaultValue: "Analysis");

            migrationBuilder.AddColumn<Guid>(
                name: "SurveyId",
                table: "analysis_reports",
                type: "TEXT",
                nullable: true);

            migrationBuilder.CreateTable(
                name: "survey_campaigns",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    Title = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    Description = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: true),
                    Deadline = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    RemindDaysBefore = table.Column<int>(type: "INTEGER", nullable: false),
                    State = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    CreatedBy = table.Column<string>(type: "TEXT", maxLength: 256, nullable: false),
                    CreatedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    OpenedAt = table.Column<long>(type: "INTEGER", nullable: true),
                    ClosedAt = table.Column<long>(type: "INTEGER", nullable: true),
                    RemindedOn = table.Column<DateOnly>(type: "TEXT", nullable: true),
                    ResearchReportId = table.Column<Guid>(type: "TEXT", nullable: true),
                    Version = table.Column<int>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_survey_campaigns", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "survey_questions",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    SurveyId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Position = table.Column<int>(type: "INTEGER", nullable: false),
                    Section = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    Text = table.Column<string>(type: "TEXT", maxLength: 500, nullable: false),
                    Type = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    Required = table.Column<bool>(type: "INTEGER", nullable: false),
                    Options = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: true),
                    Columns = table.Column<string>(type: "TEXT", maxLength: 500, nullable: true),
                    Unit = table.Column<string>(type: "TEXT", maxLength: 20, nullable: true),
                    Min = table.Column<long>(type: "INTEGER", precision: 18, scale: 4, nullable: true),
                    Max = table.Column<long>(type: "INTEGER", precision: 18, scale: 4, nullable: true),
                    Limit = table.Column<int>(type: "INTEGER", nullable: true),
                    Prefill = table.Column<string>(type: "TEXT", maxLength: 40, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_survey_questions", x => x.Id);
                    table.ForeignKey(
                        name: "FK_survey_questions_survey_campaigns_SurveyId",
                        column: x => x.SurveyId,
                        principalTable: "survey_campaigns",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "survey_responses",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    SurveyId = table.Column<Guid>(type: "TEXT", nullable: false),
                    EnterpriseId = table.Column<Guid>(type: "TEXT", nullable: false),
                    State = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    SavedAt = table.Column<long>(type: "INTEGER", nullable: true),
                    SubmittedAt = table.Column<long>(type: "INTEGER", nullable: true),
                    SubmittedBy = table.Column<string>(type: "TEXT", maxLength: 256, nullable: true),
                    RemindedAt = table.Column<long>(type: "INTEGER", nullable: true),
                    Version = table.Column<int>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_survey_responses", x => x.Id);
                    table.ForeignKey(
                        name: "FK_survey_responses_enterprises_EnterpriseId",
                        column: x => x.EnterpriseId,
                        principalTable: "enterprises",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_survey_responses_survey_campaigns_SurveyId",
                        column: x => x.SurveyId,
                        principalTable: "survey_campaigns",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "survey_answers",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    ResponseId = table.Column<Guid>(type: "TEXT", nullable: false),
                    QuestionId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Value = table.Column<string>(type: "TEXT", maxLength: 20000, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_survey_answers", x => x.Id);
                    table.ForeignKey(
                        name: "FK_survey_answers_survey_questions_QuestionId",
                        column: x => x.QuestionId,
                        principalTable: "survey_questions",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "FK_survey_answers_survey_responses_ResponseId",
                        column: x => x.ResponseId,
                        principalTable: "survey_responses",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_analysis_reports_FromPeriod_ToPeriod",
                table: "analysis_reports",
                columns: new[] { "FromPeriod", "ToPeriod" },
                unique: true,
                filter: "\"Kind\" = 'Analysis'");

            migrationBuilder.CreateIndex(
                name: "IX_analysis_reports_SurveyId",
                table: "analysis_reports",
                column: "SurveyId",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_survey_answers_QuestionId",
                table: "survey_answers",
                column: "QuestionId");

            migrationBuilder.CreateIndex(
                name: "IX_survey_answers_ResponseId_QuestionId",
                table: "survey_answers",
                columns: new[] { "ResponseId", "QuestionId" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_survey_questions_SurveyId_Position",
                table: "survey_questions",
                columns: new[] { "SurveyId", "Position" });

            migrationBuilder.CreateIndex(
                name: "IX_survey_responses_EnterpriseId",
                table: "survey_responses",
                column: "EnterpriseId");

            migrationBuilder.CreateIndex(
                name: "IX_survey_responses_SurveyId_EnterpriseId",
                table: "survey_responses",
                columns: new[] { "SurveyId", "EnterpriseId" },
                unique: true);

            migrationBuilder.AddForeignKey(
                name: "FK_analysis_reports_survey_campaigns_SurveyId",
                table: "analysis_reports",
                column: "SurveyId",
                principalTable: "survey_campaigns",
                principalColumn: "Id",
                onDelete: ReferentialAction.Restrict);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropForeignKey(
                name: "FK_analysis_reports_survey_campaigns_SurveyId",
                table: "analysis_reports");

            migrationBuilder.DropTable(
                name: "survey_answers");

            migrationBuilder.DropTable(
                name: "survey_questions");

            migrationBuilder.DropTable(
                name: "survey_responses");

            migrationBuilder.DropTable(
                name: "survey_campaigns");

            migrationBuilder.DropIndex(
                name: "IX_analysis_reports_FromPeriod_ToPeriod",
                table: "analysis_reports");

            migrationBuilder.DropIndex(
                name: "IX_analysis_reports_SurveyId",
                table: "analysis_reports");

            migrationBuilder.DropColumn(
                name: "Kind",
                table: "analysis_reports");

            migrationBuilder.DropColumn(
                name: "SurveyId",
                table: "analysis_reports");

            migrationBuilder.CreateIndex(
                name: "IX_analysis_reports_FromPeriod_ToPeriod",
                table: "analysis_reports",
                columns: new[] { "FromPeriod", "ToPeriod" },
                unique: true);
        }
    }
}
