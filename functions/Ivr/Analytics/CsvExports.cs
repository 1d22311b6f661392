using Ivr.Handoffs;

namespace Ivr.Analytics;

/// <summary>The CSV downloads: hand-off records of a period, and its figures per slice.</summary>
internal static class CsvExports
{
    public static readonly string[] Slicings = ["day", "hourOfDay", "hour", "ringGroup", "person"];

    /// <summary>Every call of the period, one row each, straight from the records (streamed).</summary>
    public static async Task HandoffsAsync(TextWriter writer, HandoffHistory history, AnalyticsQuestion question, CancellationToken cancellationToken)
    {
        var csv = new Csv(writer);
        await csv.RowAsync(
            "Line", "CallSid", "ArrivedAt", "ArrivedLocal", "Route", "Outcome", "TimeToHumanMs", "WaitMs",
            "AnsweredBy", "AnsweredGroup", "AnsweredAt", "DialStatus", "EndStatus", "Voicemail", "CallerHash", "Callback");
        var reads = new ReadCount();
        foreach (var line in question.Lines)
        {
            var (start, end) = AnalyticsQuery.Span(line, question);
            await foreach (var (key, facts) in history.ReadAsync(line.Number, start, end, reads, cancellationToken))
            {
                await csv.RowAsync(
                    key.Line,
                    key.CallSid,
                    key.ArrivedAt,
                    TimeZoneInfo.ConvertTime(key.ArrivedAt, line.Zone),
                    facts.Route,
                    facts.Outcome,
                    facts.TimeToHumanMs,
                    facts.WaitMs,
                    facts.Answered?.Value,
                    facts.Answered?.Detail,
                    facts.Answered?.At,
                    facts.DialEnded?.Value,
                    facts.Ended?.Value,
                    facts.Voicemail is null ? "no" : "yes",
                    facts.CallerHash,
                    facts.CallbackEnded?.Value ?? (facts.CallbackRequested is null ? null : "callback-pending"));
            }
        }
    }

    /// <summary>The period's figures per slice: local day, hour of day, each local hour, ring group or person.</summary>
    public static async Task FiguresAsync(TextWriter writer, string by, string? line, AnalyticsQuestion question, IReadOnlyList<HourRollup> hours, ReadCount reads)
    {
        var csv = new Csv(writer);
        var report = AnalyticsReport.Build(line, question, hours, reads);
        if (by is "ringGroup" or "person")
        {
            await csv.RowAsync("Line", by == "person" ? "Person" : "RingGroup", "Answered", "AnsweredWithinServiceLevel", "P50Ms", "P90Ms", "P95Ms", "MaxMs", "MeanMs");
            foreach (var a in by == "person" ? report.ByPerson : report.ByRingGroup)
            {
                await csv.RowAsync(line ?? "all", a.Name, a.Answered, a.AnsweredWithinServiceLevel, a.TimeToHuman.P50Ms, a.TimeToHuman.P90Ms, a.TimeToHuman.P95Ms, a.TimeToHuman.MaxMs, a.TimeToHuman.MeanMs);
            }

            return;
        }

        await csv.RowAsync(
            "Line", by == "hour" ? "LocalHour" : by == "day" ? "Day" : "HourOfDay", "Calls", "Answered", "Abandoned", "ShortAbandoned", "NoAnswer", "Busy", "Failed",
            "Voicemail", "Closed", "Undecided", "Offered", "AnsweredWithinServiceLevel", "ServiceLevelPercent", "AbandonedPercent",
            "P50Ms", "P90Ms", "P95Ms", "MaxMs", "MeanMs",
            "Queued", "NobodyFree", "AnsweredFromQueue", "AbandonedInQueue", "QueueWaitP50Ms", "QueueWaitP90Ms",
            "CallbacksRequested", "CallbacksConnected", "CallbacksFailed", "CallbacksExpired", "TimeToCallbackP50Ms", "TimeToCallbackP90Ms");
        var slices = by switch
        {
            "hour" => hours.OrderBy(h => h.LocalHour).ThenBy(h => h.Line, StringComparer.Ordinal)
                .Select(h => (h.Line, h.LocalHour.ToString(LocalHours.HourFormat, System.Globalization.CultureInfo.InvariantCulture), PeriodFigures.Of(h.Stats, question.ServiceLevelSeconds, question.ShortAbandonSeconds))),
            "day" => report.ByDay.Select(s => (line ?? "all", s.Slice, s.Figures)),
            _ => report.ByHourOfDay.Select(s => (line ?? "all", s.Slice, s.Figures)),
        };
        foreach (var (sliceLine, slice, f) in slices)
        {
            await csv.RowAsync(
                sliceLine, slice, f.Calls, f.Answered, f.Abandoned, f.ShortAbandoned, f.NoAnswer, f.Busy, f.Failed,
                f.Voicemail, f.Closed, f.Undecided, f.Offered, f.AnsweredWithinServiceLevel, f.ServiceLevelPercent, f.AbandonedPercent,
                f.TimeToHuman.P50Ms, f.TimeToHuman.P90Ms, f.TimeToHuman.P95Ms, f.TimeToHuman.MaxMs, f.TimeToHuman.MeanMs,
                f.Queue.Queued, f.Queue.NobodyFree, f.Queue.AnsweredFromQueue, f.Queue.AbandonedInQueue, f.Queue.Wait.P50Ms, f.Queue.Wait.P90Ms,
                f.Callbacks.Requested, f.Callbacks.Connected, f.Callbacks.Failed, f.Callbacks.Expired, f.Callbacks.TimeToCallback.P50Ms, f.Callbacks.TimeToCallback.P90Ms);
        }
    }
}
