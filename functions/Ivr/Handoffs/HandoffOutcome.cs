namespace Ivr.Handoffs;

/// <summary>How a call ended up; the values stored in the <c>Outcome</c> column.</summary>
internal static class HandoffOutcome
{
    /// <summary>A person answered.</summary>
    public const string Answered = "answered";

    /// <summary>The caller hung up while it rang.</summary>
    public const string Abandoned = "abandoned";

    public const string NoAnswer = "no-answer";
    public const string Busy = "busy";
    public const string Failed = "failed";

    /// <summary>Nobody answered and the caller left a message.</summary>
    public const string Voicemail = "voicemail";

    /// <summary>The line was closed (after hours, a closure or a holiday) and nobody answered.</summary>
    public const string Closed = "closed";

    /// <summary>Not decided yet: the call is still ringing or its callbacks are still on their way.</summary>
    public const string InProgress = "in-progress";
}
