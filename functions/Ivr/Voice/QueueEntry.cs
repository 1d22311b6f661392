using Ivr.Handoffs;
using Ivr.Queue;
using Ivr.Twilio.Twiml;

namespace Ivr.Voice;

/// <summary>
/// A caller the answer puts straight in the queue is listed as waiting, for the dispatcher, and the record notes when.
/// One who first hears a menu may press a key instead: the queue's wait URL, asked as they enter it, lists them then.
/// </summary>
internal static class QueueEntry
{
    public static void Note(VoiceResponse twiml, HandoffKey? key, DateTimeOffset now, WaitingCallers waiting, HandoffQueue handoffs)
    {
        if (key is not null && VoiceTwiml.Enqueues(twiml) && !twiml.Verbs.Any(v => v is Gather))
        {
            Joined(key.Line, key.CallSid, key, now, waiting, handoffs);
        }
    }

    public static void Joined(string line, string callSid, HandoffKey? key, DateTimeOffset queuedAt, WaitingCallers waiting, HandoffQueue handoffs)
    {
        if (waiting.Joined(new WaitingCaller(line, callSid, queuedAt)))
        {
            handoffs.Enqueue(new HandoffUpdate(callSid, line, key, new HandoffFacts { Queued = new Stamped(queuedAt, "queued") }));
        }
    }
}
