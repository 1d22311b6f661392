using System.Globalization;
using Ivr.Handoffs;
using Ivr.Hosting;
using Ivr.Rules;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;

namespace Ivr.Analytics;

/// <summary>
/// Reads an analytics question from the query string: <c>line</c> (one E.164 line; all lines when absent),
/// <c>from</c> and <c>to</c> (local dates, inclusive, within <see cref="DateLimits"/>), <c>serviceLevelSeconds</c> and <c>shortAbandonSeconds</c>.
/// Every bad parameter is named in a 400 problem.
/// </summary>
internal sealed class AnalyticsRequest(AnalyticsLines lines, IOptions<AnalyticsOptions> options, TimeProvider time)
{
    /// <param name="request">The request whose query string holds the question.</param>
    /// <param name="known">Every line, when the caller listed them already (the dashboard does, for its picker).</param>
    /// <param name="cancellationToken">Cancels the storage reads.</param>
    /// <returns>The question, or why there is none: parameters that are <c>Invalid</c> (400), or a line that is <c>Unknown</c> (404).</returns>
    public async Task<(string? Line, AnalyticsQuestion? Question, ValidationProblem? Invalid, NotFoundProblem? Unknown)> ReadAsync(
        HttpRequest request, IReadOnlyList<AnalyticsLine>? known, CancellationToken cancellationToken)
    {
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        string? line = request.Query["line"];
        line = string.IsNullOrWhiteSpace(line) ? null : line.Trim();
        if (line is not null && !LineKey.IsValid(line))
        {
            errors["line"] = [$"'{line}' is not a line: give its number in E.164 form, e.g. +31201234567 (in a URL, + is %2B)."];
        }

        var from = Date(request, "from", errors);
        var to = Date(request, "to", errors);
        var serviceLevel = Seconds(request, "serviceLevelSeconds", options.Value.ServiceLevelSeconds, 1, AnalyticsLimits.MaxThresholdSeconds, errors);
        var shortAbandon = Seconds(request, "shortAbandonSeconds", options.Value.ShortAbandonSeconds, 0, AnalyticsLimits.MaxShortAbandonSeconds, errors);
        if (errors.Count > 0)
        {
            return (line, null, Invalid(errors), null);
        }

        IReadOnlyList<AnalyticsLine> covered;
        if (line is null)
        {
            covered = known ?? await lines.ListAsync(cancellationToken);
        }
        else if ((known is null ? await lines.FindAsync(line, cancellationToken) : known.FirstOrDefault(l => l.Number == line)) is { } found)
        {
            covered = [found];
        }
        else
        {
            return (line, null, null, new NotFoundProblem($"No line {line}.", "It has no rules and no recorded figures."));
        }

        // Without dates: the last week in the (first) line's local time, today included. A week before 'to' stops at the
        // first day Ivr takes, so the question stays within the documented range.
        var today = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(time.GetUtcNow(), (covered.Count > 0 ? covered[0].Zone : TimeZoneInfo.Utc)).DateTime);
        var lastDay = to ?? (from is { } f && f.AddDays(AnalyticsLimits.DefaultPeriodDays - 1) < today ? f.AddDays(AnalyticsLimits.DefaultPeriodDays - 1) : today);
        var weekBefore = lastDay.AddDays(1 - AnalyticsLimits.DefaultPeriodDays);
        var firstDay = from ?? (weekBefore < DateLimits.FirstDay ? DateLimits.FirstDay : weekBefore);
        if (lastDay < firstDay)
        {
            errors["to"] = [$"'to' ({lastDay:yyyy-MM-dd}) is before 'from' ({firstDay:yyyy-MM-dd})."];
        }
        else if (lastDay.DayNumber - firstDay.DayNumber + 1 > AnalyticsLimits.MaxPeriodDays)
        {
            errors["to"] = [$"The period is {lastDay.DayNumber - firstDay.DayNumber + 1} days; at most {AnalyticsLimits.MaxPeriodDays} days fit in one question."];
        }

        return errors.Count > 0
            ? (line, null, Invalid(errors), null)
            : (line, new AnalyticsQuestion(covered, firstDay, lastDay, serviceLevel, shortAbandon), null, null);
    }

    /// <summary>A 400 naming each bad parameter.</summary>
    public static ValidationProblem Invalid(Dictionary<string, string[]> errors) =>
        TypedResults.ValidationProblem(errors, title: "The analytics question has invalid parameters.");

    private static DateOnly? Date(HttpRequest request, string name, Dictionary<string, string[]> errors)
    {
        string? text = request.Query[name];
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        if (!DateOnly.TryParseExact(text.Trim(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
        {
            errors[name] = [$"'{text}' is not a date: use YYYY-MM-DD (a day in the line's local time)."];
            return null;
        }

        // Checked here, before the period is worked out: a day added to 9999-12-31 (or an offset to 0001-01-01) overflows.
        if (!DateLimits.Contains(date))
        {
            errors[name] = [$"{text.Trim()} is outside the days Ivr takes, {DateLimits.Days}."];
            return null;
        }

        return date;
    }

    private static int Seconds(HttpRequest request, string name, int fallback, int min, int max, Dictionary<string, string[]> errors)
    {
        string? text = request.Query[name];
        if (string.IsNullOrWhiteSpace(text))
        {
            return fallback;
        }

        if (int.TryParse(text.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var seconds) && seconds >= min && seconds <= max)
        {
            return seconds;
        }

        errors[name] = [$"'{text}' is not a whole number of seconds from {min} to {max}."];
        return fallback;
    }
}
