using Azure.Data.Tables;
using Ivr.Tests.Infrastructure;

namespace Ivr.Tests.Integration;

/// <summary>
/// Sticky routing remembers who last answered each caller, in the <c>Callers</c> table, so a returning caller rings
/// them first. Only a person a line could ring is remembered: anything else a leg reports as its <c>To</c> would
/// replace that person with one no lookup accepts (or, when huge, make storage refuse the row).
/// </summary>
public sealed class StickyMemoryTests(IvrWithStorage env) : IClassFixture<IvrWithStorage>
{
    private const string StickyLine = "+31201110007";

    [Fact]
    public async Task AnAnswerBySomethingThatIsNoRingTargetLeavesTheCallersLastPersonRemembered()
    {
        var table = HandoffRecords.UniqueTableName();
        await using var ivr = await env.StartInProcessAsync(seedLines: false, table: table);
        await ivr.Admin.CreateLineAsync(StickyLine, $$"""
            {
              "timeZone": "Europe/Amsterdam",
              "ringGroups": [{ "name": "Team", "members": ["{{IvrWithStorage.SupportAgent}}", "client:{{IvrWithStorage.SupportClient}}"] }],
              "sticky": { "withinDays": 30, "ringTimeoutSeconds": 8 }
            }
            """);
        var callers = new TableClient(env.Azurite.ConnectionString, table + "Callers");
        const string Returning = "+31611113333";
        const string Other = "+31611114444";

        var first = new SimulatedCall(ivr.Twilio, StickyLine, Returning);
        await first.ArriveAsync();
        await first.AnswerAsync(IvrWithStorage.SupportAgent);
        var returningHash = (await ivr.Records.WaitForAsync(first.CallSid, r => r.GetString("AnsweredBy") is not null)).GetString("CallerHash");
        await WaitForRememberedAsync(callers, returningHash, IvrWithStorage.SupportAgent);

        // Answered twice more by what no line could ring: a short odd To and a huge one.
        foreach (var odd in new[] { "not a person", "+" + new string('1', 40_000) })
        {
            var again = new SimulatedCall(ivr.Twilio, StickyLine, Returning);
            await again.ArriveAsync();
            await again.AnswerAsync(odd);
            await ivr.Records.WaitForAsync(again.CallSid, r => r.GetString("AnsweredBy") is not null);
        }

        // Another caller's answer, remembered after those two were (one background writer, in order).
        var other = new SimulatedCall(ivr.Twilio, StickyLine, Other);
        await other.ArriveAsync();
        await other.AnswerAsync("client:" + IvrWithStorage.SupportClient);
        var otherHash = (await ivr.Records.WaitForAsync(other.CallSid, r => r.GetString("AnsweredBy") is not null)).GetString("CallerHash");
        await WaitForRememberedAsync(callers, otherHash, "client:" + IvrWithStorage.SupportClient);

        var remembered = await callers.GetEntityAsync<TableEntity>(StickyLine, returningHash);
        Assert.Equal(IvrWithStorage.SupportAgent, remembered.Value.GetString("AnsweredBy"));
    }

    private static async Task WaitForRememberedAsync(TableClient callers, string? callerHash, string person)
    {
        var deadline = Environment.TickCount64 + 10_000;
        string? last = null;
        while (Environment.TickCount64 < deadline)
        {
            try
            {
                var found = await callers.GetEntityIfExistsAsync<TableEntity>(StickyLine, callerHash!);
                last = found.HasValue ? found.Value!.GetString("AnsweredBy") : null;
                if (last == person)
                {
                    return;
                }
            }
            catch (Azure.RequestFailedException ex) when (ex.Status == 404)
            {
                // The table is made on the first write.
            }

            await Task.Delay(100);
        }

        throw new TimeoutException($"The caller was never remembered as answered by {person}; last seen: {last ?? "(none)"}.");
    }
}
