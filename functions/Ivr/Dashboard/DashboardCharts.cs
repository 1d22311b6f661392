using System.Globalization;
using System.Text;
using Ivr.Analytics;

namespace Ivr.Dashboard;

/// <summary>The dashboard's five charts, drawn from a report as inline SVG figures with captions.</summary>
internal static class DashboardCharts
{
    public const double ServiceLevelTarget = 80;

    private const string Blue = "#3b6ea5";
    private const string Amber = "#d9a03f";
    private const string Rose = "#b8525d";
    private const string Green = "#3f8f6f";
    private const string Terracotta = "#cf7552";
    private const string Grey = "#b9c1cc";
    private const string Slate = "#7b8794";

    public static void Render(StringBuilder html, AnalyticsReport report)
    {
        var totals = report.Totals;
        var none = totals.Calls == 0 ? "No calls in this period" : null;
        var days = report.ByDay.Select(d => d.Slice).ToList();
        var dayLabels = DayLabels(report);

        var buckets = report.TimeToHumanDistribution;
        // The percentiles count the answered calls whose answer time is known: those in the distribution.
        var timed = buckets.Sum(b => b.Answered);
        var percentiles = timed == 0
            ? "No answered calls, so no percentiles."
            : $"p50 {DashboardFormat.Seconds(totals.TimeToHuman.P50Ms)} · p90 {DashboardFormat.Seconds(totals.TimeToHuman.P90Ms)} · p95 {DashboardFormat.Seconds(totals.TimeToHuman.P95Ms)} over {Count(timed)} answered calls.";
        Figure(html, "Time to human", percentiles,
            SvgBarChart.Render(
                new ChartSpec("Distribution of time to human", "time from arrival to a person answering", "answered calls", none ?? "No answered calls in this period", WholeNumbers: true),
                buckets.Select(Bucket).ToList(),
                [new ChartSeries("answered", Blue, buckets.Select(b => Counted(b.Answered)).ToList())]));

        Figure(html, "Percentiles over time", "Time to human per day, in seconds; a day without answered calls has no point.",
            SvgLineChart.Render(
                new ChartSpec("Time to human percentiles per day", "day", "seconds", none ?? "No answered calls in this period", Unit: " s"),
                days,
                [Percentile("p50", Blue, report, t => t.P50Ms), Percentile("p90", Amber, report, t => t.P90Ms), Percentile("p95", Rose, report, t => t.P95Ms)],
                [],
                dayLabels));

        Figure(html, "Service level", $"Offered calls a person answered within {Count(report.ServiceLevelSeconds)} s, per day. Dashed: the {Count((long)ServiceLevelTarget)}% target.",
            SvgLineChart.Render(
                new ChartSpec("Service level per day", "day", "% answered in time", none ?? "No offered calls in this period", Unit: "%", FixedMax: 100),
                days,
                [new ChartSeries($"within {Count(report.ServiceLevelSeconds)} s", Green, report.ByDay.Select(d => d.Figures.ServiceLevelPercent).ToList())],
                [new ChartGuide($"target {Count((long)ServiceLevelTarget)}%", Slate, ServiceLevelTarget)],
                dayLabels));

        var hours = report.ByHourOfDay;
        Figure(html, "Calls by hour of day", "Every call of the period by the local hour it arrived in.",
            SvgBarChart.Render(
                new ChartSpec("Calls by hour of day", "hour of day (the line's local time)", "calls", none ?? "No calls in this period", WholeNumbers: true),
                hours.Select(h => h.Slice + ":00").ToList(),
                [
                    new ChartSeries("answered", Green, hours.Select(h => Counted(h.Figures.Answered)).ToList()),
                    new ChartSeries("abandoned", Terracotta, hours.Select(h => Counted(h.Figures.Abandoned)).ToList()),
                    new ChartSeries("other", Grey, hours.Select(h => Counted(h.Figures.Calls - h.Figures.Answered - h.Figures.Abandoned)).ToList()),
                ],
                hours.Select(h => h.Slice).ToList()));

        Figure(html, "Abandonment", $"Offered calls whose caller hung up while it rang, per day; hang-ups within {Count(report.ShortAbandonSeconds)} s are not counted.",
            SvgBarChart.Render(
                new ChartSpec("Abandoned calls per day", "day", "% abandoned", none ?? "No offered calls in this period", Unit: "%", MinimumMax: 10),
                days,
                [new ChartSeries("abandoned", Terracotta, report.ByDay.Select(d => d.Figures.AbandonedPercent).ToList())],
                dayLabels));
    }

    private static void Figure(StringBuilder html, string title, string caption, string svg) =>
        html.Append(CultureInfo.InvariantCulture,
            $"<figure class=\"chart\"><figcaption><h2>{SvgChart.Encode(title)}</h2><p>{SvgChart.Encode(caption)}</p></figcaption>{svg}</figure>");

    private static string Bucket(DistributionBucket bucket) => bucket.UpToSeconds is { } upTo
        ? $"≤{Count(upTo)} s"
        : $"> {Count(AnalyticsReport.DistributionEdgesSeconds[^1])} s";

    private static ChartSeries Percentile(string name, string color, AnalyticsReport report, Func<DurationSummary, long?> pick) =>
        new(name, color, report.ByDay.Select(d => pick(d.Figures.TimeToHuman) is { } ms ? ms / 1000.0 : (double?)null).ToList());

    /// <summary>Short day names under the axis; the year too when the period spans more than one.</summary>
    private static List<string> DayLabels(AnalyticsReport report)
    {
        var format = report.From.Year == report.To.Year ? "d MMM" : "d MMM yy";
        return report.ByDay
            .Select(d => DateOnly.TryParseExact(d.Slice, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day)
                ? day.ToString(format, CultureInfo.InvariantCulture)
                : d.Slice)
            .ToList();
    }

    /// <summary>A count as a bar: none at all for zero, so a period without calls reads as empty.</summary>
    private static double? Counted(long count) => count > 0 ? count : null;

    private static string Count(long value) => DashboardFormat.Count(value);
}
