using System.Net;
using System.Text.Json.Nodes;
using System.Xml.Linq;
using Azure.Data.Tables;
using Ivr.Tests.Infrastructure;

namespace Ivr.Tests.Hostile;

/// <summary>
/// Line numbers and CallSids become table keys and OData filters. Hostile values (quotes that would close a filter's
/// string, characters table keys forbid, look-alikes of real lines) are refused or put in the <c>unknown</c> partition;
/// they never read or write another line's rows. Tables are checked directly with Azure.Data.Tables.
/// </summary>
public sealed class TableKeyTests(IvrWithStorage env) : IClassFixture<IvrWithStorage>
{
    /// <summary>
    /// Line numbers that would escape an unescaped OData filter, or that table keys cannot hold. (A NUL in the path is
    /// refused by Kestrel itself with an empty 400, before Ivr runs.)
    /// </summary>
    private static readonly string[] HostileNumbers =
    [
        "+31' or PartitionKey ne '",
        "+31201234567' or '1' eq '1",
        "+31201234567' or true or '",
        "' or ''='",
        "+31201234567/versions",
        "+31201234567/../+31207654321",
        "+31201234567#",
        "+31201234567?line=+31207654321",
        "+31201234567\\",
        "+31201234567\n",
        "+31201234567\u0000",
        "+31201234567 ",
        "+３１２０１２３４５６７",
        "unknown",
        "+3120123456789012345",
        "%2B31201234567",
    ];

    [Fact]
    public async Task TheAdminApiRefusesHostileLineNumbersAndTouchesNoOtherLinesRows()
    {
        var table = HandoffRecords.UniqueTableName();
        await using var ivr = await env.StartInProcessAsync(table: table);
        var linesBefore = await RowsAsync(table + "Lines");
        var failures = new List<string>();

        foreach (var number in HostileNumbers)
        {
            var path = AdminClient.LinePath(number);
            var requests = new (HttpMethod Method, string Path, string? Body, string? IfMatch)[]
            {
                (HttpMethod.Get, path, null, null),
                (HttpMethod.Put, path, IvrWithStorage.SupportRules, null),
                (HttpMethod.Put, path, IvrWithStorage.SupportRules, "*"),
                (HttpMethod.Delete, path, null, "*"),
                (HttpMethod.Get, path + "/versions", null, null),
                (HttpMethod.Get, path + "/versions/1", null, null),
                (HttpMethod.Post, path + "/versions/1/restore", null, "*"),
                (HttpMethod.Post, path + "/dry-run", "{}", null),
                (HttpMethod.Post, path + "/dry-run", $$"""{ "rules": {{IvrWithStorage.SupportRules}} }""", null),
            };
            foreach (var (method, requestPath, body, ifMatch) in requests)
            {
                using var response = await ivr.Admin.SendAsync(method, requestPath, body, ifMatch);
                var text = await response.Content.ReadAsStringAsync();
                var status = (int)response.StatusCode;
                if (status is not (400 or 404 or 405))
                {
                    failures.Add($"{method} {requestPath}: {status} {text}");
                }
                else if (status == 400 && !NamesField(text, "number", "rules.number") && !(number.Contains('\0', StringComparison.Ordinal) && text.Length == 0))
                {
                    failures.Add($"{method} {requestPath}: 400 that does not name the number: {text}");
                }
            }
        }

        Assert.True(failures.Count == 0, "Hostile line numbers were not refused:\n" + string.Join("\n", failures));

        // Nothing was written, and the real lines are as they were.
        var linesAfter = await RowsAsync(table + "Lines");
        Assert.Equal(Describe(linesBefore), Describe(linesAfter));
        using var list = await ivr.Admin.SendAsync(HttpMethod.Get, "/api/admin/lines");
        var numbers = JsonNode.Parse(await list.Content.ReadAsStringAsync())!.AsArray().Select(l => l!["number"]!.GetValue<string>());
        Assert.Equal([IvrWithStorage.SupportLine, IvrWithStorage.GoodbyeLine], numbers.Order(StringComparer.Ordinal));
    }

