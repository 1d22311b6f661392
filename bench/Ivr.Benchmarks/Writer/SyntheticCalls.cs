using System.Globalization;
using Ivr.Handoffs;

namespace Ivr.Benchmarks.Writer;

/// <summary>
/// Hand-off updates shaped as the voice endpoints make them, for distinct calls spread round-robin over the lines:
/// the arrival (IncomingCall: keyed, with route and caller hash), the answered leg (LegStatus: keyed by its
/// callback URL), and a keyless status callback (the number's own callback, whose record the writer must look up).
/// </summary>
internal sealed class SyntheticCalls(int lines, DateTimeOffset arrivedAt)
{
    public string Line(int call) => "+3120555" + (call % lines).ToString("D4", CultureInfo.InvariantCulture);

    public static string CallSid(int call) => "CA" + call.ToString("x32", CultureInfo.InvariantCulture);

    public HandoffKey Key(int call) => new(Line(call), arrivedAt, CallSid(call));

    public HandoffUpdate Arrival(int call) => new(CallSid(call), Line(call), Key(call), new HandoffFacts
    {
        ArrivedAt = arrivedAt,
        // The length of a real HMAC-SHA256 in hex.
        CallerHash = call.ToString("x64", CultureInfo.InvariantCulture),
        Route = "open",
    });

    public HandoffUpdate Answered(int call, DateTimeOffset at) => new(CallSid(call), Line(call), Key(call), new HandoffFacts
    {
        Answered = new Stamped(at, "+31611111111", "Front desk"),
    });

    /// <summary>A status callback with no record key: until the call's arrival is seen, the writer keeps it pending.</summary>
    public HandoffUpdate Keyless(int call, DateTimeOffset at) => new(CallSid(call), Line(call), Key: null, new HandoffFacts
    {
        Ended = new Stamped(at, "completed"),
    });
}
