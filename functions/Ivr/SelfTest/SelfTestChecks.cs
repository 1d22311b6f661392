using System.Globalization;
using Ivr.Voice;

namespace Ivr.SelfTest;

/// <summary>Judges an instance's configuration from its facts. Pure: each check names the setting to change.</summary>
internal static class SelfTestChecks
{
    public static SelfTestReport Judge(SelfTestFacts facts) =>
        SelfTestReport.From(
            [
                PublicBaseUrl(facts),
                AuthTokens(facts),
                Storage(facts),
                HandoffRecords(facts),
                Lines(facts),
                new("fallbackNumber", CheckStatus.Ok, $"When no rule can be used, calls dial {facts.FallbackNumber} (Ivr__FallbackNumber)."),
                AnalystKeys(facts),
                ApplicationInsights(facts),
            ],
            Setup(facts));

    private static SelfTestCheck PublicBaseUrl(SelfTestFacts facts)
    {
        const string Name = "publicBaseUrl";
        if (facts.PublicBaseUrl is not { } url)
        {
            return new(Name, CheckStatus.Problem,
                $"Twilio__PublicBaseUrl is not set, so signatures are checked against forwarded headers, which proxies may rewrite. Set it to the URL Twilio calls, e.g. https://{facts.RequestHost}.");
        }

        var host = url.IsDefaultPort ? url.Host : url.Authority;
        if (!string.Equals(host, facts.RequestHost, StringComparison.OrdinalIgnoreCase))
        {
            return new(Name, CheckStatus.Warning,
                $"Twilio__PublicBaseUrl is {url.GetLeftPart(UriPartial.Authority)}, but this request came through {facts.RequestHost}. Twilio's webhooks must use {url.GetLeftPart(UriPartial.Authority)}, or every signature check fails (403).");
        }

        return url.Scheme == Uri.UriSchemeHttps || facts.Development
            ? new(Name, CheckStatus.Ok, $"Signatures are checked against {url.GetLeftPart(UriPartial.Authority)}.")
            : new(Name, CheckStatus.Warning, $"Twilio__PublicBaseUrl is {url}: use https, so that Twilio's requests and Ivr's answers are encrypted.");
    }

    private static SelfTestCheck AuthTokens(SelfTestFacts facts) => facts.SecondaryAuthTokenSet
        ? new("authToken", CheckStatus.Warning,
            "Two auth tokens are accepted (Twilio__AuthToken and Twilio__SecondaryAuthToken): finish the rotation by promoting the new token in the Twilio console, then remove the old one here.")
        : new("authToken", CheckStatus.Ok, "One auth token is accepted (Twilio__AuthToken).");

    private static SelfTestCheck Storage(SelfTestFacts facts) => facts.StorageError is { } error
        ? new("storage", CheckStatus.Problem,
            $"Table Storage could not be read ({error}). Calls still ring the fallback or the last rules known; check Storage__TableServiceUri and the app identity's Storage Table Data Contributor role.")
        : new("storage", CheckStatus.Ok, "Table Storage answers.");

    private static SelfTestCheck HandoffRecords(SelfTestFacts facts) =>
        facts.DroppedUpdates > 0 ? new("handoffRecords", CheckStatus.Problem, $"{facts.DroppedUpdates} hand-off updates were dropped: ivr.handoffs.dropped says why (buffer full, record never appeared, refused by storage); Error logs 3001, 3102, 3103 and 3106 name the calls.")
        : !facts.HandoffWritesReachable ? new("handoffRecords", CheckStatus.Warning, "Hand-off records are waiting in memory: the last write to storage failed. They are written once storage answers.")
        : new("handoffRecords", CheckStatus.Ok, "Hand-off records are written.");

    private static SelfTestCheck Lines(SelfTestFacts facts) => facts.Lines switch
    {
        null => new("lines", CheckStatus.Warning, "The lines could not be counted: storage did not answer."),
        0 => new("lines", CheckStatus.Warning, "No line has rules yet, so every call dials the fallback number. Create one with PUT /api/admin/lines/{number}."),
        var count => new("lines", CheckStatus.Ok, $"{count} line(s) have rules."),
    };

    private static SelfTestCheck AnalystKeys(SelfTestFacts facts) => facts.AnalystKeys == 0
        ? new("analystKeys", CheckStatus.Warning, "No analyst key is set (Analytics__ApiKeys__0 or Analytics__ApiKeyHashes__0): the analytics API and the dashboard refuse everyone.")
        : new("analystKeys", CheckStatus.Ok, $"{facts.AnalystKeys} analyst key(s) set.");

    private static SelfTestCheck ApplicationInsights(SelfTestFacts facts) =>
        facts.ApplicationInsightsSet ? new("applicationInsights", CheckStatus.Ok, "Logs, traces and metrics go to Application Insights.")
        : facts.InAzure ? new("applicationInsights", CheckStatus.Warning, "APPLICATIONINSIGHTS_CONNECTION_STRING is not set: logs, traces and metrics are not kept.")
        : new("applicationInsights", CheckStatus.Ok, "Not in Azure: telemetry stays local.");

    private static TwilioSetup Setup(SelfTestFacts facts)
    {
        var root = facts.PublicBaseUrl?.GetLeftPart(UriPartial.Authority);
        return new(
            root is null ? null : root + VoiceApi.Prefix + VoiceApi.IncomingRoute,
            root is null ? null : root + VoiceApi.Prefix + VoiceApi.CallStatusRoute,
            "POST",
            // Hosted by Twilio (a TwiML Bin), so it still works when Ivr cannot be reached at all. With the fallback's ring
            // timeout, as Ivr's own fallback dials: Twilio's 30 s default lets a mobile's voicemail answer first.
            string.Create(CultureInfo.InvariantCulture, $"<Response><Dial timeout=\"{facts.FallbackRingTimeoutSeconds}\">{facts.FallbackNumber}</Dial></Response>"));
    }
}
