using System.Net;
using System.Text;
using Ivr.Tests.Infrastructure;

namespace Ivr.Tests.Integration;

/// <summary>Rate limits on the APIs, never on calls; request size caps with clear 4xx answers.</summary>
[Collection(IvrWithStorageTests.Name)]
public sealed class RequestLimitTests(IvrWithStorage env)
{
    private const int PerMinute = 3;

    [Fact]
    public async Task EachKeyHasItsOwnWindowAndWrongKeysCannotUseUpARealOne()
    {
        await using var ivr = await env.StartIvrAsync(LowLimits, seedLines: false);
        var wrong = new AdminClient(ivr.Process.Http, key: "not-a-key-at-all-0123456789");

        var wrongAnswers = new List<HttpStatusCode>();
        for (var i = 0; i <= PerMinute; i++)
        {
            using var response = await wrong.SendAsync(HttpMethod.Get, "/api/admin/lines");
            wrongAnswers.Add(response.StatusCode);
        }

        var adminAnswers = new List<HttpStatusCode>();
        for (var i = 0; i <= PerMinute; i++)
        {
            using var response = await ivr.Admin.SendAsync(HttpMethod.Get, "/api/admin/lines");
            adminAnswers.Add(response.StatusCode);
            if (response.StatusCode == HttpStatusCode.TooManyRequests)
            {
                Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
                Assert.True(response.Headers.RetryAfter?.Delta > TimeSpan.Zero, "429 must say when to retry");
            }
        }

        // The analytics API has its own limit, so the admin key's spent window does not touch it.
        using var analytics = await new AnalyticsClient(ivr.Process.Http).GetAsync(AnalyticsClient.SummaryPath);

        Assert.Equal([.. Enumerable.Repeat(HttpStatusCode.Unauthorized, PerMinute), HttpStatusCode.TooManyRequests], wrongAnswers);
        Assert.Equal([.. Enumerable.Repeat(HttpStatusCode.OK, PerMinute), HttpStatusCode.TooManyRequests], adminAnswers);
        Assert.Equal(HttpStatusCode.OK, analytics.StatusCode);
    }

    [Fact]
    public async Task CallsAreNeverRateLimited()
    {
        await using var ivr = await env.StartIvrAsync(LowLimits);

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
        await using var ivr = await env.StartIvrAsync(seedLines: false);
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
    }
}
