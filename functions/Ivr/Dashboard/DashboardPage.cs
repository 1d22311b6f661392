using Ivr.Analytics;

namespace Ivr.Dashboard;

/// <summary>The dashboard's HTML (placeholder until the charts land).</summary>
internal static class DashboardPage
{
    public static string SignIn(string? error) =>
        "<!doctype html><title>Ivr</title><form method=post action=/dashboard/login><input name=key type=password><button>Sign in</button></form>" + (error is null ? string.Empty : System.Net.WebUtility.HtmlEncode(error));

    public static string Problem(IReadOnlyList<AnalyticsLine> lines, string? line, string message) =>
        "<!doctype html><title>Ivr</title><p>" + System.Net.WebUtility.HtmlEncode(message);

    public static string Report(IReadOnlyList<AnalyticsLine> lines, AnalyticsReport report) =>
        "<!doctype html><title>Ivr</title><p>" + report.Totals.Calls;
}
