namespace Ivr.Routing;

/// <summary>What the router decided for an incoming call, and why (for logs and, later, dry runs).</summary>
internal abstract record RouteDecision(string Reason);

/// <summary>Ring the line's people now.</summary>
internal sealed record RingPeople(LineRule Line, string Reason) : RouteDecision(Reason);

/// <summary>No usable rule: ring the configured fallback number so the caller still reaches someone.</summary>
internal sealed record RingFallback(string Number, string Reason) : RouteDecision(Reason);

/// <summary>What follows once the <c>&lt;Dial&gt;</c> has ended.</summary>
internal enum AfterDial
{
    /// <summary>A person took the call; it is over.</summary>
    HangUp,

    /// <summary>Nobody answered: take a message.</summary>
    TakeVoicemail,

    /// <summary>Nobody answered: say goodbye politely.</summary>
    SayGoodbye,
}
