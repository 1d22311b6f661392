using BenchmarkDotNet.Running;
using Ivr.Benchmarks.Writer;

namespace Ivr.Benchmarks;

/// <summary>
/// Microbenchmarks by default (any BenchmarkDotNet arguments, e.g. <c>--filter '*' --job short</c>);
/// <c>writer --connection-string …</c> runs the hand-off writer throughput measurement instead.
/// </summary>
internal static class Program
{
    public static async Task<int> Main(string[] args)
    {
        if (args.Length > 0 && args[0] == WriterArguments.Verb)
        {
            return await WriterThroughput.RunAsync(args[1..]);
        }

        var summaries = BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args, BenchConfig.Create());
        // A benchmark that threw (e.g. a setup assertion) must fail the command, not pass with an empty table.
        return summaries.Any(s => s.HasCriticalValidationErrors || s.Reports.Any(r => !r.Success)) ? 1 : 0;
    }
}
