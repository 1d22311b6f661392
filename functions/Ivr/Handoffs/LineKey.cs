using Ivr.Rules;

namespace Ivr.Handoffs;

/// <summary>The partition a call's record goes to: the called line, or one shared bucket for anything else.</summary>
internal static class LineKey
{
    /// <summary>For calls to something that is not an E.164 number (a SIP address, say): no rule can match it anyway.</summary>
    public const string Unknown = "unknown";

    public static string For(string? calledNumber) => PhoneNumber.IsE164(calledNumber) ? calledNumber! : Unknown;

    public static bool IsValid(string? line) => line == Unknown || PhoneNumber.IsE164(line);
}
