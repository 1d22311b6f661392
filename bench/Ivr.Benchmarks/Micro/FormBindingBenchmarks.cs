using BenchmarkDotNet.Attributes;
using Ivr.Benchmarks.Samples;
using Ivr.Twilio;
using Ivr.Voice;

namespace Ivr.Benchmarks.Micro;

/// <summary>
/// Binding the incoming-call form into the webhook's facts: from a form already read (what the endpoints get after
/// the signature filter), and from the raw body on a fresh request (what the first reader pays).
/// </summary>
[MemoryDiagnoser]
public class FormBindingBenchmarks
{
    private IFormCollection form = null!;
    private byte[] body = null!;

    [GlobalSetup]
    public async Task SetupAsync()
    {
        IncomingCallForm.CheckBodyRoundTrips();
        form = IncomingCallForm.Form();
        body = IncomingCallForm.Body();
        if (TryBind() is not VoiceWebhook { CallSid: IncomingCallForm.CallSid, To: IncomingCallForm.Line }
            || await ReadAndBind() is not VoiceWebhook { CallSid: IncomingCallForm.CallSid, From: IncomingCallForm.Caller })
        {
            throw new InvalidOperationException("The sample webhook does not bind.");
        }
    }

    [Benchmark(Baseline = true)]
    public object? TryBind() => VoiceWebhook.TryBind(form, out var webhook, out _) ? webhook : null;

    /// <summary>A fresh request with its body stream and nothing else: subtract it from <see cref="ReadAndBind"/>.</summary>
    [Benchmark]
    public object RequestOnly() => IncomingCallForm.Request(body);

    /// <summary>A fresh request, its body parsed as a form, then bound.</summary>
    [Benchmark]
    public async Task<object?> ReadAndBind()
    {
        var (webhook, _) = await WebhookBinding.BindAsync(IncomingCallForm.Request(body).Request);
        return webhook;
    }
}
