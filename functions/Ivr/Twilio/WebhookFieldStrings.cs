using System.Buffers;
using System.Collections.Frozen;
using System.Text;

namespace Ivr.Twilio;

/// <summary>
/// Shared strings for the fields Twilio posts with its voice webhooks, so reading a form allocates only what is new
/// in it. A known field's name is always the same string. A field whose value repeats from call to call (the account,
/// the called number, the call's status) reuses the last value read for it when the bytes are the same; values that
/// belong to one call (its SID, tokens, recordings) or say more about the caller than their country are never kept.
/// At most one value per field is held.
/// </summary>
internal static class WebhookFieldStrings
{
    /// <summary>Longer values are not kept: none of the repeating ones is anywhere near it.</summary>
    private const int MaxKeptValueLength = 64;

    private const int LongestName = 32;

    private static readonly (string Name, bool Repeats)[] Known =
    [
        ("AccountSid", true), ("ApiVersion", true), ("CallSid", false), ("CallStatus", true), ("CallToken", false),
        ("Called", true), ("CalledCity", true), ("CalledCountry", true), ("CalledState", true), ("CalledZip", true),
        ("Caller", false), ("CallerCity", false), ("CallerCountry", true), ("CallerName", false), ("CallerState", false), ("CallerZip", false),
        ("Direction", true), ("ForwardedFrom", false),
        ("From", false), ("FromCity", false), ("FromCountry", true), ("FromState", false), ("FromZip", false),
        ("To", true), ("ToCity", true), ("ToCountry", true), ("ToState", true), ("ToZip", true),
        ("StirVerstat", true), ("StirPassportToken", false),
        ("ParentCallSid", false), ("DialCallSid", false), ("DialCallStatus", true), ("DialCallDuration", false), ("DialBridged", true),
        ("CallDuration", false), ("Duration", false), ("Timestamp", false), ("SequenceNumber", false), ("CallbackSource", true),
        ("Digits", false), ("FinishedOnKey", false), ("msg", true),
        ("RecordingSid", false), ("RecordingUrl", false), ("RecordingDuration", false), ("RecordingStatus", true),
        ("AnsweredBy", true), ("SipResponseCode", true),
    ];

    private static readonly FrozenDictionary<string, int>.AlternateLookup<ReadOnlySpan<char>> ByName =
        Known.Select((field, index) => KeyValuePair.Create(field.Name, index))
            .ToFrozenDictionary(StringComparer.Ordinal)
            .GetAlternateLookup<ReadOnlySpan<char>>();

    private static readonly string?[] LastValues = new string?[Known.Length];

    /// <summary>The known field whose name these raw (still encoded) bytes spell exactly, or -1.</summary>
    public static int Find(ReadOnlySpan<byte> rawName)
    {
        Span<char> chars = stackalloc char[LongestName];
        return rawName.Length <= LongestName
            && Ascii.ToUtf16(rawName, chars, out var length) == OperationStatus.Done
            && ByName.TryGetValue(chars[..length], out var field)
            ? field
            : -1;
    }

    public static string Name(int field) => Known[field].Name;

    /// <summary>The value last read for <paramref name="field"/> when it is these decoded UTF-8 bytes; otherwise null.</summary>
    public static string? LastValue(int field, ReadOnlySpan<byte> utf8) =>
        field >= 0 && LastValues[field] is { } last && Ascii.Equals(utf8, last) ? last : null;

    /// <summary>Keeps <paramref name="value"/> for the next form when the field's values repeat (a race only costs a miss).</summary>
    public static void Remember(int field, string value)
    {
        if (field >= 0 && Known[field].Repeats && value.Length <= MaxKeptValueLength)
        {
            LastValues[field] = value;
        }
    }
}
