using System.Net.Http.Json;
using System.Text.Json;

namespace Ivr.Tests.Reliability;

/// <summary>What <c>GET /api/health</c> reports about the write-behind buffer.</summary>
internal sealed record HealthReport(string Status, bool StorageReachable, int QueuedUpdates, int QueueCapacity, int PendingCalls, long DroppedUpdates)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public static async Task<(int Status, HealthReport? Report)> ReadAsync(HttpClient http, Uri ivr)
    {
        using var response = await http.GetAsync(new Uri(ivr, "/api/health"));
        return ((int)response.StatusCode, await response.Content.ReadFromJsonAsync<HealthReport>(Json));
    }
}
