using BenchmarkDotNet.Attributes;
using Ivr.Benchmarks.Samples;
using Ivr.Routing;
using Ivr.Rules;

namespace Ivr.Benchmarks.Micro;

/// <summary>
/// The routing decision for the sample line (hours, holidays, closures, two ring groups) at fixed instants: the pure
/// router open (with its explanation, and without, as calls with the decision log off plan) and on a holiday, and the
/// planner around it as the incoming call uses it (adds the caller's keyed hash).
/// </summary>
[MemoryDiagnoser]
public class RoutingBenchmarks
{
    private readonly LineRules rules = SampleLine.Rules;
    private readonly CallFacts openCall = new(IncomingCallForm.Caller, SampleLine.OpenInstant);
    private readonly CallFacts holidayCall = new(IncomingCallForm.Caller, SampleLine.HolidayInstant);
    private WebApplication host = null!;
    private CallPlanner planner = null!;

    [GlobalSetup]
    public async Task SetupAsync()
    {
        host = VoiceServices.Build(TimeProvider.System);
        planner = host.Services.GetRequiredService<CallPlanner>();
        if (Open() is not RoutePlan { Kind: RouteKind.Open, Steps.Count: 3 }
            || Holiday() is not RoutePlan { Kind: RouteKind.Closed }
            || await PlanArrival() is not RoutePlan { Kind: RouteKind.Open })
        {
            throw new InvalidOperationException("The sample line does not route as the benchmarks assume.");
        }
    }

    [GlobalCleanup]
    public Task CleanupAsync() => host.DisposeAsync().AsTask();

    [Benchmark(Baseline = true)]
    public object Open() => Router.Plan(rules, rules.Number, openCall, SampleLine.FallbackNumber);

    [Benchmark]
    public object OpenUnexplained() => Router.Plan(rules, rules.Number, openCall, SampleLine.FallbackNumber, explain: false);

    [Benchmark]
    public object Holiday() => Router.Plan(rules, rules.Number, holidayCall, SampleLine.FallbackNumber);

    [Benchmark]
    public async Task<object> PlanArrival() =>
        (await planner.PlanArrivalAsync(rules, rules.Number, IncomingCallForm.Caller, SampleLine.OpenInstant, explain: false, CancellationToken.None)).Plan;
}
