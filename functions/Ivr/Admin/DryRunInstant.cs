using System.Globalization;
using Ivr.Rules;

namespace Ivr.Admin;

/// <summary>
/// The dry run's <c>at</c>: an instant with an offset is taken as is; a local time is read in the line's zone. A local
/// time the clocks skip is refused; one they pass twice is the first pass. Both must lie in <see cref="DateLimits"/>:
/// a local time on one of its days, an instant between its first and end instants. That is checked before a local time
/// gets its zone's offset and before routing looks back up to a year for sticky routing, so no moment overflows.
/// </summary>
internal static class DryRunInstant
{
    private const string Field = "at";

    private static readonly string[] InstantFormats = ["yyyy-MM-dd'T'HH:mm:ssK", "yyyy-MM-dd'T'HH:mmK", "yyyy-MM-dd'T'HH:mm:ss.FFFK"];
    private static readonly string[] LocalFormats = ["yyyy-MM-dd'T'HH:mm", "yyyy-MM-dd'T'HH:mm:ss"];

    /// <summary>The instant <paramref name="text"/> names (UTC), <paramref name="now"/> when absent; an error under <see cref="Field"/> otherwise.</summary>
    public static DateTimeOffset Read(FieldErrors errors, string? text, TimeZoneInfo? zone, DateTimeOffset now)
    {
        if (text is null)
        {
            return now;
        }

        if (DateTimeOffset.TryParseExact(text, InstantFormats, CultureInfo.InvariantCulture, DateTimeStyles.None, out var instant)
            && (text.EndsWith('Z') || text.LastIndexOfAny(['+', '-']) > 10))
        {
            return DateLimits.Contains(instant) ? instant.ToUniversalTime() : OutOfRange(errors, text);
        }

        if (!DateTime.TryParseExact(text, LocalFormats, CultureInfo.InvariantCulture, DateTimeStyles.None, out var local))
        {
            // An instant so close to 0001-01-01 or 9999-12-31 that its offset runs past them does not parse at all.
            return text.Length > 10 && DateOnly.TryParseExact(text.AsSpan(0, 10), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day) && !DateLimits.Contains(day)
                ? OutOfRange(errors, text)
                : Invalid(errors, $"'{text}' is neither a local time such as 2026-11-28T18:05 nor an instant such as 2026-11-28T17:05:00Z.");
        }

        if (!DateLimits.Contains(DateOnly.FromDateTime(local)))
        {
            return OutOfRange(errors, text);
        }

        zone ??= TimeZoneInfo.Utc;
        if (zone.IsInvalidTime(local))
        {
            return Invalid(errors, $"{text} does not exist in {zone.Id}: the clocks skip it.");
        }

        var offset = zone.IsAmbiguousTime(local) ? zone.GetAmbiguousTimeOffsets(local).Max() : zone.GetUtcOffset(local);
        return new DateTimeOffset(local, offset).ToUniversalTime();
    }

    private static DateTimeOffset OutOfRange(FieldErrors errors, string text) =>
        Invalid(errors, string.Create(CultureInfo.InvariantCulture, $"{text} is outside the moments Ivr takes: a local time on a day from {DateLimits.Days}, or an instant from {DateLimits.FirstInstant:yyyy-MM-dd'T'HH:mm:ss'Z'} up to (not including) {DateLimits.EndInstant:yyyy-MM-dd'T'HH:mm:ss'Z'}."));

    private static DateTimeOffset Invalid(FieldErrors errors, string message)
    {
        errors.Add(Field, message);
        return default;
    }
}
