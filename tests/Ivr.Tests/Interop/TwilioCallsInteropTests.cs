using System.Text.Json.Nodes;
using Ivr.Tests.Infrastructure;
using Ivr.Twilio;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Hosting.Internal;

namespace Ivr.Tests.Interop;

/// <summary>
/// The calls Ivr places through Twilio's REST API (an offer of a waiting caller) against what the official npm package
/// sends for the same <c>client.calls.create({to, from, url, method, statusCallback, statusCallbackMethod,
/// statusCallbackEvent, timeout})</c>: both requests are captured by one loopback listener and must have the same method,
/// path, form fields (in any order) and Basic credentials; Twilio's refusals must read the same too. Ivr's client is
/// configured by its settings (<c>Twilio__AccountSid</c>, <c>Twilio__ApiKeySid</c> …) as in production.
/// </summary>
public sealed class TwilioCallsInteropTests(TwilioOracle oracle) : IClassFixture<TwilioOracle>
{
    private const string AccountSid = "AC0123456789abcdef0123456789abcdef";
    private const string AuthToken = "5f2b8e1c9a7d4036b1e8f2a4c6d9e0b3";
    private const string ApiKeySid = "SK89abcdef0123456789abcdef01234567";
    private const string ApiKeySecret = "kV3x9Qm2Lw7Rt5Yp8Zs1Nc4Hb6Jd0Fg";
    private const string PublicBaseUrl = "https://ivr.example.com";
    private const string Line = "+31201234567";

    /// <summary>Where Twilio's API docs say a call is created (<c>POST /2010-04-01/Accounts/{AccountSid}/Calls.json</c>).</summary>
    private const string CallsPath = "/2010-04-01/Accounts/" + AccountSid + "/Calls.json";

    [Theory]
    [InlineData("+31612345678")]
    [InlineData("client:alice")]
    [InlineData("sip:o'brien&co@desk.example.sip.twilio.com;transport=tls?X-Note=a%20b")]
    public async Task ACallPlacedWithTheAuthTokenIsTheRequestTheTwilioPackageSends(string person)
    {
        await using var capture = await RestRequestCapture.StartAsync();
        var call = Offer(person);

        string sid;
        using (var ivr = Ivr(capture.BaseAddress))
        {
            sid = await ivr.GetRequiredService<TwilioCalls>().CreateAsync(call, CancellationToken.None);
        }

        var answer = await oracle.CreateCallAsync(capture.BaseAddress, AccountSid, AuthToken, AccountSid, Parameters(call));

        Assert.Equal(2, capture.Requests.Count);
        var (ours, theirs) = (capture.Requests[0], capture.Requests[1]);
        Assert.Equal(theirs.AnsweredSid, answer["sid"]!.GetValue<string>());
        Assert.Equal(ours.AnsweredSid, sid);
        AssertSameRequest(theirs, ours);
        Assert.Equal(CallsPath, ours.Path);
        Assert.Equal((AccountSid, AuthToken), ours.BasicCredentials);
        Assert.Contains(("To", person), ours.Form);
        Assert.Contains(("Url", call.Url), ours.Form);
    }

