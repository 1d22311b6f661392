using System.Net;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Ivr.Tests.Infrastructure;

namespace Ivr.Tests.Deploy;

/// <summary>
/// Every feature once, against a published build: what trimming or Native AOT can break only at run time
/// (reflection, generic code, JSON contracts) shows up here as a failed step or a logged failure.
/// </summary>
internal static partial class PublishedFeatureTour
{
    public static async Task RunAsync(RunningIvr ivr)
    {
        var http = ivr.Process.Http;

        // Voice: a full call, recorded in Table Storage (entities read and written through Azure.Data.Tables).
        var (twiml, record) = await ivr.AnsweredCallAsync();
        Assert.Equal(IvrWithStorage.SupportAgent, twiml.Root!.Element("Dial")!.Element("Number")!.Value);
        Assert.Equal("answered", record.GetString("Outcome"));
        Assert.Equal(IvrWithStorage.SupportAgent, record.GetString("AnsweredBy"));

        // Admin: read, list, history, dry run, and a 400 naming the field.
        Assert.Equal("Support", (await JsonAsync(await ivr.Admin.GetLineAsync(IvrWithStorage.SupportLine)))["name"]!.GetValue<string>());
        Assert.Equal(2, (await JsonAsync(await ivr.Admin.SendAsync(HttpMethod.Get, "/api/admin/lines"))).AsArray().Count);
        Assert.Single((await JsonAsync(await ivr.Admin.SendAsync(HttpMethod.Get, AdminClient.LinePath(IvrWithStorage.SupportLine) + "/versions"))).AsArray());
        Assert.Equal(1, (await JsonAsync(await ivr.Admin.SendAsync(HttpMethod.Get, AdminClient.LinePath(IvrWithStorage.SupportLine) + "/versions/1")))["version"]!.GetValue<int>());
        var dryRun = await ivr.Admin.DryRunAsync(IvrWithStorage.SupportLine, """{"from":"+31611112222"}""");
        Assert.Contains(IvrWithStorage.SupportAgent, dryRun["twiml"]!.GetValue<string>(), StringComparison.Ordinal);
        using (var bad = await ivr.Admin.PutLineAsync("+31209999999", """{"timeZone":"Mars/Olympus","ringGroups":[]}"""))
        {
            Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
            Assert.Equal("application/problem+json", bad.Content.Headers.ContentType?.MediaType);
            Assert.Contains("timeZone", await bad.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }

        // Analytics, timers, health, self-test, the OpenAPI document and the dashboard.
        var analytics = new AnalyticsClient(http);
        var today = DateOnly.FromDateTime(TimeProvider.System.GetUtcNow().UtcDateTime);
        var summary = await analytics.SummaryAsync(IvrWithStorage.SupportLine, today.AddDays(-1), today.AddDays(1));
        Assert.Equal(1, summary["totals"]!["answered"]!.GetValue<int>());
        var (csvType, rows) = await analytics.CsvAsync(AnalyticsClient.WithQuery(AnalyticsClient.HandoffsCsvPath, AnalyticsClient.Question(IvrWithStorage.SupportLine, today.AddDays(-1), today.AddDays(1))));
        Assert.Equal("text/csv", csvType);
        Assert.Equal(2, rows.Count);
        using (var timer = await http.PostAsync("/RollupHandoffs", new StringContent("""{"Data":{"timer":{"IsPastDue":false}},"Metadata":{}}""", System.Text.Encoding.UTF8, "application/json")))
        {
            Assert.NotEmpty((await JsonAsync(timer))["Logs"]!.AsArray());
        }

        Assert.Equal("ok", (await JsonAsync(await http.GetAsync("/api/health")))["status"]!.GetValue<string>());
        Assert.NotEmpty((await JsonAsync(await ivr.Admin.SendAsync(HttpMethod.Get, "/api/self-test")))["checks"]!.AsArray());
        Assert.NotNull((await JsonAsync(await http.GetAsync("/openapi/v1.json")))["paths"]!["/api/admin/lines"]);
        using (var login = await http.PostAsync("/dashboard/login", new FormUrlEncodedContent([new("key", IvrProcess.AnalystKey)])))
        {
            Assert.True(login.StatusCode is HttpStatusCode.OK or HttpStatusCode.SeeOther or HttpStatusCode.Found, $"sign-in: {login.StatusCode}");
        }

        Assert.DoesNotMatch(FailedLog(), ivr.Process.Output);
    }

    private static async Task<JsonNode> JsonAsync(HttpResponseMessage response)
    {
        using (response)
        {
            var body = await response.Content.ReadAsStringAsync();
            Assert.True(response.IsSuccessStatusCode, $"{response.RequestMessage?.RequestUri}: {(int)response.StatusCode} {body}");
            return JsonNode.Parse(body)!;
        }
    }

    [GeneratedRegex(@"\b(fail|crit): ")]
    private static partial Regex FailedLog();
}
