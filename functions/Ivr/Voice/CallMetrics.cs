using System.Diagnostics;
using System.Diagnostics.Metrics;
using Ivr.Telemetry;

namespace Ivr.Voice;

/// <summary>
/// <c>ivr.call.decisions</c>: one per routing decision a webhook makes, by line and decision. On the webhook's hot
/// path, so it only fills a stack-allocated tag list; the request's span gets the same two attributes when sampled.
/// </summary>
internal sealed class CallMetrics
{
    public const string DecisionsName = "ivr.call.decisions";

    private readonly Counter<long> decisions;

    public CallMetrics(IMeterFactory meterFactory)
    {
        var meter = meterFactory.Create(IvrTelemetry.Name);
        decisions = meter.CreateCounter<long>(DecisionsName, "{decision}", "Routing decisions made by the voice webhooks, by line and decision.");
    }

    /// <param name="decision">One of <see cref="CallDecisions"/>.</param>
    /// <param name="line">The called line (a business number, never the caller's).</param>
    /// <param name="route"><c>open</c>, <c>closed</c> or <c>fallback</c> where the decision knows it.</param>
    public void Decided(string decision, string line, string? route = null)
    {
        if (decisions.Enabled)
        {
            var tags = new TagList
            {
                { IvrTelemetry.DecisionAttribute, decision },
                { IvrTelemetry.LineAttribute, line },
            };
            if (route is not null)
            {
                tags.Add(IvrTelemetry.RouteAttribute, route);
            }

            decisions.Add(1, tags);
        }

        // Only spans being recorded (sampled in by an exporter) pay for the tags.
        if (Activity.Current is { Recorded: true } request)
        {
            request.SetTag(IvrTelemetry.DecisionAttribute, decision);
            request.SetTag(IvrTelemetry.LineAttribute, line);
        }
    }
}
