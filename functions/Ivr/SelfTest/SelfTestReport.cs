namespace Ivr.SelfTest;

/// <summary>How one check came out: <c>ok</c>, <c>warning</c> (works, but not as intended) or <c>problem</c> (calls or records suffer).</summary>
internal static class CheckStatus
{
    public const string Ok = "ok";
    public const string Warning = "warning";
    public const string Problem = "problem";
}

/// <summary>One configuration check: what was checked, how it came out, and what to do. Never holds a secret.</summary>
internal sealed record SelfTestCheck(string Name, string Status, string Detail);

/// <summary>What to enter in the Twilio console for each number, from the public base URL.</summary>
internal sealed record TwilioSetup(string? VoiceUrl, string? StatusCallbackUrl, string VoiceMethod, string FallbackTwiml);

/// <summary>The self-test's answer: <c>ok</c>, <c>warnings</c> or <c>problems</c>, each check, and the Twilio console values.</summary>
internal sealed record SelfTestReport(string Status, IReadOnlyList<SelfTestCheck> Checks, TwilioSetup Twilio)
{
    public static SelfTestReport From(IReadOnlyList<SelfTestCheck> checks, TwilioSetup twilio) =>
        new(checks.Any(c => c.Status == CheckStatus.Problem) ? "problems" : checks.Any(c => c.Status == CheckStatus.Warning) ? "warnings" : "ok", checks, twilio);
}
