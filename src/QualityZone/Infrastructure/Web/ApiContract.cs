using Microsoft.AspNetCore.Mvc;
using Microsoft.OpenApi;
using QualityZone.Infrastructure.Auth;

namespace QualityZone.Infrastructure.Web;

/// <summary>
/// The API's description at /openapi/v1.json, completed from what every endpoint declares: its
/// permission says which credentials it accepts (an API token or the browser session, nothing for a
/// public one), and the error contract (Infrastructure/Errors) says which ProblemDetails it may
/// answer — 400 for bad input, 401 and 403 for a protected operation, 404 where the route names a
/// record. Operation ids are made from the method and route, so they are stable and unique.
/// </summary>
public static class ApiContract
{
    public const string TokenScheme = "ApiToken";
    public const string CookieScheme = "Cookie";

    public static IServiceCollection AddApiContract(this IServiceCollection services) => services.AddOpenApi(o =>
    {
        o.AddDocumentTransformer((document, context, ct) =>
        {
            document.Info.Title = "质量安全示范区综合管理平台 / QualityZone API";
            document.Info.Description = "The zone's REST API. Sign in with a personal API token (Authorization: Bearer qz_…) or the browser session; errors are RFC 9457 ProblemDetails.\n\n[← 返回平台 / Back to the platform](/) · [API 令牌 / API tokens](/account/tokens)";
            document.Components ??= new OpenApiComponents();
            document.Components.SecuritySchemes ??= new Dictionary<string, IOpenApiSecurityScheme>();
            document.Components.SecuritySchemes[TokenScheme] = new OpenApiSecurityScheme
            {
                Type = SecuritySchemeType.Http, Scheme = "bearer", BearerFormat = "qz_ personal API token",
                Description = "个人 API 令牌 / A personal API token, created on the API tokens page (/account/tokens).",
            };
            document.Components.SecuritySchemes[CookieScheme] = new OpenApiSecurityScheme
            {
                Type = SecuritySchemeType.ApiKey, In = ParameterLocation.Cookie, Name = "qz.auth",
                Description = "The browser session of a signed-in user (writes also need the antiforgery header RequestVerificationToken).",
            };
            document.Servers = [new OpenApiServer { Url = "/", Description = "This server" }];
            foreach (var tag in document.Tags ?? new HashSet<OpenApiTag>())
                tag.Description ??= TagDescriptions.GetValueOrDefault(tag.Name ?? "");
            return Task.CompletedTask;
        });
        o.AddOperationTransformer(async (operation, context, ct) =>
        {
            var description = context.Description;
            var method = description.HttpMethod ?? "GET";
            var path = "/" + (description.RelativePath ?? "").Split('?')[0].TrimStart('/');
            operation.OperationId ??= OperationId(method, path);
            foreach (var parameter in operation.Parameters ?? [])
            {
                if (parameter is not OpenApiParameter p) continue;
                if (p.Name == "page") p.Description ??= "页码，从 1 开始 / Page number, from 1";
                if (p.Name == "pageSize") p.Description ??= $"每页条数 / Page size, 1–{ApiPaging.MaxPageSize} (default {ApiPaging.DefaultPageSize})";
            }

            var permission = description.ActionDescriptor.EndpointMetadata.OfType<RequirePermissionAttribute>().FirstOrDefault();
            var isPublic = permission is not null && PermissionCatalog.Get(permission.Permission).IsPublic;
            var document = context.Document!;
            operation.Security = isPublic
                ? [new OpenApiSecurityRequirement()]
                : [new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(TokenScheme, document)] = [] },
                   new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(CookieScheme, document)] = [] }];

