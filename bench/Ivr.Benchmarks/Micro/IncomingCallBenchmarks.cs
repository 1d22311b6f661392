using BenchmarkDotNet.Attributes;
using Ivr.Benchmarks.Samples;
using Ivr.Handoffs;
using Ivr.Voice;
using Microsoft.AspNetCore.Routing;

namespace Ivr.Benchmarks.Micro;

/// <summary>
/// The whole incoming-call endpoint in process, without Kestrel or the router: the endpoint's own request delegate
/// (parameter binding, the voice group's filters, the handler, the TwiML result) on a fresh request carrying the
/// signed form body, in a request scope. The hand-off update it queues is taken off again, as the writer would.
/// </summary>
[MemoryDiagnoser]
public class IncomingCallBenchmarks
{
    private WebApplication app = null!;
    private IServiceScopeFactory scopes = null!;
    private RequestDelegate endpoint = null!;
    private HandoffQueue queue = null!;
    private byte[] body = null!;
    private MemoryStream responseBody = null!;

    [GlobalSetup]
    public async Task SetupAsync()
    {
        // Stopped at an open instant, so the line is open whenever the benchmark runs.
        app = VoiceServices.Build(new FixedTime(SampleLine.OpenInstant));
        scopes = app.Services.GetRequiredService<IServiceScopeFactory>();
        queue = app.Services.GetRequiredService<HandoffQueue>();
        endpoint = ((IEndpointRouteBuilder)app).DataSources
            .SelectMany(source => source.Endpoints)
            .OfType<RouteEndpoint>()
            .Single(e => e.RoutePattern.RawText?.TrimEnd('/').EndsWith(VoiceApi.Prefix + VoiceApi.IncomingRoute, StringComparison.Ordinal) == true)
            .RequestDelegate!;
        body = IncomingCallForm.Body();
        responseBody = new MemoryStream();

        // One call must be answered with the line's dial and queue one arrival, or the figures mean nothing.
        var status = await Answer();
        var xml = System.Text.Encoding.UTF8.GetString(responseBody.GetBuffer(), 0, (int)responseBody.Length);
        if (status != StatusCodes.Status200OK || !xml.Contains("<Client", StringComparison.Ordinal) || xml.Contains(SampleLine.FallbackNumber, StringComparison.Ordinal) || app.Services.GetRequiredService<HandoffDrops>().Total != 0)
        {
            throw new InvalidOperationException($"The incoming call was not answered with the line's dial ({status}): {xml}");
        }
    }

    [GlobalCleanup]
    public async Task CleanupAsync()
    {
        await responseBody.DisposeAsync();
        await app.DisposeAsync();
    }

    [Benchmark]
    public async Task<int> Answer()
    {
        await using var scope = scopes.CreateAsyncScope();
        var context = IncomingCallForm.Request(body, scope.ServiceProvider);
        responseBody.SetLength(0);
        context.Response.Body = responseBody;
        await endpoint(context);
        while (queue.TryRead(out _))
        {
            // The writer is not running: keep the queue from filling up across iterations.
        }

        return context.Response.StatusCode;
    }
}
