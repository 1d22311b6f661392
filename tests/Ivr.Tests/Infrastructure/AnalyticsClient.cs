using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;

namespace Ivr.Tests.Infrastructure;

/// <summary>The analytics API over real HTTP, with the test analyst key unless told otherwise.</summary>
internal sealed class AnalyticsClient(HttpClient http, string? key = IvrProcess.AnalystKey)
{
    public const string SummaryPath = "/api/analytics/summary";
    public const string HandoffsCsvPath = "/api/analytics/handoffs.csv";
    public const string FiguresCsvPath = "/api/analytics/figures.csv";

    /// <summary>A path with its query string; parameters without a value are left out.</summary>
    public static string WithQuery(string path, params (string Name, string? Value)[] parameters)
    {
        var given = parameters.Where(p => p.Value is not null).Select(p => Uri.EscapeDataString(p.Name) + "=" + Uri.EscapeDataString(p.Value!)).ToList();
        return given.Count == 0 ? path : path + "?" + string.Join('&', given);
    }

    /// <summary>The usual question: a line (URL-encoded, so + survives), local days and optional thresholds.</summary>
    public static (string Name, string? Value)[] Question(string? line, DateOnly from, DateOnly to, int? serviceLevelSeconds = null, int? shortAbandonSeconds = null) =>
    [
        ("line", line),
        ("from", Day(from)),
        ("to", Day(to)),
        ("serviceLevelSeconds", serviceLevelSeconds?.ToString(CultureInfo.InvariantCulture)),
        ("shortAbandonSeconds", shortAbandonSeconds?.ToString(CultureInfo.InvariantCulture)),
    ];

    public static string Day(DateOnly day) => day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    public Task<HttpResponseMessage> GetAsync(string pathAndQuery, string? withKey = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, pathAndQuery);
        if ((withKey ?? key) is { } bearer)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", bearer);
        }

        return http.SendAsync(request);
    }

    /// <summary>The summary for a line over local days; fails the test with the problem text unless 200.</summary>
    public async Task<JsonNode> SummaryAsync(string? line, DateOnly from, DateOnly to, int? serviceLevelSeconds = null, int? shortAbandonSeconds = null)
    {
        using var response = await GetAsync(WithQuery(SummaryPath, Question(line, from, to, serviceLevelSeconds, shortAbandonSeconds)));
        var body = await response.Content.ReadAsStringAsync();
        if (response.StatusCode != HttpStatusCode.OK)
        {
            throw new InvalidOperationException($"The summary gave {(int)response.StatusCode}: {body}");
        }

        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        return JsonNode.Parse(body)!;
    }

    /// <summary>A CSV download: its media type and its rows (the header first); fails the test unless 200.</summary>
    public async Task<(string? MediaType, List<string[]> Rows)> CsvAsync(string pathAndQuery)
    {
        using var response = await GetAsync(pathAndQuery);
        var body = await response.Content.ReadAsStringAsync();
        if (response.StatusCode != HttpStatusCode.OK)
        {
            throw new InvalidOperationException($"{pathAndQuery} gave {(int)response.StatusCode}: {body}");
        }

        return (response.Content.Headers.ContentType?.MediaType, ParseCsv(body));
    }

    /// <summary>RFC 4180: comma-separated, CRLF rows, fields with commas, quotes or line breaks in double quotes.</summary>
    public static List<string[]> ParseCsv(string text)
    {
        var rows = new List<string[]>();
        var row = new List<string>();
        var field = new StringBuilder();
        var quoted = false;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (quoted)
            {
                if (c == '"' && i + 1 < text.Length && text[i + 1] == '"')
                {
                    field.Append('"');
                    i++;
                }
                else if (c == '"')
                {
                    quoted = false;
                }
                else
                {
                    field.Append(c);
                }
            }
            else if (c == '"')
            {
                quoted = true;
            }
            else if (c == ',')
            {
                row.Add(field.ToString());
                field.Clear();
            }
            else if (c == '\r' && i + 1 < text.Length && text[i + 1] == '\n')
            {
                row.Add(field.ToString());
                field.Clear();
                rows.Add([.. row]);
                row.Clear();
                i++;
            }
            else
            {
                field.Append(c);
            }
        }

        if (field.Length > 0 || row.Count > 0)
        {
            row.Add(field.ToString());
            rows.Add([.. row]);
        }

        return rows;
    }
}
