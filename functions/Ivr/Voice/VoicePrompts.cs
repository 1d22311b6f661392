namespace Ivr.Voice;

/// <summary>How long Ivr listens. Its words are the line's (<see cref="Rules.SpokenTexts"/>), in the line's language.</summary>
internal static class VoicePrompts
{
    /// <summary>Longest voicemail, in seconds.</summary>
    public const int MaxMessageSeconds = 120;

    /// <summary>Seconds of silence that end a voicemail.</summary>
    public const int MessageSilenceSeconds = 5;

    /// <summary>Seconds the person who picks up a screened call has to accept it.</summary>
    public const int ScreeningTimeoutSeconds = 5;

    /// <summary>Silence between checks of a waiting caller without hold music: how late past its limit a caller may leave the queue.</summary>
    public const int QueueSilenceSeconds = 15;

    /// <summary>How long a person who took an offer waits for a caller who has just left the queue.</summary>
    public const int EmptyQueueSeconds = 5;

    /// <summary>How long a caller's phone rings when Ivr calls them back: long enough to reach it, short of most voicemails.</summary>
    public const int CallbackRingSeconds = 25;
}
