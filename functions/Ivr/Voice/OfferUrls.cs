using Ivr.Queue;
using Ivr.Twilio;
using Microsoft.Extensions.Options;

namespace Ivr.Voice;

/// <summary>The offer call's URLs, absolute under <c>Twilio__PublicBaseUrl</c> (a call Ivr places has no request to be relative to).</summary>
internal sealed class OfferUrls(IOptions<TwilioOptions> options) : IOfferUrls
{
    public string Offer(string line) => Absolute(VoiceApi.OfferRoute, line);

    public string OfferStatus(string line) => Absolute(VoiceApi.OfferStatusRoute, line);

    public string CallbackOffer(string line, string callSid) => new Uri(options.Value.PublicBaseUrl!, CallbackUrls.OfCallback(VoiceApi.CallbackOfferRoute, line, callSid)).AbsoluteUri;

    public string CallbackOfferStatus(string line, string callSid) => new Uri(options.Value.PublicBaseUrl!, CallbackUrls.OfCallback(VoiceApi.CallbackOfferStatusRoute, line, callSid)).AbsoluteUri;

    private string Absolute(string route, string line) =>
        new Uri(options.Value.PublicBaseUrl!, $"{VoiceApi.Prefix}{route}?{CallbackUrls.LineParameter}={Uri.EscapeDataString(line)}").AbsoluteUri;
}
