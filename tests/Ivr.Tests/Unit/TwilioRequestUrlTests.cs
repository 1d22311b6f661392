using Ivr.Twilio;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;

namespace Ivr.Tests.Unit;

/// <summary>The URL a signature is checked against, and the tokens it is checked with, both kept between calls.</summary>
public sealed class TwilioRequestUrlTests
{
    [Fact]
    public void EachRequestIsCheckedAgainstItsOwnTargetAndTheBaseUrlConfiguredNow()
    {
        var configured = new Uri("https://ivr.example.com");
        var moved = new Uri("https://calls.example.org:8443");

        Assert.Equal("https://ivr.example.com/api/voice/incoming", TwilioRequestUrl.For(Request("/api/voice/incoming"), configured));
        Assert.Equal("https://ivr.example.com/api/voice/incoming", TwilioRequestUrl.For(Request("/api/voice/incoming"), configured));
        Assert.Equal("https://ivr.example.com/api/voice/dial-ended?step=1", TwilioRequestUrl.For(Request("/api/voice/dial-ended?step=1"), configured));
        Assert.Equal("https://ivr.example.com/api/voice/incoming", TwilioRequestUrl.For(Request("/api/voice/incoming"), configured));
        Assert.Equal("https://calls.example.org:8443/api/voice/incoming", TwilioRequestUrl.For(Request("/api/voice/incoming"), moved));
    }

    [Fact]
    public void TheTokensFollowTheSettingsAndLeaveOutEmptyOnes()
    {
        var options = new TwilioOptions { AuthToken = "primary" };
        Assert.Equal(["primary"], options.AuthTokens());

        options.SecondaryAuthToken = "next";
        Assert.Equal(["primary", "next"], options.AuthTokens());

        options.AuthToken = "";
        Assert.Equal(["next"], options.AuthTokens());
    }

    private static HttpRequest Request(string rawTarget)
    {
        var context = new DefaultHttpContext();
        context.Features.Get<IHttpRequestFeature>()!.RawTarget = rawTarget;
        return context.Request;
    }
}
