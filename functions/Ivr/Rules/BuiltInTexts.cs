namespace Ivr.Rules;

/// <summary>
/// Ivr's own words in English, Dutch and German, short and as people say them on the phone. A line speaks the set of its
/// language's primary subtag (<c>nl-BE</c> is Dutch, <c>de-CH</c> German) and English otherwise: Twilio's
/// <c>&lt;Say language&gt;</c> only picks a voice, it never translates.
/// </summary>
internal static class BuiltInTexts
{
    public static readonly SpokenTexts English = new(
        LeaveAMessage: "Sorry, nobody can take your call right now. Please leave a message after the tone.",
        Goodbye: "Sorry, nobody can take your call right now. Please try again later. Goodbye.",
        ThanksForTheMessage: "Thank you for your message. Goodbye.",
        Closed: "Sorry, we are closed right now. Please call again during our opening hours. Goodbye.",
        Screening: "Call for {line}. Press any key to accept.");

    public static readonly SpokenTexts Dutch = new(
        LeaveAMessage: "Er is op dit moment helaas niemand beschikbaar. Spreek na de toon een bericht in.",
        Goodbye: "Er is op dit moment helaas niemand beschikbaar. Probeer het later nog eens. Tot ziens.",
        ThanksForTheMessage: "Bedankt voor uw bericht. Tot ziens.",
        Closed: "We zijn op dit moment gesloten. Bel gerust terug tijdens onze openingstijden. Tot ziens.",
        Screening: "Gesprek voor {line}. Druk op een toets om het gesprek aan te nemen.")
    {
        InLine = "U bent nummer {position} in de rij.",
        WaitMinutes = "De wachttijd is ongeveer {minutes} minuten.",
        WaitOneMinute = "De wachttijd is ongeveer een minuut.",
        WaitShort = "U wordt zo geholpen.",
        CallbackOffer = "Druk op 1 om teruggebeld te worden. U behoudt uw plek in de rij.",
        CallbackConfirmed = "Dank u wel. We bellen u terug zodra u aan de beurt bent. Tot ziens.",
        CallbackFor = "Terugbelverzoek voor {line}, wacht sinds {time}. Druk op een toets om te bellen.",
        CallbackNotReached = "De beller was niet bereikbaar. We proberen het later nog eens. Tot ziens.",
        CallbackGivenUp = "De beller was niet bereikbaar. Dat was de laatste poging. Tot ziens.",
    };

    public static readonly SpokenTexts German = new(
        LeaveAMessage: "Leider ist gerade niemand erreichbar. Bitte hinterlassen Sie nach dem Signalton eine Nachricht.",
        Goodbye: "Leider ist gerade niemand erreichbar. Bitte versuchen Sie es später noch einmal. Auf Wiederhören.",
        ThanksForTheMessage: "Vielen Dank für Ihre Nachricht. Auf Wiederhören.",
        Closed: "Leider haben wir gerade geschlossen. Bitte rufen Sie uns während unserer Öffnungszeiten wieder an. Auf Wiederhören.",
        Screening: "Anruf für {line}. Drücken Sie eine beliebige Taste, um das Gespräch anzunehmen.")
    {
        InLine = "Sie sind Nummer {position} in der Warteschlange.",
        WaitMinutes = "Die Wartezeit beträgt etwa {minutes} Minuten.",
        WaitOneMinute = "Die Wartezeit beträgt etwa eine Minute.",
        WaitShort = "Gleich ist jemand für Sie da.",
        CallbackOffer = "Drücken Sie die 1, um zurückgerufen zu werden. Sie behalten Ihren Platz in der Warteschlange.",
        CallbackConfirmed = "Vielen Dank. Wir rufen Sie zurück, sobald Sie an der Reihe sind. Auf Wiederhören.",
        CallbackFor = "Rückruf für {line}, wartet seit {time}. Drücken Sie eine beliebige Taste, um anzurufen.",
        CallbackNotReached = "Der Anrufer war nicht erreichbar. Wir versuchen es später noch einmal. Auf Wiederhören.",
        CallbackGivenUp = "Der Anrufer war nicht erreichbar. Das war der letzte Versuch. Auf Wiederhören.",
    };

    /// <summary>The built-in words for a line speaking <paramref name="language"/> (a tag such as <c>nl-NL</c>).</summary>
    public static SpokenTexts For(string? language)
    {
        var primary = language.AsSpan();
        if (primary.IndexOf('-') is var dash and >= 0)
        {
            primary = primary[..dash];
        }

        return primary switch
        {
            _ when primary.Equals("nl", StringComparison.OrdinalIgnoreCase) => Dutch,
            _ when primary.Equals("de", StringComparison.OrdinalIgnoreCase) => German,
            _ => English,
        };
    }
}
