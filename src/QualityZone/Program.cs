using Microsoft.Extensions.Logging.Console;
using QualityZone.Infrastructure.Cli;
using QualityZone.Infrastructure.Web;

var builder = WebApplication.CreateBuilder(new WebApplicationOptions
{
    Args = args,
    // Run from anywhere: without an appsettings.json in the working directory, the build output's is used.
    ContentRootPath = File.Exists("appsettings.json") ? null : AppContext.BaseDirectory,
});
if (CliVerbs.IsVerb(args))
{
    // A verb's output (a token, the demo accounts) stays alone on stdout; logs go to stderr.
    builder.Services.Configure<ConsoleLoggerOptions>(o => o.LogToStandardErrorThreshold = LogLevel.Trace);
}
builder.AddQualityZone();

var app = builder.Build();

if (CliVerbs.IsVerb(args))
{
    return await CliVerbs.RunAsync(app, args);
}

await app.InitializeAsync();
app.UseQualityZone();
app.MapQualityZone();
await app.RunAsync();
return 0;

/// <summary>Visible to WebApplicationFactory in the tests and to the benchmarks.</summary>
public partial class Program;