    [Theory]
    [InlineData("/api/analytics/summary")]
    [InlineData("/api/analytics/handoffs.csv")]
    [InlineData("/api/analytics/figures.csv")]
    public async Task AnalyticsRefusesAHostileLineNamingLine(string path)
    {
        await using var ivr = await env.StartInProcessAsync();
        var analytics = new AnalyticsClient(ivr.Http);
        var failures = new List<string>();
        foreach (var line in HostileNumbers.Where(n => n.Trim() != "unknown").Append("+31' or true or '"))
        {
            using var response = await analytics.GetAsync(AnalyticsClient.WithQuery(path, ("line", line)));
            var text = await response.Content.ReadAsStringAsync();
            var trimmed = line.Trim();
            if (trimmed == IvrWithStorage.SupportLine)
            {
                // Surrounding white space is trimmed; what is left is a real line, and that is its answer.
                continue;
            }

            if (response.StatusCode != HttpStatusCode.BadRequest || !NamesField(text, "line"))
            {
                failures.Add($"line={RawWebhooks.Visible(line)}: {(int)response.StatusCode} {text[..Math.Min(text.Length, 300)]}");
            }
        }

        Assert.True(failures.Count == 0, $"{path} did not refuse hostile lines with a 400 naming 'line':\n" + string.Join("\n", failures));
    }

    /// <summary>
    /// Called numbers that are no line: the call still gets TwiML (the fallback) and its record goes to <c>unknown</c>.
    /// (No NUL: ASP.NET Core's form reader refuses a form holding one with 400 before Ivr runs; Twilio never sends one.)
    /// </summary>
    private static readonly string[] HostileCalledNumbers =
    [
        "+31201234567' or '1' eq '1",
        "' or PartitionKey ne '",
        "+31201234567/x",
        "+31201234567#",
        "+31201234567?x=1",
        "+31201234567\\",
        "+31201234567\n",
        "+31201234567\r\n",
        "+31 20 123 4567",
        "+３１２０１２３４５６７",
        "sip:+31201234567@ivr.example.test",
        "Unknown",
        "unknown",
        "",
    ];

    [Fact]
    public async Task CallsToHostileNumbersGetTheFallbackAndTheirRecordsLandInUnknownOnly()
    {
        await using var ivr = await env.StartInProcessAsync();
        var calls = new List<(SimulatedCall Call, string To)>();
        var failures = new List<string>();
        foreach (var to in HostileCalledNumbers)
        {
            var call = new SimulatedCall(ivr.Twilio, to);
            var twiml = await call.ArriveAsync();
            var numbers = twiml.Root!.Descendants().Where(e => e.Name.LocalName == "Number").Select(e => e.Value).ToList();
            if (numbers.Count != 1 || numbers[0] != IvrProcess.FallbackNumber)
            {
                failures.Add($"To={RawWebhooks.Visible(to)} rang [{string.Join(", ", numbers)}], not just the fallback number: {twiml}");
            }

            // The rest of the call: the dial ends, then the call (the second without any key in its URL).
            await call.DialEndsAsync("no-answer", bridged: false);
            await call.EndAsync();
            calls.Add((call, to));
        }

        Assert.True(failures.Count == 0, string.Join("\n", failures));
        foreach (var (call, to) in calls)
        {
            var record = await ivr.Records.WaitForAsync(call.CallSid, r => r.GetString("EndStatus") is not null && r.GetString("DialStatus") is not null);
            Assert.True(record.PartitionKey == "unknown" && record.GetString("Line") == "unknown", $"To={RawWebhooks.Visible(to)}: {HandoffRecords.Describe(record)}");
            Assert.Equal("fallback", record.GetString("Route"));
        }

        var rows = await ivr.Records.AllAsync();
        Assert.All(rows, row => Assert.Equal("unknown", row.PartitionKey));
        Assert.Equal(calls.Count, rows.Count);
    }

    private static readonly string[] HostileLineParameters =
    [
        "+31207654321'",
        "+31207654321' or '1' eq '1",
        "' or PartitionKey ne '",
        "+31207654321\u0000",
        "+31207654321/x",
        "+31207654321#",
        "unknown'",
        "+31207654321 ",
        "%2B31207654321",
        "+３１２０７６５４３２１",
    ];

