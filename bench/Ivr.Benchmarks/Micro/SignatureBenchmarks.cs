using BenchmarkDotNet.Attributes;
using Ivr.Benchmarks.Samples;
using Ivr.Twilio;

namespace Ivr.Benchmarks.Micro;

/// <summary>
/// X-Twilio-Signature checks of a valid incoming-call webhook: the bare HMAC, the validator (which tries every token
/// against every URL variant), and the endpoint filter that runs it for each webhook (form already parsed).
/// </summary>
[MemoryDiagnoser]
public class SignatureBenchmarks
{
    private static readonly string[] PrimaryToken = [IncomingCallForm.AuthToken];
    private static readonly string[] DuringRotation = [IncomingCallForm.AuthToken, IncomingCallForm.SecondaryAuthToken];

    /// <summary>What the next step returns, so setup can tell the filter let the request through.</summary>
    private static readonly object Passed = new();

    private static readonly EndpointFilterDelegate Next = _ => ValueTask.FromResult<object?>(Passed);

    private List<KeyValuePair<string, IReadOnlyList<string>>> fields = null!;
    private WebApplication host = null!;
    private ValidateTwilioSignatureFilter filter = null!;
    private DefaultEndpointFilterInvocationContext invocation = null!;

    [GlobalSetup]
    public async Task SetupAsync()
    {
        fields = IncomingCallForm.Fields.Select(f => new KeyValuePair<string, IReadOnlyList<string>>(f.Key, [f.Value])).ToList();
        // Every benchmark here must measure the accept path: check against the twilio package's own signature.
        if (RequestSignature.Compute(IncomingCallForm.AuthToken, IncomingCallForm.Url, fields) != IncomingCallForm.OracleSignature
            || !IsValidPrimaryToken()
            || !IsValidDuringRotation())
        {
            throw new InvalidOperationException("The validator rejects the twilio package's signature of the sample webhook.");
        }

        host = VoiceServices.Build(TimeProvider.System);
        filter = ActivatorUtilities.CreateInstance<ValidateTwilioSignatureFilter>(host.Services);
        var context = IncomingCallForm.Request(IncomingCallForm.Body(), host.Services);
        // Parsing the body is FormBindingBenchmarks' part: here the form is read already, so only the check is timed.
        context.Request.Form = IncomingCallForm.Form();
        invocation = new DefaultEndpointFilterInvocationContext(context);
        if (await Filter() != Passed)
        {
            throw new InvalidOperationException("The signature filter rejects the sample webhook.");
        }
    }

    [GlobalCleanup]
    public Task CleanupAsync() => host.DisposeAsync().AsTask();

    /// <summary>One HMAC-SHA1 over the URL and sorted fields.</summary>
    [Benchmark(Baseline = true)]
    public string Compute() => RequestSignature.Compute(IncomingCallForm.AuthToken, IncomingCallForm.Url, fields);

    [Benchmark]
    public bool IsValidPrimaryToken() => RequestSignature.IsValid(IncomingCallForm.OracleSignature, IncomingCallForm.Url, fields, PrimaryToken);

    /// <summary>With a secondary token configured (rotation), every check computes twice as many signatures.</summary>
    [Benchmark]
    public bool IsValidDuringRotation() => RequestSignature.IsValid(IncomingCallForm.OracleSignature, IncomingCallForm.Url, fields, DuringRotation);

    /// <summary>The endpoint filter: URL from the public base, form fields converted, then the validator.</summary>
    [Benchmark]
    public ValueTask<object?> Filter() => filter.InvokeAsync(invocation, Next);
}