    [Fact]
    public async Task WithAnApiKeyTheCallIsPlacedAsTheTwilioPackageDoesWithThatKey()
    {
        await using var capture = await RestRequestCapture.StartAsync();
        var call = Offer("+31612345678");

        using (var ivr = Ivr(capture.BaseAddress, ("Twilio__ApiKeySid", ApiKeySid), ("Twilio__ApiKeySecret", ApiKeySecret)))
        {
            await ivr.GetRequiredService<TwilioCalls>().CreateAsync(call, CancellationToken.None);
        }

        await oracle.CreateCallAsync(capture.BaseAddress, ApiKeySid, ApiKeySecret, AccountSid, Parameters(call));

        var (ours, theirs) = (capture.Requests[0], capture.Requests[1]);
        AssertSameRequest(theirs, ours);
        Assert.Equal(CallsPath, ours.Path); // still the account's calls, whoever signs in
        Assert.Equal((ApiKeySid, ApiKeySecret), ours.BasicCredentials);
        Assert.DoesNotContain(AuthToken, ours.Header("Authorization")!, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(400, 21211, "The 'To' number +3161 is not a valid phone number.")]
    [InlineData(401, 20003, "Authenticate")]
    [InlineData(403, 21210, "The source phone number provided, +31201234567, is not yet verified for your account.")]
    [InlineData(404, 20404, "The requested resource /2010-04-01/Accounts/AC0123456789abcdef0123456789abcdef/Calls.json was not found")]
    public async Task ARefusalReadsAsTheTwilioPackageReadsItWithTwiliosErrorCodeAndMessage(int status, int code, string message)
    {
        await using var capture = await RestRequestCapture.StartAsync();
        var refusal = new JsonObject { ["code"] = code, ["message"] = message, ["more_info"] = $"https://www.twilio.com/docs/errors/{code}", ["status"] = status }.ToJsonString();
        capture.AnswerNext(status, refusal);
        capture.AnswerNext(status, refusal);
        var call = Offer("+31612345678");

        TwilioApiException refused;
        using (var ivr = Ivr(capture.BaseAddress))
        {
            refused = await Assert.ThrowsAsync<TwilioApiException>(() => ivr.GetRequiredService<TwilioCalls>().CreateAsync(call, CancellationToken.None));
        }

        var theirs = (await oracle.CreateCallAsync(capture.BaseAddress, AccountSid, AuthToken, AccountSid, Parameters(call)))["rest"]!;

        Assert.Equal(status, theirs["status"]!.GetValue<int>());
        Assert.Equal(code, theirs["code"]!.GetValue<int>());
        Assert.Equal(message, theirs["message"]!.GetValue<string>());
        Assert.Equal(status, refused.Status);
        Assert.Equal(code, refused.Code);
        Assert.Contains(message, refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TooManyRequestsIsTriedAgainAndTheCallPlacedOnce()
    {
        await using var capture = await RestRequestCapture.StartAsync();
        capture.AnswerNext(429, TooManyRequests, retryAfterSeconds: 0);
        using var ivr = Ivr(capture.BaseAddress);

        var sid = await ivr.GetRequiredService<TwilioCalls>().CreateAsync(Offer("+31612345678"), CancellationToken.None);

        Assert.Equal(2, capture.Requests.Count);
        Assert.Equal(capture.Requests[1].AnsweredSid, sid);
        Assert.Equal(capture.Requests[0].Form, capture.Requests[1].Form);
    }

    [Fact]
    public async Task TooManyRequestsEveryTimeIsARefusalWithTwiliosCodeAsTheTwilioPackageReadsIt()
    {
        await using var capture = await RestRequestCapture.StartAsync();
        for (var i = 0; i < 20; i++)
        {
            capture.AnswerNext(429, TooManyRequests, retryAfterSeconds: 0);
        }

        TwilioApiException refused;
        using (var ivr = Ivr(capture.BaseAddress))
        {
            refused = await Assert.ThrowsAsync<TwilioApiException>(() => ivr.GetRequiredService<TwilioCalls>().CreateAsync(Offer("+31612345678"), CancellationToken.None));
        }

        var tries = capture.Requests.Count;
        var theirs = (await oracle.CreateCallAsync(capture.BaseAddress, AccountSid, AuthToken, AccountSid, Parameters(Offer("+31612345678"))))["rest"]!;

        Assert.InRange(tries, 2, 5); // tried again, but not without end
        Assert.Equal((429, 20429), (refused.Status, refused.Code));
        Assert.Equal((429, 20429), (theirs["status"]!.GetValue<int>(), theirs["code"]!.GetValue<int>()));
        Assert.Contains(theirs["message"]!.GetValue<string>(), refused.Message, StringComparison.Ordinal);
    }

    private static readonly string TooManyRequests =
        new JsonObject { ["code"] = 20429, ["message"] = "Too Many Requests", ["more_info"] = "https://www.twilio.com/docs/errors/20429", ["status"] = 429 }.ToJsonString();

    [Fact]
    public async Task AnAnswerThatIsNotTwiliosJsonIsStillARefusalWithItsStatusAndNoCode()
    {
        await using var capture = await RestRequestCapture.StartAsync();
        capture.AnswerNext(503, "<html><body>Service Unavailable</body></html>", "text/html");
        using var ivr = Ivr(capture.BaseAddress);

        var refused = await Assert.ThrowsAsync<TwilioApiException>(() => ivr.GetRequiredService<TwilioCalls>().CreateAsync(Offer("+31612345678"), CancellationToken.None));

        Assert.Equal(503, refused.Status);
        Assert.Null(refused.Code);
    }

    [Fact]
    public async Task WithoutAnAccountSidNoCallIsPlacedAndNothingIsSent()
    {
        await using var capture = await RestRequestCapture.StartAsync();
        using var ivr = Ivr(capture.BaseAddress, ("Twilio__AccountSid", null));
        var calls = ivr.GetRequiredService<TwilioCalls>();

        Assert.False(calls.Configured);
        await Assert.ThrowsAsync<InvalidOperationException>(() => calls.CreateAsync(Offer("+31612345678"), CancellationToken.None));
        Assert.Empty(capture.Requests);
    }

    /// <summary>An offer as the dispatcher places one: to the person, from the line, TwiML and status callback under Ivr's public URL.</summary>
    private static OutgoingCall Offer(string person) => new(
        person,
        Line,
        PublicBaseUrl + "/api/voice/offer?line=%2B31201234567",
        PublicBaseUrl + "/api/voice/offer-status?line=%2B31201234567",
        25);

    /// <summary>The same call as the npm package's <c>calls.create</c> parameters.</summary>
    private static JsonObject Parameters(OutgoingCall call) => new()
    {
        ["to"] = call.To,
        ["from"] = call.From,
        ["url"] = call.Url,
        ["method"] = "POST",
        ["statusCallback"] = call.StatusCallback,
        ["statusCallbackMethod"] = "POST",
        ["statusCallbackEvent"] = new JsonArray("completed"),
        ["timeout"] = call.TimeoutSeconds,
    };

    private static void AssertSameRequest(CapturedRequest twilio, CapturedRequest ours)
    {
        Assert.Equal("POST", twilio.Method);
        Assert.Equal(twilio.Method, ours.Method);
        Assert.Equal(twilio.Path, ours.Path);
        Assert.Equal(twilio.Query, ours.Query);
        Assert.Equal(twilio.Form, ours.Form);
        Assert.Equal(twilio.BasicCredentials, ours.BasicCredentials);
        Assert.Equal("application/x-www-form-urlencoded", twilio.MediaType);
        Assert.Equal(twilio.MediaType, ours.MediaType);
        Assert.Equal(twilio.Header("Accept"), ours.Header("Accept"));
    }

    /// <summary>Ivr's Twilio services, configured by its settings as the host gives them (outside Development, as in production).</summary>
    private static ServiceProvider Ivr(Uri apiBaseUrl, params (string Name, string? Value)[] settings)
    {
        var values = new Dictionary<string, string?>(StringComparer.Ordinal)
        {
            ["Twilio__AuthToken"] = AuthToken,
            ["Twilio__PublicBaseUrl"] = PublicBaseUrl,
            ["Twilio__AccountSid"] = AccountSid,
            ["Twilio__ApiBaseUrl"] = apiBaseUrl.AbsoluteUri,
        };
        foreach (var (name, value) in settings)
        {
            values[name] = value;
        }

        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(values.Where(v => v.Value is not null).Select(v => KeyValuePair.Create(v.Key.Replace("__", ":", StringComparison.Ordinal), v.Value)))
            .Build();
        var services = new ServiceCollection();
        services.AddSingleton<IHostEnvironment>(new HostingEnvironment { EnvironmentName = Environments.Production });
        services.AddTwilioWebhooks(configuration);
        return services.BuildServiceProvider();
    }
}
