namespace Ivr.Voice;

/// <summary>The few things Ivr ever says, kept short: every second of speech is a second without a human.</summary>
internal static class VoicePrompts
{
    public const string LeaveAMessage = "Sorry, nobody can take your call right now. Please leave a message after the tone.";
    public const string Goodbye = "Sorry, nobody can take your call right now. Please try again later. Goodbye.";
    public const string ThanksForTheMessage = "Thank you for your message. Goodbye.";

    /// <summary>Heard by the person who picks up a screened call; {0} is the line's name.</summary>
    public const string ScreeningPrompt = "Call for {0}. Press any key to accept.";

    /// <summary>Longest voicemail, in seconds.</summary>
    public const int MaxMessageSeconds = 120;

    /// <summary>Seconds of silence that end a voicemail.</summary>
    public const int MessageSilenceSeconds = 5;

    /// <summary>Seconds the person who picks up a screened call has to accept it.</summary>
    public const int ScreeningTimeoutSeconds = 5;
}
