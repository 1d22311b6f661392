using System.Globalization;
using System.Runtime.CompilerServices;
using Ivr.Handoffs;
using Ivr.Routing;
using Ivr.Rules;

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
    public const string PersonParameter = "person";
    public const string CallbackParameter = "callback";

    private readonly string query;

    /// <summary>The ring group's part of the query, escaped (see <see cref="InGroup"/>); null for none.</summary>
    private readonly string? group;

    private CallbackUrls(string query, string? group = null) => (this.query, this.group) = (query, group);

    public string DialEnded => Url(VoiceApi.Prefix + VoiceApi.DialEndedRoute);

    public string LegStatus => Url(VoiceApi.Prefix + VoiceApi.LegStatusRoute);

    /// <summary>Leg status for a screened dial: its answer is only a hand-off once the person accepts.</summary>
    public string ScreenedLegStatus
    {
        get
        {
            var legStatus = LegStatus;
            return legStatus + Separator(legStatus) + ScreenedParameter + "=1";
        }
    }

    public string Voicemail => Url(VoiceApi.Prefix + VoiceApi.VoicemailRoute);

    public string Menu => Url(VoiceApi.Prefix + VoiceApi.MenuRoute);

    public string QueueWait => Url(VoiceApi.Prefix + VoiceApi.QueueWaitRoute);

    public string QueueLeft => Url(VoiceApi.Prefix + VoiceApi.QueueLeftRoute);

    /// <summary>Where a waiting caller's key press for a callback goes.</summary>
    public string CallbackRequest => Url(VoiceApi.Prefix + VoiceApi.CallbackRequestRoute);

    public string Screen => Url(VoiceApi.Prefix + VoiceApi.ScreenRoute);

    public string ScreenAccepted => Url(VoiceApi.Prefix + VoiceApi.ScreenAcceptedRoute);

    /// <summary>
    /// The same URLs for the people of one ring group: whoever answers through them is counted for
    /// <paramref name="group"/> in analytics.
    /// </summary>
    public CallbackUrls InGroup(string group) => new(query, Uri.EscapeDataString(group));

    // One string per URL: the group joins the query only in the URL itself.
    private string Url(string path) => group is null
        ? path + query
        : string.Concat(path, query, query.Length == 0 ? "?" + GroupParameter + "=" : "&" + GroupParameter + "=", group);

    /// <summary>The URLs for a call at <paramref name="route"/>; without a key (it came in keyless) they carry none.</summary>
    public static CallbackUrls For(HandoffKey? key, CallRoute? route = null)
    {
        route ??= CallRoute.Start;
        // Written into one stack buffer and made a string once: every answer to Twilio carries these URLs.
        var query = new DefaultInterpolatedStringHandler(0, 0, CultureInfo.InvariantCulture, stackalloc char[256]);
        var separator = '?';
        if (key is not null)
        {
            Add(ref query, ref separator, LineParameter, key.Line);
            Span<char> instant = stackalloc char[HandoffKey.InstantLength];
            HandoffKey.WriteInstant(key.ArrivedAt, instant);
            Add(ref query, ref separator, ArrivedParameter, instant);
        }

        if (route.Step != 0)
        {
            Span<char> step = stackalloc char[11];
            route.Step.TryFormat(step, out var written, provider: CultureInfo.InvariantCulture);
            Add(ref query, ref separator, StepParameter, step[..written]);
        }

        if (route.Choice is { } choice)
        {
            Add(ref query, ref separator, ChoiceParameter, [choice]);
        }

        if (route.Sticky is { } sticky)
        {
            Add(ref query, ref separator, StickyParameter, sticky.ToString());
        }

        if (route.CallerHash is { } callerHash)
        {
            Add(ref query, ref separator, CallerParameter, callerHash);
        }

        return new CallbackUrls(query.ToStringAndClear());
    }

    private static void Add(ref DefaultInterpolatedStringHandler query, ref char separator, string name, scoped ReadOnlySpan<char> value)
    {
        query.AppendFormatted(separator);
        query.AppendLiteral(name);
        query.AppendFormatted('=');
        Span<char> escaped = stackalloc char[3 * 64];
        if (Uri.TryEscapeDataString(value, escaped, out var written))
        {
            query.AppendFormatted(escaped[..written]);
        }
        else
        {
            query.AppendLiteral(Uri.EscapeDataString(value.ToString()));
        }

        separator = '&';
    }

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

    /// <summary>The offer's key press, on the person's call: only the line is needed.</summary>
    public static string OfferAccepted(string line) => $"{VoiceApi.Prefix}{VoiceApi.OfferAcceptedRoute}?{LineParameter}={Uri.EscapeDataString(line)}";

    /// <summary>Run on the waiting caller's side as <paramref name="person"/> takes them: the moment of the hand-off.</summary>
    public static string QueueBridged(string line, string person) =>
        $"{VoiceApi.Prefix}{VoiceApi.QueueBridgedRoute}?{LineParameter}={Uri.EscapeDataString(line)}&{PersonParameter}={Uri.EscapeDataString(person)}";

    /// <summary>The key press of the person a callback is offered to.</summary>
    public static string CallbackAccepted(string line, string callSid) => OfCallback(VoiceApi.CallbackAcceptedRoute, line, callSid);

    /// <summary>Run on the caller's phone as it answers a callback, with what machine detection made of it.</summary>
    public static string CallbackAnswered(string line, string callSid, string person) =>
        OfCallback(VoiceApi.CallbackAnsweredRoute, line, callSid) + $"&{PersonParameter}={Uri.EscapeDataString(person)}";

    /// <summary>Where the person's dial of the caller ends.</summary>
    public static string CallbackDialed(string line, string callSid, string person) =>
        OfCallback(VoiceApi.CallbackDialedRoute, line, callSid) + $"&{PersonParameter}={Uri.EscapeDataString(person)}";

    /// <summary>A callback's URL on <paramref name="route"/>: names the line and the caller's CallSid, never their number.</summary>
    public static string OfCallback(string route, string line, string callSid) =>
        $"{VoiceApi.Prefix}{route}?{LineParameter}={Uri.EscapeDataString(line)}&{CallbackParameter}={Uri.EscapeDataString(callSid)}";

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
