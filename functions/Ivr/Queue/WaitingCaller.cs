namespace Ivr.Queue;

/// <summary>A caller waiting in <paramref name="Line"/>'s queue since <paramref name="QueuedAt"/>.</summary>
internal sealed record WaitingCaller(string Line, string CallSid, DateTimeOffset QueuedAt);

/// <summary>The name of a line's Twilio queue: one per line, made by Twilio on first use (at most 64 characters).</summary>
internal static class QueueName
{
    public static string For(string line) => "ivr-" + line.TrimStart('+');
}

/// <summary>The absolute URLs an offer call needs, given by the voice webhooks that answer them.</summary>
internal interface IOfferUrls
{
    /// <summary>TwiML for the person who picks up an offer of <paramref name="line"/>'s waiting caller.</summary>
    string Offer(string line);

    /// <summary>Where Twilio reports that the offer call ended.</summary>
    string OfferStatus(string line);

    /// <summary>TwiML for the person who picks up the offer of callback <paramref name="callSid"/>.</summary>
    string CallbackOffer(string line, string callSid);

    /// <summary>Where Twilio reports that the offer call of a callback ended.</summary>
    string CallbackOfferStatus(string line, string callSid);
}
