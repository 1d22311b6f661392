using System.Collections.Concurrent;
using System.Net;
using System.Text;
using Ivr.Tests.Infrastructure;

namespace Ivr.Tests.Integration;

/// <summary>Rate limits on the APIs, never on calls; request size caps with clear 4xx answers.</summary>
public sealed class RequestLimitTests(IvrWithStorage env) : IClassFixture<IvrWithStorage>
{
    private const int PerMinute = 3;

    [Fact]
    public async Task WrongKeysAreLimitedPerClientAddressAndCannotUseUpARealKeysWindow()
    {
        await using var ivr = await env.StartInProcessAsync(LowLimits, seedLines: false);
        using var http = ClientOf(ivr);

        // Every guess a different key, as a guesser sends them: they still count as one client.
        var guesses = new List<HttpStatusCode>();
        for (var i = 0; i <= PerMinute; i++)
        {
            guesses.Add(await StatusAsync(http, "/api/admin/lines", Guesser, bearer: $"wrong-key-{i}-0123456789abcdef"));
        }

        // Once the guesser's address is spent, even a right key from it is refused unchecked: a lucky guess gets nothing.
        var rightKeyFromGuesser = await StatusAsync(http, "/api/admin/lines", Guesser, bearer: IvrProcess.AdminKey);

        var admin = new List<HttpStatusCode>();
        for (var i = 0; i <= PerMinute; i++)
        {
            admin.Add(await StatusAsync(http, "/api/admin/lines", Admin, bearer: IvrProcess.AdminKey));
        }

        // The analytics API has its own limit, so the admin key's spent window does not touch it.
        var analytics = await StatusAsync(http, AnalyticsClient.SummaryPath, Admin, bearer: IvrProcess.AnalystKey);

        Assert.Equal([.. Enumerable.Repeat(HttpStatusCode.Unauthorized, PerMinute), HttpStatusCode.TooManyRequests], guesses);
        Assert.Equal(HttpStatusCode.TooManyRequests, rightKeyFromGuesser);
        Assert.Equal([.. Enumerable.Repeat(HttpStatusCode.OK, PerMinute), HttpStatusCode.TooManyRequests], admin);
        Assert.Equal(HttpStatusCode.OK, analytics);
    }

    [Fact]
    public async Task ThreeHundredDistinctWrongKeysOrCookiesGetNoMoreTriesThanTheLimit()
    {
        await using var ivr = await env.StartInProcessAsync(seedLines: false);
        using var http = ClientOf(ivr);

        var keys = new List<HttpStatusCode>();
        var cookies = new List<HttpStatusCode>();
        for (var i = 0; i < 300; i++)
        {
            keys.Add(await StatusAsync(http, AnalyticsClient.SummaryPath, Guesser, bearer: $"guess-{i:D4}-0123456789abcdef0123"));
            cookies.Add(await StatusAsync(http, "/dashboard", Admin, cookie: $"ivr_dashboard=v1.4102444800.guess{i:D4}"));
        }

        // The default: 10 failed authentications a minute per client address, then 429 with Retry-After.
        Assert.Equal([.. Enumerable.Repeat(HttpStatusCode.Unauthorized, 10), .. Enumerable.Repeat(HttpStatusCode.TooManyRequests, 290)], keys);
        Assert.Equal([.. Enumerable.Repeat(HttpStatusCode.OK, 10), .. Enumerable.Repeat(HttpStatusCode.TooManyRequests, 290)], cookies);
    }

    [Fact]
    public async Task AnAnalystSignsInAtOnceWhileAnotherAddressFloodsTheSignIn()
    {
        await using var ivr = await env.StartInProcessAsync(seedLines: false);
        using var http = ClientOf(ivr);

        // Two requests a second were enough to keep the sign-in at 429 for everybody; this floods far harder.
        using var stopFlood = new CancellationTokenSource();
        var floodAnswers = new ConcurrentBag<HttpStatusCode>();
        var flood = Task.WhenAll(Enumerable.Range(0, 4).Select(worker => Task.Run(async () =>
        {
            for (var i = 0; !stopFlood.IsCancellationRequested; i++)
            {
                floodAnswers.Add(await SignInAsync(http, Guesser, $"guess-{worker}-{i}-0123456789abcdef"));
                floodAnswers.Add(await StatusAsync(http, "/dashboard", Guesser));
            }
        })));
        while (floodAnswers.Count < 400)
        {
            await Task.Delay(20);
        }

        using var signIn = await PostSignInAsync(http, Analyst, IvrProcess.AnalystKey);
        var cookie = signIn.Headers.TryGetValues("Set-Cookie", out var set) ? set.Single().Split(';')[0] : null;
        var dashboard = await StatusAsync(http, "/dashboard", Analyst, cookie: cookie, expect: "/dashboard/logout");
        await stopFlood.CancelAsync();
        await flood;

        Assert.Equal(HttpStatusCode.Redirect, signIn.StatusCode);
        Assert.StartsWith("ivr_dashboard=v1.", cookie, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, dashboard);
        Assert.Contains(HttpStatusCode.TooManyRequests, floodAnswers);
    }

