using System.Globalization;

namespace Ivr.Benchmarks.Writer;

/// <summary>The <c>writer</c> verb's options.</summary>
internal sealed record WriterArguments(string ConnectionString, int Events, int Lines, int Warmup, bool Answers, int BaselineParallelism)
{
    public const string Verb = "writer";

    public const string Usage =
        "usage: writer --connection-string <cs> [--events 50000] [--lines 20] [--warmup 5000] [--answers] [--baseline-parallelism 4]\n" +
        "  --warmup                 arrivals through a throwaway writer first: code jitted, connections open (0: none)\n" +
        "  --answers                also time a second round: each call's answered callback (an ETag-guarded replace)\n" +
        "  --baseline-parallelism   transactions in flight for the second raw Azurite baseline (the first runs one at a time)";

    public static WriterArguments? Parse(IReadOnlyList<string> args, out string? error)
    {
        string? connectionString = null;
        var (events, lines, warmup, answers, parallelism) = (50_000, 20, 5_000, false, 4);
        error = null;
        for (var i = 0; i < args.Count && error is null; i++)
        {
            switch (args[i])
            {
                case "--connection-string" when i + 1 < args.Count:
                    connectionString = args[++i];
                    break;
                case "--events" when i + 1 < args.Count:
                    events = Number(args[++i], "--events", 1, ref error);
                    break;
                case "--lines" when i + 1 < args.Count:
                    lines = Number(args[++i], "--lines", 1, ref error);
                    break;
                case "--warmup" when i + 1 < args.Count:
                    warmup = Number(args[++i], "--warmup", 0, ref error);
                    break;
                case "--baseline-parallelism" when i + 1 < args.Count:
                    parallelism = Number(args[++i], "--baseline-parallelism", 1, ref error);
                    break;
                case "--answers":
                    answers = true;
                    break;
                default:
                    error = $"unknown or incomplete option '{args[i]}'";
                    break;
            }
        }

        if (error is null && string.IsNullOrWhiteSpace(connectionString))
        {
            error = "--connection-string is required";
        }

        return error is null ? new WriterArguments(connectionString!, events, lines, warmup, answers, parallelism) : null;
    }

    private static int Number(string text, string option, int least, ref string? error)
    {
        if (int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value) && value >= least)
        {
            return value;
        }

        error = $"{option} must be a whole number of at least {least} (got '{text}')";
        return 0;
    }
}
