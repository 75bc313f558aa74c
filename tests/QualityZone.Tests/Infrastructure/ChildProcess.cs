using System.Diagnostics;

namespace QualityZone.Tests.Infrastructure;

/// <summary>
/// Runs a child process for a test with a time limit: past it the process tree is killed and the
/// test fails saying so, so a hung child never hangs the suite, and the caller only cleans up a
/// folder once nothing writes into it any more.
/// </summary>
public static class ChildProcess
{
    public sealed record Result(int ExitCode, string Stdout, string Stderr);

    public static async Task<Result> RunAsync(ProcessStartInfo info, TimeSpan timeout, string what)
    {
        info.RedirectStandardOutput = true;
        info.RedirectStandardError = true;
        using var process = Process.Start(info) ?? throw new InvalidOperationException($"{what}: {info.FileName} did not start");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var limit = new CancellationTokenSource(timeout);
        try
        {
            await process.WaitForExitAsync(limit.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
            Assert.Fail($"{what} did not finish within {timeout.TotalSeconds:0} s and was stopped.\nstderr: {await stderr}");
        }
        return new Result(process.ExitCode, await stdout, await stderr);
    }
}
