namespace Ivr.Rules;

/// <summary>
/// The words Ivr itself speaks on a line: its built-in ones in the line's language (<see cref="BuiltInTexts"/>), or an
/// admin's own. <see cref="Screening"/> names the line where <see cref="LinePlaceholder"/> stands.
/// </summary>
internal sealed record SpokenTexts(string LeaveAMessage, string Goodbye, string ThanksForTheMessage, string Closed, string Screening)
{
    /// <summary>Stands for the line's name in the screening prompt.</summary>
    public const string LinePlaceholder = "{line}";

    /// <summary>Stands for a waiting caller's place in line, and for the minutes they may still wait.</summary>
    public const string PositionPlaceholder = "{position}";
    public const string MinutesPlaceholder = "{minutes}";

    /// <summary>A waiting caller's place in the queue; names it with <see cref="PositionPlaceholder"/>.</summary>
    public string InLine { get; init; } = "You are number {position} in line.";

    /// <summary>The rough wait, in whole minutes (<see cref="MinutesPlaceholder"/>).</summary>
    public string WaitMinutes { get; init; } = "The wait is about {minutes} minutes.";

    /// <summary>Said instead of <see cref="WaitMinutes"/> for a wait of about one minute.</summary>
    public string WaitOneMinute { get; init; } = "The wait is about a minute.";

    /// <summary>Said instead of <see cref="WaitMinutes"/> when the wait is under a minute.</summary>
    public string WaitShort { get; init; } = "Someone will be with you shortly.";

    /// <summary>What the person who picks up a screened call hears for a line called <paramref name="lineName"/>.</summary>
    public string ScreeningFor(string lineName) => Screening.Replace(LinePlaceholder, lineName, StringComparison.Ordinal);

    /// <summary>What a caller at <paramref name="position"/> hears, with a rough wait of <paramref name="waitSeconds"/>.</summary>
    public string QueueUpdate(int position, int waitSeconds)
    {
        var place = InLine.Replace(PositionPlaceholder, position.ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal);
        var minutes = (waitSeconds + 30) / 60;
        var wait = minutes < 1 ? WaitShort : minutes == 1 ? WaitOneMinute : WaitMinutes.Replace(MinutesPlaceholder, minutes.ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal);
        return place + " " + wait;
    }
}
