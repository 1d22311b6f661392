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

    /// <summary>Stands for the local time a callback's caller came in (<c>10:42</c>).</summary>
    public const string TimePlaceholder = "{time}";

    /// <summary>The offer a waiting caller hears once callbacks are offered to them.</summary>
    public string CallbackOffer { get; init; } = "Press 1 to be called back. You keep your place in line.";

    /// <summary>The one sentence a caller who pressed for a callback hears before the call ends.</summary>
    public string CallbackConfirmed { get; init; } = "Thank you. We will call you back as soon as it is your turn. Goodbye.";

    /// <summary>What the person hears when a callback's turn comes, before Ivr dials the caller.</summary>
    public string CallbackFor { get; init; } = "Callback for {line}, waiting since {time}. Press any key to call.";

    /// <summary>What the person hears when the caller could not be reached (they are free at once).</summary>
    public string CallbackNotReached { get; init; } = "The caller could not be reached. We will try again later. Goodbye.";

    /// <summary>What the person hears when that was the callback's last attempt.</summary>
    public string CallbackGivenUp { get; init; } = "The caller could not be reached. That was the last attempt. Goodbye.";

    public string CallbackForLine(string lineName, string localTime) =>
        CallbackFor.Replace(LinePlaceholder, lineName, StringComparison.Ordinal).Replace(TimePlaceholder, localTime, StringComparison.Ordinal);

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
