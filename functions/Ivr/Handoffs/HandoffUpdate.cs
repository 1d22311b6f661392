namespace Ivr.Handoffs;

/// <summary>
/// Facts one webhook learned about a call, on their way to the call's record. <see cref="Key"/> is known when the
/// webhook came to a URL Ivr minted for this call; otherwise (the number's own status callback) it is looked up.
/// </summary>
internal sealed record HandoffUpdate(string CallSid, string Line, HandoffKey? Key, HandoffFacts Facts);
