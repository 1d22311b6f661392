using Ivr.SelfTest;

namespace Ivr.Tests.Unit;

public sealed class SelfTestChecksTests
{
    private static readonly SelfTestFacts Healthy = new()
    {
        PublicBaseUrl = new Uri("https://ivr.example.com"),
        RequestHost = "ivr.example.com",
        SecondaryAuthTokenSet = false,
        Development = false,
        InAzure = true,
        ApplicationInsightsSet = true,
        FallbackNumber = "+31201234567",
        FallbackRingTimeoutSeconds = 25,
        AnalystKeys = 1,
        Lines = 3,
        StorageError = null,
        HandoffWritesReachable = true,
        DroppedUpdates = 0,
    };

    [Fact]
    public void AHealthyDeploymentIsOkAndGetsItsTwilioConsoleValues()
    {
        var report = SelfTestChecks.Judge(Healthy);

        Assert.Equal("ok", report.Status);
        Assert.All(report.Checks, c => Assert.Equal(CheckStatus.Ok, c.Status));
        Assert.Equal("https://ivr.example.com/api/voice/incoming", report.Twilio.VoiceUrl);
        Assert.Equal("https://ivr.example.com/api/voice/call-status", report.Twilio.StatusCallbackUrl);
        Assert.Equal("POST", report.Twilio.VoiceMethod);
        Assert.Equal("<Response><Dial timeout=\"25\">+31201234567</Dial></Response>", report.Twilio.FallbackTwiml);
    }

    [Fact]
    public void AMissingPublicBaseUrlIsAProblemThatSuggestsTheHostTheRequestCameThrough()
    {
        var report = SelfTestChecks.Judge(Healthy with { PublicBaseUrl = null, RequestHost = "ivr-abc.azurewebsites.net" });

        Assert.Equal("problems", report.Status);
        var check = Single(report, "publicBaseUrl", CheckStatus.Problem);
        Assert.Contains("Twilio__PublicBaseUrl", check.Detail, StringComparison.Ordinal);
        Assert.Contains("https://ivr-abc.azurewebsites.net", check.Detail, StringComparison.Ordinal);
        Assert.Null(report.Twilio.VoiceUrl);
    }

    [Theory]
    [InlineData("https://ivr.example.com", "ivr-abc.azurewebsites.net", CheckStatus.Warning)]
    [InlineData("https://IVR.example.com", "ivr.example.com", CheckStatus.Ok)]
    [InlineData("https://ivr.example.com:8443", "ivr.example.com:8443", CheckStatus.Ok)]
    [InlineData("https://ivr.example.com:8443", "ivr.example.com", CheckStatus.Warning)]
    [InlineData("http://ivr.example.com", "ivr.example.com", CheckStatus.Warning)]
    public void ThePublicBaseUrlMustBeTheHttpsHostTwilioCalls(string publicBaseUrl, string requestHost, string expected) =>
        Single(SelfTestChecks.Judge(Healthy with { PublicBaseUrl = new Uri(publicBaseUrl), RequestHost = requestHost }), "publicBaseUrl", expected);

    [Fact]
    public void PlainHttpIsFineInDevelopment() =>
        Single(SelfTestChecks.Judge(Healthy with { PublicBaseUrl = new Uri("http://127.0.0.1:7071"), RequestHost = "127.0.0.1:7071", Development = true }), "publicBaseUrl", CheckStatus.Ok);

    [Fact]
    public void UnreadableStorageIsAProblemWithItsStatusAndTheLinesCannotBeCounted()
    {
        var report = SelfTestChecks.Judge(Healthy with { StorageError = "HTTP 403 AuthorizationPermissionMismatch", Lines = null });

        Assert.Equal("problems", report.Status);
        Assert.Contains("HTTP 403 AuthorizationPermissionMismatch", Single(report, "storage", CheckStatus.Problem).Detail, StringComparison.Ordinal);
        Single(report, "lines", CheckStatus.Warning);
    }

    [Fact]
    public void DroppedUpdatesAreAProblemAndUnwrittenOnesAWarning()
    {
        Single(SelfTestChecks.Judge(Healthy with { DroppedUpdates = 12 }), "handoffRecords", CheckStatus.Problem);
        Single(SelfTestChecks.Judge(Healthy with { HandoffWritesReachable = false }), "handoffRecords", CheckStatus.Warning);
    }

    [Fact]
    public void SettingsThatWorkButNotAsIntendedAreWarnings()
    {
        var report = SelfTestChecks.Judge(Healthy with { SecondaryAuthTokenSet = true, Lines = 0, AnalystKeys = 0, ApplicationInsightsSet = false });

        Assert.Equal("warnings", report.Status);
        Assert.Contains("Twilio__SecondaryAuthToken", Single(report, "authToken", CheckStatus.Warning).Detail, StringComparison.Ordinal);
        Single(report, "lines", CheckStatus.Warning);
        Single(report, "analystKeys", CheckStatus.Warning);
        Assert.Contains("APPLICATIONINSIGHTS_CONNECTION_STRING", Single(report, "applicationInsights", CheckStatus.Warning).Detail, StringComparison.Ordinal);
    }

    [Fact]
    public void OutsideAzureNoApplicationInsightsIsExpected() =>
        Single(SelfTestChecks.Judge(Healthy with { InAzure = false, ApplicationInsightsSet = false }), "applicationInsights", CheckStatus.Ok);

    private static SelfTestCheck Single(SelfTestReport report, string name, string status)
    {
        var check = Assert.Single(report.Checks, c => c.Name == name);
        Assert.True(check.Status == status, $"{name}: expected {status}, got {check.Status} ({check.Detail})");
        return check;
    }
}
