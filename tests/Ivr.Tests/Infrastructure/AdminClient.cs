using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;

namespace Ivr.Tests.Infrastructure;

/// <summary>The admin API over real HTTP, with the test admin key unless told otherwise.</summary>
internal sealed class AdminClient(HttpClient http, string? key = IvrProcess.AdminKey)
{
    public static string LinePath(string number) => "/api/admin/lines/" + Uri.EscapeDataString(number);

    public Task<HttpResponseMessage> SendAsync(HttpMethod method, string path, string? json = null, string? ifMatch = null, string? withKey = null)
    {
        var request = new HttpRequestMessage(method, path);
        if (json is not null)
        {
            request.Content = new StringContent(json, Encoding.UTF8, "application/json");
        }

        if ((withKey ?? key) is { } bearer)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", bearer);
        }

        if (ifMatch is not null)
        {
            request.Headers.TryAddWithoutValidation("If-Match", ifMatch);
        }

        return http.SendAsync(request);
    }

    public Task<HttpResponseMessage> PutLineAsync(string number, string json, string? ifMatch = null) =>
        SendAsync(HttpMethod.Put, LinePath(number), json, ifMatch);

    public Task<HttpResponseMessage> GetLineAsync(string number) => SendAsync(HttpMethod.Get, LinePath(number));

    /// <summary>Creates a line and returns its ETag; fails the test with the problem text otherwise.</summary>
    public async Task<string> CreateLineAsync(string number, string json)
    {
        using var response = await PutLineAsync(number, json);
        var body = await response.Content.ReadAsStringAsync();
        if (response.StatusCode != HttpStatusCode.Created)
        {
            throw new InvalidOperationException($"Creating line {number} gave {(int)response.StatusCode}: {body}");
        }

        return response.Headers.ETag!.ToString();
    }

    public async Task<JsonNode> DryRunAsync(string number, string json)
    {
        using var response = await SendAsync(HttpMethod.Post, LinePath(number) + "/dry-run", json);
        var body = await response.Content.ReadAsStringAsync();
        return response.IsSuccessStatusCode ? JsonNode.Parse(body)! : throw new InvalidOperationException($"Dry run gave {(int)response.StatusCode}: {body}");
    }
}