            if (!(document.Components?.Schemas?.ContainsKey(nameof(ProblemDetails)) ?? false))
                document.AddComponent(nameof(ProblemDetails), await context.GetOrCreateSchemaAsync(typeof(ProblemDetails), null, ct));
            operation.Responses ??= [];
            void Problem(int status, string text)
            {
                if (operation.Responses.ContainsKey(status.ToString())) return;
                operation.Responses[status.ToString()] = new OpenApiResponse
                {
                    Description = text,
                    Content = new Dictionary<string, OpenApiMediaType>
                    {
                        ["application/problem+json"] = new() { Schema = new OpenApiSchemaReference(nameof(ProblemDetails), document) },
                    },
                };
            }
            Problem(400, "请求有误 / Bad input: a broken rule, or a malformed or mistyped field (named in `field`)");
            if (!isPublic)
            {
                Problem(401, "需要登录 / No valid API token or session");
                Problem(403, "无权执行此操作 / The account's role does not hold the permission");
            }
            if (path.Contains('{')) Problem(404, "未找到 / No such record, or not one the caller may see");
            if (method is "PUT" or "POST") Problem(409, "与当前数据冲突 / Conflict with the current data: a stale version or a record that exists");
        });
    });

    /// <summary>What each group of operations is for (the groups are the modules' tags).</summary>
    private static readonly Dictionary<string, string> TagDescriptions = new()
    {
        ["Accounts"] = "账号与 API 令牌 / The signed-in account and its personal API tokens",
        ["ZoneTasks"] = "建设任务 / The 23 construction tasks, their measures, status and progress notes",
        ["Enterprises"] = "企业名录 / The enterprise register, dynamic management and certificates",
        ["Commitments"] = "质量诚信承诺书 / Commitment letters and their coverage",
        ["Export returns"] = "出口产品质量档案 / Monthly export returns, customs declarations and zone statistics",
        ["Traceability"] = "质量追溯 / Suppliers, purchase ledger, batches, shipments, trace and recall scope",
        ["EPCIS"] = "EPCIS 2.0 / GS1 EPCIS 2.0 capture and query (REST binding) on the traceability data, and a shipment's trace as one EPCIS document",
        ["Actions"] = "整改措施 / Corrective and preventive actions",
        ["Inspections"] = "联合检查 / Joint inspection records, findings, reports and photos",
        ["Risks"] = "风险管理 / Risk register, early-warning signals and scores",
        ["Testing"] = "检验检测 / The public testing service (task 17): requests and supervision sampling, quotes with subsidies, samples, results, review, reports and their public verification",
        ["Training"] = "培训服务 / The public training platform (task 18): sessions, registrations with quotas and a waiting list, QR check-in during the session, attendance, assessments, feedback, certificates with public verification, targeted invitations",
        ["Association"] = "行业自律 / The industry association's self-discipline (task 7): members with fees and model enterprises, the self-discipline convention signed per version, complaints and reports handled without exposing the reporter",
        ["Publicity"] = "经验推广与宣传 / Best-practice cases published to the portal after review (task 23) and the register of media coverage (task 22)",
        ["Policies"] = "政策与激励 / The policy register (tasks 1, 19), eligibility of the zone's enterprises computed by rule from the platform's data, reward claims from application to payment, trade-facilitation measures and their withdrawal, the yearly appraisal of the member units and task 20's mechanism",
        ["Laboratories"] = "CNAS 认可辅导 / Candidate enterprise laboratories on their road to CNAS accreditation (task 18): stages in order, ISO/IEC 17025:2017 clause evidence, certificates that set the enterprise's CNAS status",
        ["Surveys"] = "行业调查 / Industry survey campaigns (task 2): questionnaires, sending and reminders, each enterprise's own answers, results",
        ["AnalysisReports"] = "质量分析报告 / The half-yearly export quality analysis reports: figures, sections, versions, submission (task 15)",
        ["Indicators"] = "建设成效指标 / The zone's indicators: yearly values, targets, approval and the published figures (task 21)",
        ["Acceptance"] = "验收自评 / The acceptance self-assessment: items, evidence, scores, readiness and the dossier",
        ["Portal"] = "信息服务 / Notices, feeds, alerts matched to exporters, TBT responses",
    };

    /// <summary>"POST /api/actions/{id}/verification" → "postActionsByIdVerification".</summary>
    public static string OperationId(string method, string path)
    {
        var words = path.Split('/', StringSplitOptions.RemoveEmptyEntries).Where(s => s != "api")
            .Select(s => s.StartsWith('{') ? "By" + Pascal(s.Trim('{', '}').Split(':')[0]) : Pascal(s));
        return method.ToLowerInvariant() + string.Concat(words);
    }

    private static string Pascal(string segment) =>
        string.Concat(segment.Split('-', '.', '_').Where(w => w.Length > 0).Select(w => char.ToUpperInvariant(w[0]) + w[1..]));
}
