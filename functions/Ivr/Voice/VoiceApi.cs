using Ivr.Hosting;
using Ivr.Queue;
using Ivr.Twilio;

namespace Ivr.Voice;

/// <summary>The Twilio Voice webhooks, all under <c>/api/voice</c> and all behind the signature check.</summary>
internal static class VoiceApi
{
    public const string Prefix = "/api/voice/";
    public const string IncomingRoute = "incoming";
    public const string DialEndedRoute = "dial-ended";
    public const string LegStatusRoute = "leg-status";
    public const string VoicemailRoute = "voicemail";
    public const string CallStatusRoute = "call-status";
    public const string MenuRoute = "menu";
    public const string ScreenRoute = "screen";
    public const string ScreenAcceptedRoute = "screen-accepted";
    public const string QueueWaitRoute = "queue-wait";
    public const string QueueLeftRoute = "queue-left";
    public const string QueueBridgedRoute = "queue-bridged";
    public const string OfferRoute = "offer";
    public const string OfferAcceptedRoute = "offer-accepted";
    public const string OfferStatusRoute = "offer-status";
    public const string CallbackRequestRoute = "callback-request";
    public const string CallbackOfferRoute = "callback-offer";
    public const string CallbackAcceptedRoute = "callback-accepted";
    public const string CallbackAnsweredRoute = "callback-answered";
    public const string CallbackDialedRoute = "callback-dialed";
    public const string CallbackOfferStatusRoute = "callback-offer-status";

    public static IServiceCollection AddVoice(this IServiceCollection services) =>
        services.AddSingleton<CallMetrics>().AddSingleton<IOfferUrls, OfferUrls>().AddSingleton<IncomingCall>();

    /// <summary>
    /// The webhooks carry their own proof, Twilio's signature, checked by their endpoint filter; no key, session,
    /// antiforgery token or rate limit applies to them. So they are short-circuited: routing runs the endpoint at once,
    /// and the authentication, authorization, antiforgery and rate-limit middleware never see a call.
    /// </summary>
    public static IEndpointRouteBuilder MapVoice(this IEndpointRouteBuilder app)
    {
        var voice = app.MapGroup(Prefix)
            .AddEndpointFilterFactory(EndpointFilters.Of<ValidateTwilioSignatureFilter>)
            .AddEndpointFilterFactory(EndpointFilters.Of<FallbackOnFailureFilter>)
            .DisableAntiforgery()
            .ExcludeFromDescription();
        voice.ShortCircuit();

        // Made on the first call rather than here: its services read their options, and settings that fail validation
        // should stop the start with every message at once (StartupFailure), not with the first one found here.
        var incoming = new Lazy<IncomingCall>(app.ServiceProvider.GetRequiredService<IncomingCall>, LazyThreadSafetyMode.PublicationOnly);
        voice.MapPost(IncomingRoute, (HttpRequest request) => incoming.Value.HandleAsync(request)).AsFunction("VoiceIncoming");
        voice.MapPost(DialEndedRoute, DialEnded.HandleAsync).AsFunction("VoiceDialEnded");
        voice.MapPost(LegStatusRoute, LegStatus.HandleAsync).AsFunction("VoiceLegStatus");
        voice.MapPost(VoicemailRoute, Voicemail.HandleAsync).AsFunction("VoiceVoicemail");
        voice.MapPost(CallStatusRoute, CallStatus.HandleAsync).AsFunction("VoiceCallStatus");
        voice.MapPost(MenuRoute, MenuChoice.HandleAsync).AsFunction("VoiceMenu");
        voice.MapPost(ScreenRoute, Screening.PromptAsync).AsFunction("VoiceScreen");
        voice.MapPost(ScreenAcceptedRoute, Screening.AcceptedAsync).AsFunction("VoiceScreenAccepted");
        voice.MapPost(QueueLeftRoute, QueueWebhooks.LeftAsync).AsFunction("VoiceQueueLeft");

        // Where dialling the fallback number would be wrong: TwiML Twilio refuses there (a wait URL, a queue's url),
        // or the person's own call. A failure ends the wait as an error (on to how the line's calls end) or the offer.
        var queue = app.MapGroup(Prefix)
            .AddEndpointFilterFactory(EndpointFilters.Of<ValidateTwilioSignatureFilter>)
            .DisableAntiforgery()
            .ExcludeFromDescription();
        queue.ShortCircuit();
        queue.MapPost(QueueWaitRoute, QueueWebhooks.WaitAsync).AsFunction("VoiceQueueWait");
        queue.MapPost(QueueBridgedRoute, QueueWebhooks.BridgedAsync).AsFunction("VoiceQueueBridged");
        queue.MapPost(OfferRoute, OfferWebhooks.OfferAsync).AsFunction("VoiceOffer");
        queue.MapPost(OfferAcceptedRoute, OfferWebhooks.AcceptedAsync).AsFunction("VoiceOfferAccepted");
        queue.MapPost(OfferStatusRoute, OfferWebhooks.StatusAsync).AsFunction("VoiceOfferStatus");
        queue.MapPost(CallbackRequestRoute, CallbackWebhooks.RequestAsync).AsFunction("VoiceCallbackRequest");
        queue.MapPost(CallbackOfferRoute, CallbackWebhooks.OfferAsync).AsFunction("VoiceCallbackOffer");
        queue.MapPost(CallbackAcceptedRoute, CallbackWebhooks.AcceptedAsync).AsFunction("VoiceCallbackAccepted");
        queue.MapPost(CallbackAnsweredRoute, CallbackWebhooks.AnsweredAsync).AsFunction("VoiceCallbackAnswered");
        queue.MapPost(CallbackDialedRoute, CallbackWebhooks.DialedAsync).AsFunction("VoiceCallbackDialed");
        queue.MapPost(CallbackOfferStatusRoute, CallbackWebhooks.OfferStatusAsync).AsFunction("VoiceCallbackOfferStatus");
        return app;
    }
}
