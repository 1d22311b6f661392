using System.Globalization;
using System.Net;
using System.Text.RegularExpressions;
using Ivr.Tests.Infrastructure;

namespace Ivr.Tests.Hostile;

/// <summary>
/// With every log category at Trace, a whole day's worth of traffic (calls answered, returning and leaving a message,
/// admin changes, a dry run, analytics, forged and malformed webhooks) leaves neither a caller's number nor any
/// secret in the process's output.
/// </summary>
public sealed partial class LogRedactionTests(IvrWithStorage env) : IClassFixture<IvrWithStorage>
{
    private const string Caller = "+31687654321";

    private static readonly string[] Categories = ["Default", "Microsoft", "Microsoft.AspNetCore", "Microsoft.Extensions", "System", "Polly", "Azure", "Ivr"];
    private const string StickyLine = "+31201110004";

    private const string StickyRules = """
        {
          "name": "Sticky line",
          "timeZone": "Europe/Amsterdam",
          "greeting": "Welcome.",
          "menu": { "prompt": "For sales press 1.", "options": { "1": "Sales" } },
          "sticky": { "withinDays": 30 },
          "ringGroups": [
            { "name": "Desk", "members": ["+31612345678"], "ringTimeoutSeconds": 5 },
            { "name": "Sales", "members": ["client:bob"], "ringTimeoutSeconds": 5 }
          ]
        }
        """;

