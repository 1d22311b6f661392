using BenchmarkDotNet.Attributes;
using Ivr.Benchmarks.Samples;
using Ivr.Handoffs;
using Ivr.Routing;
using Ivr.Twilio.Twiml;
using Ivr.Voice;

namespace Ivr.Benchmarks.Micro;

/// <summary>
/// The incoming call's TwiML: building the response from the plan (callback URLs included), serialising it, and
/// the whole result writing itself into a response body as the endpoint does.
/// </summary>
[MemoryDiagnoser]
public class TwimlBenchmarks
{
    private RoutePlan plan = null!;
    private HandoffKey key = null!;
    private VoiceResponse response = null!;
    private MemoryStream buffer = null!;
    private DefaultHttpContext context = null!;

    [GlobalSetup]
    public async Task SetupAsync()
    {
        plan = Router.Plan(SampleLine.Rules, SampleLine.Rules.Number, new CallFacts(IncomingCallForm.Caller, SampleLine.OpenInstant), SampleLine.FallbackNumber);
        key = new HandoffKey(SampleLine.Rules.Number, SampleLine.OpenInstant, IncomingCallForm.CallSid);
        response = (VoiceResponse)BuildResponse();
        buffer = new MemoryStream();
        context = new DefaultHttpContext();
        context.Response.Body = new MemoryStream();
        var xml = TwimlWriter.ToXml(response);
        if (!xml.Contains("<Dial", StringComparison.Ordinal) || !xml.Contains("<Client", StringComparison.Ordinal) || await ExecuteResult() != System.Text.Encoding.UTF8.GetByteCount(xml))
        {
            throw new InvalidOperationException("The incoming call's TwiML is not the dial the benchmarks assume: " + xml);
        }
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        buffer.Dispose();
        context.Response.Body.Dispose();
    }

    /// <summary>The verbs, with the callback URLs for the call's key and route.</summary>
    [Benchmark]
    public object BuildResponse() => VoiceTwiml.ForIncoming(plan, key, CallRoute.Start);

    /// <summary>Serialising a built response into a reused buffer.</summary>
    [Benchmark(Baseline = true)]
    public long WriteXml()
    {
        buffer.SetLength(0);
        TwimlWriter.Write(response, buffer);
        return buffer.Length;
    }

    /// <summary>Build and write through <see cref="TwimlResult"/> into the response body, as the endpoint answers.</summary>
    [Benchmark]
    public async Task<long> ExecuteResult()
    {
        var body = context.Response.Body;
        body.SetLength(0);
        await new TwimlResult((VoiceResponse)BuildResponse()).ExecuteAsync(context);
        return body.Length;
    }
}