    [Fact]
    public async Task ACallbackUrlWithAHostileLineIsIgnoredAndWritesNoOtherPartition()
    {
        await using var ivr = await env.StartInProcessAsync();
        var failures = new List<string>();
        var calls = new List<SimulatedCall>();
        foreach (var hostile in HostileLineParameters)
        {
            var call = ivr.NewCall();
            await call.ArriveAsync();
            var arrived = ArrivedIn(call.DialAction);
            var query = $"?line={Uri.EscapeDataString(hostile)}&arrived={arrived}";

            // Each callback, with the hostile line in place of the real one (and signed so: only the value is hostile).
            using (var leg = await call.PostOnLegAsync("/api/voice/leg-status" + query, SimulatedCall.NewSid("CA"), IvrWithStorage.SupportAgent,
                ("CallStatus", "in-progress"), ("CallbackSource", "call-progress-events")))
            {
                if (leg.StatusCode != HttpStatusCode.NoContent)
                {
                    failures.Add($"leg-status with line={RawWebhooks.Visible(hostile)}: {(int)leg.StatusCode}");
                }
            }

            var afterDial = await call.PostAsync("/api/voice/dial-ended" + query, ("CallStatus", "in-progress"), ("DialCallStatus", "no-answer"), ("DialBridged", "false"));
            if (afterDial.Root?.Name.LocalName != "Response")
            {
                failures.Add($"dial-ended with line={RawWebhooks.Visible(hostile)} answered {afterDial}");
            }

            using (var status = await ivr.Twilio.PostAsync("/api/voice/call-status" + query,
                [new("CallSid", call.CallSid), new("From", call.Caller), new("To", call.Line), new("CallStatus", "completed")]))
            {
                if (status.StatusCode != HttpStatusCode.NoContent)
                {
                    failures.Add($"call-status with line={RawWebhooks.Visible(hostile)}: {(int)status.StatusCode}");
                }
            }

            calls.Add(call);
        }

        Assert.True(failures.Count == 0, string.Join("\n", failures));

        // Each call's facts went to its own record, found by the called line, in the line's own partition.
        foreach (var call in calls)
        {
            var record = await ivr.Records.WaitForAsync(call.CallSid, r => r.GetString("EndStatus") is not null && r.GetString("DialStatus") is not null);
            Assert.Equal(IvrWithStorage.SupportLine, record.PartitionKey);
        }

        await Task.Delay(500);
        var rows = await ivr.Records.AllAsync();
        Assert.True(rows.All(r => r.PartitionKey == IvrWithStorage.SupportLine), "Rows outside the called line's partition:\n" + string.Join("\n", rows.Where(r => r.PartitionKey != IvrWithStorage.SupportLine).Select(HandoffRecords.Describe)));
        Assert.Equal(calls.Count, rows.Count);

        // The answers whose URL named no usable line were not credited to anyone.
        Assert.All(rows, row => Assert.Null(row.GetString("AnsweredBy")));
    }

    private static string ArrivedIn(string url)
    {
        var query = System.Web.HttpUtility.ParseQueryString(url[(url.IndexOf('?', StringComparison.Ordinal) + 1)..]);
        return query["arrived"] ?? throw new InvalidOperationException("No arrived in " + url);
    }

    private static bool NamesField(string problemJson, params string[] fields)
    {
        try
        {
            return JsonNode.Parse(problemJson)?["errors"] is JsonObject errors && fields.Any(errors.ContainsKey);
        }
        catch (System.Text.Json.JsonException)
        {
            return false;
        }
    }

    private async Task<List<TableEntity>> RowsAsync(string table)
    {
        var client = new TableClient(env.Azurite.ConnectionString, table);
        var rows = new List<TableEntity>();
        await foreach (var row in client.QueryAsync<TableEntity>())
        {
            rows.Add(row);
        }

        return rows;
    }

    private static List<string> Describe(List<TableEntity> rows) =>
        rows.Select(r => r.PartitionKey + "|" + r.RowKey + "|" + r.ETag).Order(StringComparer.Ordinal).ToList();
}
