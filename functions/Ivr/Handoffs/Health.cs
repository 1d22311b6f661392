using Ivr.Hosting;

namespace Ivr.Handoffs;

/// <summary>The write-behind buffer as the health endpoint reports it.</summary>
internal sealed record HealthReport(string Status, bool StorageReachable, int QueuedUpdates, int QueueCapacity, int PendingCalls, long DroppedUpdates);

/// <summary>
/// <c>GET /api/health</c>: whether hand-off records are keeping up. <c>degraded</c> while storage is unreachable (the
/// updates wait in memory); calls are answered either way. <c>losing-records</c> and 503 once any update was dropped,
/// for whatever reason (see <see cref="HandoffDrops"/>).
/// </summary>
internal static class Health
{
    public static IEndpointRouteBuilder MapHealth(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/health", (HandoffQueue queue, HandoffWriter writer, HandoffDrops drops) =>
            {
                var report = new HealthReport(
                    drops.Total > 0 ? "losing-records" : writer.StorageReachable ? "ok" : "degraded",
                    writer.StorageReachable,
                    queue.Depth,
                    HandoffQueue.Capacity,
                    writer.PendingCalls,
                    drops.Total);
                return TypedResults.Json(report, HandoffsJson.Plain.HealthReport, statusCode: report.DroppedUpdates > 0 ? StatusCodes.Status503ServiceUnavailable : StatusCodes.Status200OK);
            })
            .WithTags("Health")
            .WithSummary("Whether hand-off records keep up: storage reachable, updates queued and pending, updates dropped.")
            .Produces<HealthReport>()
            .Produces<HealthReport>(StatusCodes.Status503ServiceUnavailable)
            .AsFunction("Health", FunctionEndpoint.Function);
        return app;
    }
}

/// <summary>The health endpoint's JSON, generated at compile time.</summary>
[System.Text.Json.Serialization.JsonSourceGenerationOptions(System.Text.Json.JsonSerializerDefaults.Web)]
[System.Text.Json.Serialization.JsonSerializable(typeof(HealthReport))]
internal sealed partial class HandoffsJson : System.Text.Json.Serialization.JsonSerializerContext
{
    /// <summary>For answers: text as it is (<see cref="Hosting.PlainJson"/>).</summary>
    public static HandoffsJson Plain => field ??= new(Hosting.PlainJson.Options(Default.Options));
}
