namespace Ivr.Voice;

/// <summary>The few things Ivr ever says, kept short: every second of speech is a second without a human.</summary>
internal static class VoicePrompts
{
    public const string LeaveAMessage = "Sorry, nobody can take your call right now. Please leave a message after the tone.";
    public const string Goodbye = "Sorry, nobody can take your call right now. Please try again later. Goodbye.";
    public const string ThanksForTheMessage = "Thank you for your message. Goodbye.";

    /// <summary>Longest voicemail, in seconds.</summary>
    public const int MaxMessageSeconds = 120;

    /// <summary>Seconds of silence that end a voicemail.</summary>
    public const int MessageSilenceSeconds = 5;
}
