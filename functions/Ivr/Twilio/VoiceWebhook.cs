using System.Globalization;
using System.Text.RegularExpressions;

namespace Ivr.Twilio;

/// <summary>
/// The fields Ivr reads from a Twilio Voice webhook form. Binding is lenient: Twilio adds parameters
/// without notice, so unknown fields are ignored and malformed optional values read as absent.
/// </summary>
internal sealed partial record VoiceWebhook
{
    public required string CallSid { get; init; }
    public string? From { get; init; }
    public string? To { get; init; }
    public string? CallStatus { get; init; }
    public string? ParentCallSid { get; init; }
    public string? DialCallStatus { get; init; }
    public bool? DialBridged { get; init; }
    public int? DialCallDuration { get; init; }
    public string? RecordingUrl { get; init; }

    /// <summary>Keys pressed during a <c>&lt;Gather&gt;</c>.</summary>
    public string? Digits { get; init; }

    /// <summary>When Twilio says the event fired (RFC 2822, whole seconds); absent on most TwiML requests.</summary>
    public DateTimeOffset? Timestamp { get; init; }

    /// <summary>On a queue's wait URL: the caller's place (1 is next) and seconds waited; the queue's average wait so far.</summary>
    public int? QueuePosition { get; init; }

    public int? QueueTime { get; init; }

    public int? AvgQueueTime { get; init; }

    /// <summary>On an <c>&lt;Enqueue&gt;</c> action: how the caller left the queue (<c>bridged</c>, <c>hangup</c>, <c>leave</c> …).</summary>
    public string? QueueResult { get; init; }

    /// <summary>With answering machine detection: <c>human</c>, <c>machine_start</c>, <c>fax</c>, <c>unknown</c> …</summary>
    public string? AnsweredBy { get; init; }

    /// <summary>Binds the form, or names the field that makes it unusable.</summary>
    public static bool TryBind(IFormCollection form, out VoiceWebhook webhook, out string? invalidField)
    {
        webhook = null!;
        var callSid = Single(form, "CallSid");
        if (callSid is null || !CallSidPattern().IsMatch(callSid))
        {
            invalidField = "CallSid";
            return false;
        }

        var parent = Single(form, "ParentCallSid");
        webhook = new VoiceWebhook
        {
            CallSid = callSid,
            From = Single(form, "From"),
            To = Single(form, "To"),
            CallStatus = Single(form, "CallStatus"),
            ParentCallSid = parent is not null && CallSidPattern().IsMatch(parent) ? parent : null,
            DialCallStatus = Single(form, "DialCallStatus"),
            DialBridged = bool.TryParse(Single(form, "DialBridged"), out var bridged) ? bridged : null,
            DialCallDuration = int.TryParse(Single(form, "DialCallDuration"), NumberStyles.None, CultureInfo.InvariantCulture, out var seconds) ? seconds : null,
            RecordingUrl = Single(form, "RecordingUrl"),
            Digits = Single(form, "Digits"),
            Timestamp = ParseRfc2822(Single(form, "Timestamp")),
            QueuePosition = Count(form, "QueuePosition"),
            QueueTime = Count(form, "QueueTime"),
            AvgQueueTime = Count(form, "AvgQueueTime"),
            QueueResult = Single(form, "QueueResult"),
            AnsweredBy = Single(form, "AnsweredBy"),
        };
        invalidField = null;
        return true;
    }

    /// <summary>Parses Twilio's <c>Mon, 23 Nov 2026 10:15:03 +0000</c> (or the <c>GMT</c> form).</summary>
    internal static DateTimeOffset? ParseRfc2822(string? value)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return null;
        }

        var text = value.Trim();
        // .NET's "zzz" wants +00:00; Twilio sends +0000.
        if (text.Length > 5 && (text[^5] == '+' || text[^5] == '-') && text[^4..].All(char.IsAsciiDigit))
        {
            text = string.Concat(text.AsSpan(0, text.Length - 2), ":", text.AsSpan(text.Length - 2));
        }

        string[] formats = ["ddd, d MMM yyyy HH:mm:ss zzz", "d MMM yyyy HH:mm:ss zzz", "ddd, d MMM yyyy HH:mm:ss 'GMT'"];
        return DateTimeOffset.TryParseExact(text, formats, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal, out var parsed)
            ? parsed.ToUniversalTime()
            : null;
    }

    private static int? Count(IFormCollection form, string name) =>
        int.TryParse(Single(form, name), NumberStyles.None, CultureInfo.InvariantCulture, out var count) ? count : null;

    private static string? Single(IFormCollection form, string name) =>
        form.TryGetValue(name, out var values) && values.Count > 0 && !string.IsNullOrEmpty(values[0]) ? values[0] : null;

    [GeneratedRegex(@"^CA[0-9a-fA-F]{32}\z")]
    private static partial Regex CallSidPattern();
}
