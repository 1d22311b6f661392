using Ivr.Handoffs;
using Ivr.Routing;

namespace Ivr.Voice;

/// <summary>
/// The URLs Ivr hands Twilio for one call. Each carries the call's record key (line and arrival instant), so
/// callbacks find the record without a lookup; Twilio signs the full URL, so the key cannot be tampered with.
/// Root-relative: Twilio resolves them against the URL it called.
/// </summary>
internal sealed record CallbackUrls(string DialEnded, string LegStatus, string Voicemail)
{
    public const string LineParameter = "line";
    public const string ArrivedParameter = "arrived";

    /// <summary>The URLs for a call; without a key (it came in through a keyless callback) they carry none.</summary>
    public static CallbackUrls For(HandoffKey? key)
    {
        var query = key is null ? string.Empty : $"?{LineParameter}={Uri.EscapeDataString(key.Line)}&{ArrivedParameter}={HandoffKey.FormatInstant(key.ArrivedAt)}";
        return new CallbackUrls(
            VoiceApi.Prefix + VoiceApi.DialEndedRoute + query,
            VoiceApi.Prefix + VoiceApi.LegStatusRoute + query,
            VoiceApi.Prefix + VoiceApi.VoicemailRoute + query);
    }

    /// <summary>The record key a callback URL carries, or null when it carries none (or a malformed one).</summary>
    public static HandoffKey? KeyFrom(HttpRequest request, string callSid)
    {
        string? line = request.Query[LineParameter];
        return LineKey.IsValid(line) && HandoffKey.ParseInstant(request.Query[ArrivedParameter]) is { } arrivedAt
            ? new HandoffKey(line!, arrivedAt, callSid)
            : null;
    }
}

/// <summary>The hand-off update a callback about a call makes.</summary>
internal static class CallbackUpdate
{
    /// <summary>
    /// Keyed by the record key in the callback's URL when it carries one; otherwise by the called line, and the
    /// writer looks the record up. (The key's arrival instant reaches the row through the entity mapping.)
    /// </summary>
    public static HandoffUpdate For(HttpRequest request, string callSid, string? calledNumber, HandoffFacts facts)
    {
        var key = CallbackUrls.KeyFrom(request, callSid);
        return new HandoffUpdate(callSid, key?.Line ?? LineKey.For(calledNumber), key, facts);
    }
}

/// <summary>The partition a call's record goes to: the called line, or one shared bucket for anything else.</summary>
internal static class LineKey
{
    /// <summary>For calls to something that is not an E.164 number (a SIP address, say): no rule can match it anyway.</summary>
    public const string Unknown = "unknown";

    public static string For(string? calledNumber) => PhoneNumber.IsE164(calledNumber) ? calledNumber! : Unknown;

    public static bool IsValid(string? line) => line == Unknown || PhoneNumber.IsE164(line);
}
