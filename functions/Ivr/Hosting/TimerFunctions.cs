using System.Text.Json;
using System.Text.Json.Serialization;

namespace Ivr.Hosting;

/// <summary>Marks an endpoint as an Azure Functions timer trigger, declared in <c>functions/triggers/&lt;Name&gt;/function.json</c>.</summary>
internal sealed record TimerFunctionEndpoint(string Name);

/// <summary>
/// The handler's answer to a timer invocation (payload mode): no outputs, the run's summary as log lines. Any non-2xx
/// status fails the invocation, and the host retries on the next schedule.
/// </summary>
internal sealed record TimerRunResult(
    [property: JsonPropertyName("Outputs")] Dictionary<string, string> Outputs,
    [property: JsonPropertyName("Logs")] IReadOnlyList<string> Logs,
    [property: JsonPropertyName("ReturnValue")] string? ReturnValue);

internal static class TimerFunctions
{
    /// <summary>
    /// Serves the timer function <paramref name="name"/> the way the Functions host calls it: <c>POST /&lt;name&gt;</c> with
    /// a JSON payload (<c>{"Data":{"timer":{…}},"Metadata":{…}}</c>). The body is only read for <c>IsPastDue</c>.
    /// </summary>
    public static RouteHandlerBuilder MapTimerFunction(this IEndpointRouteBuilder app, string name, Func<IServiceProvider, CancellationToken, Task<string>> run) =>
        // Takes HttpRequest, not HttpContext: a lambda of HttpContext alone is taken for a RequestDelegate by the request
        // delegate generator, which then drops the returned result (an empty 200).
        app.MapPost("/" + name, async (HttpRequest request) =>
            {
                var pastDue = await IsPastDueAsync(request);
                var summary = await run(request.HttpContext.RequestServices, request.HttpContext.RequestAborted);
                var logs = pastDue ? new[] { summary, "This run was past due." } : [summary];
                return TypedResults.Json(new TimerRunResult([], logs, null), HostingJson.Plain.TimerRunResult);
            })
            .WithName(name)
            .WithMetadata(new TimerFunctionEndpoint(name))
            .ExcludeFromDescription();

    private static async Task<bool> IsPastDueAsync(HttpRequest request)
    {
        try
        {
            using var payload = await JsonDocument.ParseAsync(request.Body, cancellationToken: request.HttpContext.RequestAborted);
            return payload.RootElement.ValueKind == JsonValueKind.Object
                && payload.RootElement.TryGetProperty("Data", out var data) && data.ValueKind == JsonValueKind.Object
                && data.TryGetProperty("timer", out var timer) && timer.ValueKind == JsonValueKind.Object
                && timer.TryGetProperty("IsPastDue", out var pastDue) && pastDue.ValueKind == JsonValueKind.True;
        }
        catch (JsonException)
        {
            return false; // The payload only informs the log; the run goes ahead.
        }
    }
}
