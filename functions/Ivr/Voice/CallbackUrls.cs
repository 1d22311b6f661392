using System.Globalization;
using System.Text;
using Ivr.Handoffs;
using Ivr.Routing;

namespace Ivr.Voice;

/// <summary>
/// Where a call is in its plan, carried from webhook to webhook in the callback URLs (which Twilio signs, so none of
/// it can be tampered with). With it, every callback re-derives the same plan from the rules without any lookup.
/// </summary>
/// <param name="Step">The plan step the dial that carries these URLs rings.</param>
/// <param name="Choice">The menu digit the caller pressed.</param>
/// <param name="Sticky">The person looked up for a returning caller when the call arrived.</param>
/// <param name="CallerHash">The caller's keyed hash, so whoever answers can be remembered for sticky routing.</param>
internal sealed record CallRoute(int Step = 0, char? Choice = null, RingTarget? Sticky = null, string? CallerHash = null)
{
    public static readonly CallRoute Start = new();
}

/// <summary>
/// The URLs Ivr hands Twilio for one call. Each carries the call's record key (line and arrival instant) and its
/// <see cref="CallRoute"/>, so callbacks find the record and the plan without a lookup. Root-relative: Twilio
/// resolves them against the URL it called.
/// </summary>
internal sealed class CallbackUrls
{
    public const string LineParameter = "line";
    public const string ArrivedParameter = "arrived";
    private const string StepParameter = "step";
    private const string ChoiceParameter = "choice";
    private const string StickyParameter = "sticky";
    private const string CallerParameter = "caller";
    private const string ScreenedParameter = "screened";
    private const string GroupParameter = "group";

    private readonly string query;

    private CallbackUrls(string query) => this.query = query;

    public string DialEnded => VoiceApi.Prefix + VoiceApi.DialEndedRoute + query;

    public string LegStatus => VoiceApi.Prefix + VoiceApi.LegStatusRoute + query;

    /// <summary>Leg status for a screened dial: its answer is only a hand-off once the person accepts.</summary>
    public string ScreenedLegStatus => LegStatus + Separator(LegStatus) + ScreenedParameter + "=1";

    public string Voicemail => VoiceApi.Prefix + VoiceApi.VoicemailRoute + query;

    public string Menu => VoiceApi.Prefix + VoiceApi.MenuRoute + query;

    public string Screen => VoiceApi.Prefix + VoiceApi.ScreenRoute + query;

    public string ScreenAccepted => VoiceApi.Prefix + VoiceApi.ScreenAcceptedRoute + query;

    /// <summary>
    /// The same URLs for the people of one ring group: whoever answers through them is counted for
    /// <paramref name="group"/> in analytics.
    /// </summary>
    public CallbackUrls InGroup(string group) =>
        new(query + Separator(query) + GroupParameter + "=" + Uri.EscapeDataString(group));

    /// <summary>The URLs for a call at <paramref name="route"/>; without a key (it came in keyless) they carry none.</summary>
    public static CallbackUrls For(HandoffKey? key, CallRoute? route = null)
    {
        route ??= CallRoute.Start;
        var query = new StringBuilder(128);
        if (key is not null)
        {
            Add(query, LineParameter, key.Line);
            Add(query, ArrivedParameter, HandoffKey.FormatInstant(key.ArrivedAt));
        }

        if (route.Step != 0)
        {
            Add(query, StepParameter, route.Step.ToString(CultureInfo.InvariantCulture));
        }

        if (route.Choice is { } choice)
        {
            Add(query, ChoiceParameter, choice.ToString());
        }

        if (route.Sticky is { } sticky)
        {
            Add(query, StickyParameter, sticky.ToString());
        }

        if (route.CallerHash is { } callerHash)
        {
            Add(query, CallerParameter, callerHash);
        }

        return new CallbackUrls(query.ToString());
    }

    private static void Add(StringBuilder query, string name, string value) =>
        query.Append(query.Length == 0 ? '?' : '&').Append(name).Append('=').Append(Uri.EscapeDataString(value));

    /// <summary>The record key a callback URL carries, or null when it carries none (or a malformed one).</summary>
    public static HandoffKey? KeyFrom(HttpRequest request, string callSid)
    {
        string? line = request.Query[LineParameter];
        return LineKey.IsValid(line) && HandoffKey.ParseInstant(request.Query[ArrivedParameter]) is { } arrivedAt
            ? new HandoffKey(line!, arrivedAt, callSid)
            : null;
    }

    /// <summary>The route a callback URL carries; anything malformed reads as the start of the plan.</summary>
    public static CallRoute RouteFrom(HttpRequest request)
    {
        var step = int.TryParse(request.Query[StepParameter], NumberStyles.None, CultureInfo.InvariantCulture, out var s) ? s : 0;
        string? choice = request.Query[ChoiceParameter];
        string? callerHash = request.Query[CallerParameter];
        return new CallRoute(
            step,
            Rules.Menu.Digit(choice),
            RingTarget.TryParse(request.Query[StickyParameter], out var sticky) ? sticky : null,
            string.IsNullOrEmpty(callerHash) ? null : callerHash);
    }

    /// <summary>The ring group a dialled party's callback URL names; null when it names none.</summary>
    public static string? GroupFrom(HttpRequest request)
    {
        string? group = request.Query[GroupParameter];
        return string.IsNullOrEmpty(group) ? null : group;
    }

    public static bool IsScreened(HttpRequest request) => request.Query[ScreenedParameter] == "1";

    private static char Separator(string url) => url.Contains('?', StringComparison.Ordinal) ? '&' : '?';
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
