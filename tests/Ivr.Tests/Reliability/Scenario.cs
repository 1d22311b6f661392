using System.Text.RegularExpressions;
using Ivr.Tests.Infrastructure;

namespace Ivr.Tests.Reliability;

/// <summary>What the reliability scenarios share: warming up a fresh process, and reading its log.</summary>
internal static partial class Scenario
{
    /// <summary>
    /// A few whole calls first, so the figures measure Ivr under the scenario, not a new process's first-request JIT.
    /// Returns them (they have records too).
    /// </summary>
    public static async Task<List<LoadCall>> WarmUpAsync(CallLoad load, Uri ivr, int calls = 8)
    {
        var warmUp = new List<LoadCall>();
        for (var i = 0; i < calls; i++)
        {
            var call = new LoadCall(i % 2 == 0 ? IvrWithStorage.SupportLine : IvrWithStorage.GoodbyeLine, CallKind.Answered);
            warmUp.Add(call);
            await load.FullLifecycleAsync(ivr, call);
        }

        return warmUp;
    }

    /// <summary>How many times Polly's telemetry logged each resilience event (OnRetry, OnTimeout, OnCircuitOpened, ...).</summary>
    public static Dictionary<string, int> PollyEvents(string log) =>
        PollyEvent().Matches(log).GroupBy(m => m.Groups["name"].Value, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);

    public static string Describe(Dictionary<string, int> events) =>
        events.Count == 0 ? "none" : string.Join(", ", events.OrderBy(e => e.Key, StringComparer.Ordinal).Select(e => $"{e.Key} x{e.Value}"));

    public static int Count(string log, string text) => Regex.Count(log, Regex.Escape(text));

    [GeneratedRegex(@"EventName: '(?<name>\w+)'")]
    private static partial Regex PollyEvent();
}