    [Fact]
    public async Task NeitherTheCallersNumberNorAnySecretIsEverLoggedEvenAtTrace()
    {
        await using var ivr = await env.StartIvrAsync(settings =>
        {
            foreach (var category in Categories)
            {
                settings["Logging__LogLevel__" + category] = "Trace";
            }
        });
        var admin = ivr.Admin;
        await admin.CreateLineAsync(StickyLine, StickyRules);

        // A caller presses 1, Sales answers, the call ends.
        var first = new SimulatedCall(ivr.Twilio, StickyLine, Caller);
        await first.ArriveAsync();
        await first.PressAsync('1');
        await first.AnswerAsync("client:bob");
        await first.DialEndsAsync("completed", bridged: true);
        await first.EndAsync();
        await ivr.Records.WaitForAsync(first.CallSid, r => r.GetString("EndStatus") is not null && r.GetString("AnsweredBy") is not null);

        // They call again (sticky routing looks them up), nobody answers, they leave a message.
        var second = new SimulatedCall(ivr.Twilio, StickyLine, Caller);
        var twiml = await second.ArriveAsync();
        for (var i = 0; i < 5 && twiml.Root!.Element("Record") is null; i++)
        {
            twiml = await second.DialEndsAsync("no-answer", bridged: false);
        }

        await second.LeaveVoicemailAsync(twiml.Root!.Element("Record")!.Attribute("action")!.Value);
        await second.EndAsync();

        // A call on the support line, answered; and one that hangs up while ringing.
        var third = new SimulatedCall(ivr.Twilio, IvrWithStorage.SupportLine, Caller);
        await third.ArriveAsync();
        await third.AnswerAsync(IvrWithStorage.SupportAgent);
        await third.DialEndsAsync("completed", bridged: true);
        await third.EndAsync();
        var fourth = new SimulatedCall(ivr.Twilio, IvrWithStorage.SupportLine, Caller);
        await fourth.ArriveAsync();
        await fourth.EndAsync("canceled");

        // Forged, unsigned and malformed webhooks from the same caller.
        using (var forged = await new TwilioWebhooks(ivr.Process.Http, env.Oracle, TwilioWebhooks.PublicBaseUrl, "not-the-auth-token-0123456789").PostAsync(
            "/api/voice/incoming", first.IncomingForm()))
        {
            Assert.Equal(HttpStatusCode.Forbidden, forged.StatusCode);
        }

        using (var unsigned = await ivr.Twilio.PostUnsignedAsync("/api/voice/incoming", first.IncomingForm()))
        {
            Assert.Equal(HttpStatusCode.Forbidden, unsigned.StatusCode);
        }

        using (var malformed = await ivr.Twilio.PostAsync("/api/voice/incoming", [new("From", Caller), new("Caller", Caller), new("To", IvrWithStorage.SupportLine)]))
        {
            Assert.Equal(HttpStatusCode.BadRequest, malformed.StatusCode);
        }

        // An admin replaces a line (with the caller as a VIP), tries a dry run from the caller, and reads the history.
        using (var read = await admin.GetLineAsync(IvrWithStorage.SupportLine))
        {
            var rules = IvrWithStorage.SupportRules.TrimEnd().TrimEnd('}') + $$""", "vipCallers": [{ "number": "{{Caller}}", "ringGroup": "Support" }] }""";
            using var replaced = await admin.PutLineAsync(IvrWithStorage.SupportLine, rules, read.Headers.ETag!.ToString());
            Assert.Equal(HttpStatusCode.OK, replaced.StatusCode);
        }

        await admin.DryRunAsync(StickyLine, $$"""{ "from": "{{Caller}}", "digits": "1" }""");
        using (var history = await admin.SendAsync(HttpMethod.Get, AdminClient.LinePath(IvrWithStorage.SupportLine) + "/versions"))
        {
            Assert.Equal(HttpStatusCode.OK, history.StatusCode);
        }

        using (var wrongKey = await admin.SendAsync(HttpMethod.Get, "/api/admin/lines", withKey: IvrProcess.AdminKey + "x"))
        {
            Assert.Equal(HttpStatusCode.Unauthorized, wrongKey.StatusCode);
        }

        // An analyst reads the figures and the records.
        var analytics = new AnalyticsClient(ivr.Process.Http);
        var today = DateOnly.FromDateTime(TimeProvider.System.GetUtcNow().UtcDateTime);
        await analytics.SummaryAsync(StickyLine, today.AddDays(-1), today.AddDays(1));
        await analytics.CsvAsync(AnalyticsClient.WithQuery(AnalyticsClient.HandoffsCsvPath, AnalyticsClient.Question(IvrWithStorage.SupportLine, today.AddDays(-1), today.AddDays(1))));
        using (var analystWrongKey = await analytics.GetAsync(AnalyticsClient.SummaryPath, withKey: IvrProcess.AnalystKey + "x"))
        {
            Assert.Equal(HttpStatusCode.Unauthorized, analystWrongKey.StatusCode);
        }

        await ivr.Records.WaitForAsync(fourth.CallSid, r => r.GetString("EndStatus") is not null);
        await ivr.Records.WaitForAsync(second.CallSid, r => r.GetString("VoicemailUrl") is not null && r.GetString("EndStatus") is not null);
        await ivr.Process.StopGracefullyAsync();
        var output = ivr.Process.Output;

        // The log did capture this traffic, at the most detailed levels.
        Assert.Contains(first.CallSid, output, StringComparison.Ordinal);
        Assert.Matches(DetailedLevel(), output);

        var accountKey = AccountKey().Match(env.Azurite.ConnectionString).Groups["key"].Value;
        Assert.NotEmpty(accountKey);
        var forbidden = new (string What, string Text)[]
        {
            ("the caller's number", Caller),
            ("the caller's number without +", Caller[1..]),
            ("the caller's number URL-encoded", "%2B" + Caller[1..]),
            ("the caller's number URL-encoded (lower case)", "%2b" + Caller[1..]),
            ("the caller's number in national form", "0" + Caller[3..]),
            ("the caller's subscriber number", Caller[3..]),
            ("the Twilio auth token", IvrProcess.AuthToken),
            ("the admin key", IvrProcess.AdminKey),
            ("the analyst key", IvrProcess.AnalystKey),
            ("the caller hash key", IvrProcess.CallerHashKey),
            ("the storage account key", accountKey),
            ("the start of the storage account key", accountKey[..20]),
        };
        var leaks = forbidden
            .SelectMany(f => output.Split('\n').Where(line => line.Contains(f.Text, StringComparison.Ordinal)).Select(line => $"{f.What} ({f.Text}) in: {line}"))
            .ToList();
        Assert.True(leaks.Count == 0, $"{leaks.Count} log lines leak:\n" + string.Join("\n", leaks.Distinct().Take(40)));
        Assert.True(output.Length > 10_000, $"Only {output.Length.ToString(CultureInfo.InvariantCulture)} characters of output: was anything logged?");
    }

    [GeneratedRegex(@"\b(dbug|trce): ")]
    private static partial Regex DetailedLevel();

    [GeneratedRegex("AccountKey=(?<key>[^;]+)")]
    private static partial Regex AccountKey();
}
