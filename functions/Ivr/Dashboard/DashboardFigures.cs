using System.Globalization;
using System.Text;
using Ivr.Analytics;
using static Ivr.Dashboard.DashboardFormat;

namespace Ivr.Dashboard;

/// <summary>The dashboard's numbers: the headline figures, the tables by ring group and by person, and the footnote.</summary>
internal static class DashboardFigures
{
    public static void Headline(StringBuilder html, AnalyticsReport report)
    {
        var t = report.Totals;
        var sl = Count(report.ServiceLevelSeconds);
        html.Append("<section class=\"figures\" aria-label=\"Headline figures\">");
        Card(html, "calls", "Calls", Count(t.Calls), $"{Count(t.Offered)} offered to a person");
        Card(html, "answered", "Answered", Count(t.Answered), $"{Count(t.AnsweredWithinServiceLevel)} within {sl} s");
        Card(html, "p50", "p50 time to human", Seconds(t.TimeToHuman.P50Ms), "half the answered calls, at most");
        Card(html, "p90", "p90 time to human", Seconds(t.TimeToHuman.P90Ms), "nine in ten, at most");
        Card(html, "p95", "p95 time to human", Seconds(t.TimeToHuman.P95Ms), "nineteen in twenty, at most");
        Card(html, "max", "Longest time to human", Seconds(t.TimeToHuman.MaxMs), "the slowest answered call");
        Card(html, "service-level", "Service level", Percent(t.ServiceLevelPercent), $"of offered calls answered within {sl} s");
        Card(html, "abandoned", "Abandoned", Percent(t.AbandonedPercent), $"{Count(t.Abandoned - t.ShortAbandoned)} hung up while it rang");
        Card(html, "short-abandoned", "Short abandons", Count(t.ShortAbandoned), $"hung up within {Count(report.ShortAbandonSeconds)} s (not counted)");
        Card(html, "voicemail", "Voicemail", Count(t.Voicemail), "left a message");
        Card(html, "closed", "Closed", Count(t.Closed), "after hours, closures, holidays");
        Card(html, "undecided", "Undecided", Count(t.Undecided), "still ringing, or callbacks on their way");
        html.Append("</section>");
        Queue(html, t.Queue);
        Callbacks(html, t.Callbacks);
    }

    /// <summary>The callbacks' figures, when callers of the period asked for one.</summary>
    private static void Callbacks(StringBuilder html, CallbackFigures c)
    {
        if (c.Requested == 0)
        {
            return;
        }

        html.Append("<section class=\"figures\" aria-label=\"Callback figures\">");
        Card(html, "callbacks-requested", "Asked for a callback", Count(c.Requested), "left the queue, keeping their place");
        Card(html, "callbacks-connected", "Called back", Count(c.Connected), "answered with a person on the line");
        Card(html, "callback-p50", "p50 time to callback", Seconds(c.TimeToCallback.P50Ms), "from the call's arrival, at most");
        Card(html, "callback-p90", "p90 time to callback", Seconds(c.TimeToCallback.P90Ms), "nine in ten, at most");
        Card(html, "callbacks-failed", "Not reached", Count(c.Failed + c.Expired), $"{Count(c.Expired)} expired before their turn");
        html.Append("</section>");
    }

    /// <summary>The queue's figures, when callers of the period waited in one.</summary>
    private static void Queue(StringBuilder html, QueueFigures q)
    {
        if (q.Queued == 0)
        {
            return;
        }

        html.Append("<section class=\"figures\" aria-label=\"Queue figures\">");
        Card(html, "queued", "Waited in the queue", Count(q.Queued), $"{Count(q.NobodyFree)} found nobody free");
        Card(html, "answered-from-queue", "Taken from the queue", Count(q.AnsweredFromQueue), "by the next free person");
        Card(html, "queue-p50", "p50 queue wait", Seconds(q.Wait.P50Ms), "half the queued callers, at most");
        Card(html, "queue-p90", "p90 queue wait", Seconds(q.Wait.P90Ms), "nine in ten, at most");
        Card(html, "abandoned-in-queue", "Hung up in the queue", Count(q.AbandonedInQueue), "left before a person was free");
        html.Append("</section>");
    }

    public static void Tables(StringBuilder html, AnalyticsReport report)
    {
        html.Append("<section class=\"tables\">");
        Table(html, "By ring group", "Ring group", report.ByRingGroup, report.ServiceLevelSeconds);
        Table(html, "By person", "Person", report.ByPerson, report.ServiceLevelSeconds);
        html.Append("</section>");
    }

    public static void Footnote(StringBuilder html, AnalyticsReport report) =>
        html.Append(
            $"<footer class=\"footnote\"><p>Answered from {Count(report.Cost.RollupsRead)} hourly rollups and {Count(report.Cost.RecordsRead)} hand-off records. " +
            (report.Cost.LateRecords > 0 ? $"{Count(report.Cost.LateRecords)} records were written after their hour's figures were final and are not in them. " : string.Empty) +
            "Percentiles are nearest-rank, read from bins 100 ms wide up to 60 s and 1 s wide up to 10 min: at most one bin above the exact value, and never above the longest wait. " +
            $"Offered calls leave out calls while closed, undecided calls and short abandons (hung up within {Count(report.ShortAbandonSeconds)} s). " +
            "Days and hours are the line's local time.</p></footer>");

    private static void Card(StringBuilder html, string id, string label, string value, string note) =>
        html.Append(CultureInfo.InvariantCulture,
            $"<div class=\"figure\" id=\"figure-{id}\"><div class=\"figure-label\">{SvgChart.Encode(label)}</div><div class=\"value\">{SvgChart.Encode(value)}</div><div class=\"note\">{SvgChart.Encode(note)}</div></div>");

    private static void Table(StringBuilder html, string title, string nameHeader, IReadOnlyList<AnswererFigures> rows, int serviceLevelSeconds)
    {
        html.Append(CultureInfo.InvariantCulture,
            $"<div class=\"table\"><h2>{SvgChart.Encode(title)}</h2><table><thead><tr><th scope=\"col\">{SvgChart.Encode(nameHeader)}</th><th scope=\"col\" class=\"num\">Answered</th><th scope=\"col\" class=\"num\">Within {Count(serviceLevelSeconds)} s</th><th scope=\"col\" class=\"num\">p50</th><th scope=\"col\" class=\"num\">p90</th></tr></thead><tbody>");
        foreach (var row in rows)
        {
            html.Append(CultureInfo.InvariantCulture,
                $"<tr><th scope=\"row\">{SvgChart.Encode(row.Name)}</th><td class=\"num\">{Count(row.Answered)}</td><td class=\"num\">{Count(row.AnsweredWithinServiceLevel)}</td><td class=\"num\">{Seconds(row.TimeToHuman.P50Ms)}</td><td class=\"num\">{Seconds(row.TimeToHuman.P90Ms)}</td></tr>");
        }

        if (rows.Count == 0)
        {
            html.Append("<tr><td colspan=\"5\" class=\"none\">No answered calls in this period</td></tr>");
        }

        html.Append("</tbody></table></div>");
    }
}
