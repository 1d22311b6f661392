namespace Ivr.Rules;

/// <summary>
/// The words Ivr itself speaks on a line: its built-in ones in the line's language (<see cref="BuiltInTexts"/>), or an
/// admin's own. <see cref="Screening"/> names the line where <see cref="LinePlaceholder"/> stands.
/// </summary>
internal sealed record SpokenTexts(string LeaveAMessage, string Goodbye, string ThanksForTheMessage, string Closed, string Screening)
{
    /// <summary>Stands for the line's name in the screening prompt.</summary>
    public const string LinePlaceholder = "{line}";

    /// <summary>What the person who picks up a screened call hears for a line called <paramref name="lineName"/>.</summary>
    public string ScreeningFor(string lineName) => Screening.Replace(LinePlaceholder, lineName, StringComparison.Ordinal);
}
