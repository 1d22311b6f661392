using System.Net;
using Ivr.Tests.Infrastructure;

namespace Ivr.Tests.Hostile;

/// <summary>
/// Names admins give (a ring group) and what Twilio reports (who answered) end up in CSV exports, which analysts open
/// in spreadsheets: in a comma locale, or in a Dutch or German one that splits cells on semicolons. No cell of an
/// export may start a formula either way.
/// </summary>
public sealed class CsvInjectionTests(IvrWithStorage env) : IClassFixture<IvrWithStorage>
{
    private const string Line = "+31201110008";
    private const string Group = "Desk;=1+1";
    private const string Person = "Agent;-2+3,@SUM(1)";

    private static readonly TimeZoneInfo Amsterdam = TimeZoneInfo.FindSystemTimeZoneById("Europe/Amsterdam");

    [Fact]
    public async Task NoExportedCellStartsAFormulaWhenSplitOnCommasOrOnSemicolons()
    {
        await using var ivr = await env.StartInProcessAsync(seedLines: false);
        await ivr.Admin.CreateLineAsync(Line, $$"""
            { "timeZone": "Europe/Amsterdam", "ringGroups": [{ "name": "{{Group}}", "members": ["{{IvrWithStorage.SupportAgent}}"] }] }
            """);
        var call = new SimulatedCall(ivr.Twilio, Line);
        await call.ArriveAsync();
        await call.AnswerAsync(Person);
        await call.DialEndsAsync("completed", bridged: true);
        await call.EndAsync();
        await ivr.Records.WaitForAsync(call.CallSid, r => r.GetString("EndStatus") is not null && r.GetString("AnsweredGroup") == Group);
        var today = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(TimeProvider.System.GetUtcNow(), Amsterdam).DateTime);
        var analytics = new AnalyticsClient(ivr.Http);

        var exports = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (path, line, by) in new[]
        {
            (AnalyticsClient.HandoffsCsvPath, Line, (string?)null),
            (AnalyticsClient.FiguresCsvPath, null, "ringGroup"),
            (AnalyticsClient.FiguresCsvPath, null, "person"),
        })
        {
            var query = AnalyticsClient.WithQuery(path, [.. AnalyticsClient.Question(line, today.AddDays(-1), today), ("by", by)]);
            using var response = await analytics.GetAsync(query);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            exports[query] = await response.Content.ReadAsStringAsync();
        }

        foreach (var (query, csv) in exports)
        {
            // The exports hold the text, each formula in it neutralised.
            var cells = AnalyticsClient.ParseCsv(csv).SelectMany(row => row).ToList();
            Assert.Contains(cells, c => (c.Contains("Desk;", StringComparison.Ordinal) && c.Contains("=1+1", StringComparison.Ordinal)) || c.StartsWith("Agent;", StringComparison.Ordinal));

            foreach (var separators in new[] { new[] { ',', '\r', '\n' }, [';', '\r', '\n'] })
            {
                var formulas = csv.Split(separators).Where(StartsFormula).ToList();
                Assert.True(formulas.Count == 0, $"{query}, split on '{separators[0]}': cells starting a formula: {string.Join(" | ", formulas)}\n{csv}");
            }
        }
    }

    /// <summary>
    /// A formula character first, quote marks set aside. A plain number (the line's <c>+31…</c>) is data, also when it
    /// begins the cell a semicolon spreadsheet makes of a row's comma-separated fields.
    /// </summary>
    private static bool StartsFormula(string cell)
    {
        var start = cell.TrimStart('"');
        if (start.Length == 0 || start[0] is not ('=' or '+' or '-' or '@' or '\t' or '\r'))
        {
            return false;
        }

        var number = start.Split(',')[0];
        return !(number.Length > 1 && number[0] is '+' or '-' && number[1..].All(c => char.IsAsciiDigit(c) || c == '.'));
    }
}
