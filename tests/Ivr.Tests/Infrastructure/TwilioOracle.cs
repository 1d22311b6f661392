using System.Text.Json;
using System.Text.Json.Nodes;

namespace Ivr.Tests.Infrastructure;

/// <summary>
/// The official <c>twilio</c> npm package, driven over stdin/stdout: it signs requests and renders reference
/// TwiML, so Ivr is checked against Twilio's own code rather than against itself.
/// </summary>
public sealed class TwilioOracle : IAsyncLifetime
{
    private readonly SemaphoreSlim gate = new(1, 1);
    private ChildProcess? node;
    private readonly Queue<TaskCompletionSource<string>> waiting = new();

    public async Task InitializeAsync()
    {
        node = ChildProcess.Start("node", [Repo.PathOf("tests", "Ivr.Tests", "Interop", "twilio-oracle.mjs")]);
        node.LineWritten += line =>
        {
            if (line.StartsWith('{'))
            {
                lock (waiting)
                {
                    waiting.Dequeue().TrySetResult(line);
                }
            }
        };
        // Prove it answers before any test relies on it.
        _ = await SignAsync("token", "https://example.com/", []);
    }

    public async Task<string> SignAsync(string token, string url, IEnumerable<KeyValuePair<string, string>> form) =>
        (await CallAsync(new JsonObject { ["op"] = "sign", ["token"] = token, ["url"] = url, ["params"] = Params(form) }))["signature"]!.GetValue<string>();

    public async Task<bool> ValidateAsync(string token, string signature, string url, IEnumerable<KeyValuePair<string, string>> form) =>
        (await CallAsync(new JsonObject { ["op"] = "validate", ["token"] = token, ["signature"] = signature, ["url"] = url, ["params"] = Params(form) }))["valid"]!.GetValue<bool>();

    /// <summary>Renders TwiML with the package's VoiceResponse from a list of verbs (see twilio-oracle.mjs).</summary>
    public async Task<string> TwimlAsync(JsonArray verbs) =>
        (await CallAsync(new JsonObject { ["op"] = "twiml", ["verbs"] = verbs }))["xml"]!.GetValue<string>();

    /// <summary>
    /// Places a call with the package's own REST client (<c>client.calls.create(parameters)</c>), its requests sent to
    /// <paramref name="baseUrl"/> instead of Twilio's API (see twilio-oracle.mjs): <c>{"sid":…}</c>, or, when the API
    /// refused, <c>{"rest":{"status":…,"code":…,"message":…}}</c> as the package's RestException reports it.
    /// </summary>
    public Task<JsonNode> CreateCallAsync(Uri baseUrl, string username, string password, string accountSid, JsonObject parameters) =>
        CallAsync(new JsonObject
        {
            ["op"] = "createCall",
            ["baseUrl"] = baseUrl.AbsoluteUri,
            ["username"] = username,
            ["password"] = password,
            ["accountSid"] = accountSid,
            ["params"] = parameters,
        });

    public async Task DisposeAsync()
    {
        if (node is not null)
        {
            await node.DisposeAsync();
        }
    }

    /// <summary>Form fields as the package expects them: repeated names become arrays.</summary>
    private static JsonObject Params(IEnumerable<KeyValuePair<string, string>> form)
    {
        var result = new JsonObject();
        foreach (var group in form.GroupBy(f => f.Key, StringComparer.Ordinal))
        {
            var values = group.Select(f => f.Value).ToList();
            result[group.Key] = values.Count == 1 ? JsonValue.Create(values[0]) : new JsonArray(values.Select(v => (JsonNode?)JsonValue.Create(v)).ToArray());
        }

        return result;
    }

    private async Task<JsonNode> CallAsync(JsonObject request)
    {
        await gate.WaitAsync();
        try
        {
            var reply = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
            lock (waiting)
            {
                waiting.Enqueue(reply);
            }

            await node!.StandardInput.WriteLineAsync(request.ToJsonString());
            await node.StandardInput.FlushAsync();
            var answer = JsonNode.Parse(await reply.Task.WaitAsync(TimeSpan.FromSeconds(30)))!;
            return answer["error"] is { } error ? throw new InvalidOperationException("twilio oracle: " + error) : answer;
        }
        finally
        {
            gate.Release();
        }
    }
}
