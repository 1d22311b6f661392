namespace Ivr.Rules;

/// <summary>
/// Days the line is closed all day: one date or a range (both ends included). A yearly closure repeats on the same
/// month and day every year; its range may cross New Year (24 December – 2 January).
/// </summary>
internal sealed record Closure(DateOnly From, DateOnly To, bool Yearly, string? Name)
{
    public bool Covers(DateOnly date)
    {
        if (!Yearly)
        {
            return date >= From && date <= To;
        }

        var day = MonthDay(date);
        var (from, to) = (MonthDay(From), MonthDay(To));
        return from <= to ? day >= from && day <= to : day >= from || day <= to;
    }

    public string Describe() => (Name is null ? string.Empty : Name + ", ") + (From == To ? Format(From) : $"{Format(From)} to {Format(To)}") + (Yearly ? " every year" : string.Empty);

    private string Format(DateOnly date) => Yearly ? date.ToString("MM-dd", System.Globalization.CultureInfo.InvariantCulture) : date.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);

    private static int MonthDay(DateOnly date) => (date.Month * 100) + date.Day;
}