    [Fact]
    public async Task CallsAreNeverRateLimited()
    {
        await using var ivr = await env.StartInProcessAsync(LowLimits);

        var answers = new List<HttpStatusCode>();
        for (var i = 0; i < PerMinute * 4; i++)
        {
            using var response = await ivr.Twilio.PostAsync("/api/voice/incoming", ivr.NewCall().IncomingForm());
            answers.Add(response.StatusCode);
        }

        Assert.All(answers, status => Assert.Equal(HttpStatusCode.OK, status));
    }

    [Fact]
    public async Task OversizedBodiesGetAClear4xxAndChangeNothing()
    {
        await using var ivr = await env.StartInProcessAsync(seedLines: false);
        var hugeValue = new string('x', 300 * 1024);

        var bigForm = ivr.NewCall().IncomingForm().Append(new("Padding", hugeValue)).ToList();
        using var bigWebhook = await ivr.Twilio.PostAsync("/api/voice/incoming", bigForm);
        var manyFields = ivr.NewCall().IncomingForm().Concat(Enumerable.Range(0, 600).Select(i => new KeyValuePair<string, string>($"F{i}", "v"))).ToList();
        using var manyFieldsWebhook = await ivr.Twilio.PostAsync("/api/voice/incoming", manyFields);
        var bigJson = $$"""{ "name": "{{hugeValue}}", "timeZone": "Europe/Amsterdam", "ringGroups": [{ "name": "Desk", "members": ["+31612340001"] }] }""";
        using var bigPut = await ivr.Admin.PutLineAsync("+31301234599", bigJson);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, bigWebhook.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, manyFieldsWebhook.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, bigPut.StatusCode);
        Assert.Contains("\"body\"", await bigPut.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        using var stored = await ivr.Admin.GetLineAsync("+31301234599");
        Assert.Equal(HttpStatusCode.NotFound, stored.StatusCode);
        Assert.Empty(await ivr.Records.AllAsync());

        // And the process still takes a normal call.
        using var normal = await ivr.Twilio.PostAsync("/api/voice/incoming", ivr.NewCall().IncomingForm());
        Assert.Equal(HttpStatusCode.OK, normal.StatusCode);
    }

    private static void LowLimits(Dictionary<string, string?> settings)
    {
        settings["RateLimits__AdminPerMinute"] = PerMinute.ToString(System.Globalization.CultureInfo.InvariantCulture);
        settings["RateLimits__AnalyticsPerMinute"] = PerMinute.ToString(System.Globalization.CultureInfo.InvariantCulture);
        settings["RateLimits__FailedAuthenticationsPerMinute"] = PerMinute.ToString(System.Globalization.CultureInfo.InvariantCulture);
    }

    // Client addresses as the Functions host's proxy reports them (the last X-Forwarded-For entry is the trusted one).
    private const string Guesser = "203.0.113.66";
    private const string Admin = "198.51.100.7";
    private const string Analyst = "192.0.2.10";

    /// <summary>A client that keeps no cookies and follows no redirects: each request says exactly what it sends.</summary>
    private static HttpClient ClientOf(RunningIvr ivr) =>
        new(new SocketsHttpHandler { UseCookies = false, AllowAutoRedirect = false }) { BaseAddress = ivr.BaseAddress };

    private static HttpRequestMessage From(HttpMethod method, string path, string address, string? bearer = null, string? cookie = null)
    {
        var request = new HttpRequestMessage(method, path);
        // A forged entry first: only the last one, written by the proxy, may count.
        request.Headers.Add("X-Forwarded-For", $"10.9.8.7, {address}");
        if (bearer is not null)
        {
            request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", bearer);
        }

        if (cookie is not null)
        {
            request.Headers.Add("Cookie", cookie);
        }

        return request;
    }

    private static async Task<HttpStatusCode> StatusAsync(HttpClient http, string path, string address, string? bearer = null, string? cookie = null, string? expect = null)
    {
        using var response = await http.SendAsync(From(HttpMethod.Get, path, address, bearer, cookie));
        var body = await response.Content.ReadAsStringAsync();
        if (response.StatusCode == HttpStatusCode.TooManyRequests)
        {
            Assert.True(response.Headers.RetryAfter?.Delta > TimeSpan.Zero, "429 must say when to retry");
        }

        if (expect is not null)
        {
            Assert.Contains(expect, body, StringComparison.Ordinal);
        }

        return response.StatusCode;
    }

    private static async Task<HttpResponseMessage> PostSignInAsync(HttpClient http, string address, string key)
    {
        var request = From(HttpMethod.Post, "/dashboard/login", address);
        request.Content = new FormUrlEncodedContent([new("key", key)]);
        return await http.SendAsync(request);
    }

    private static async Task<HttpStatusCode> SignInAsync(HttpClient http, string address, string key)
    {
        using var response = await PostSignInAsync(http, address, key);
        return response.StatusCode;
    }
}
