using Ivr.Handoffs;
using Ivr.Queue;
using Ivr.Twilio.Twiml;

namespace Ivr.Voice;

/// <summary>A caller the answer puts in the queue is listed as waiting, for the dispatcher, and the record notes when.</summary>
internal static class QueueEntry
{
    public static void Note(VoiceResponse twiml, HandoffKey? key, DateTimeOffset now, WaitingCallers waiting, HandoffQueue handoffs)
    {
        if (key is null || !VoiceTwiml.Enqueues(twiml))
        {
            return;
        }

        waiting.Joined(new WaitingCaller(key.Line, key.CallSid, now));
        handoffs.Enqueue(new HandoffUpdate(key.CallSid, key.Line, key, new HandoffFacts { Queued = new Stamped(now, "queued") }));
    }
}
