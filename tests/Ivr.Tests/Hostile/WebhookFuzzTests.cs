using System.Globalization;
using System.IO.Pipelines;
using System.Text;
using System.Text.RegularExpressions;
using System.Xml.Linq;
using Ivr.Tests.Infrastructure;
using Ivr.Twilio;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Primitives;

namespace Ivr.Tests.Hostile;

/// <summary>
/// Malformed and forged Twilio webhooks: in process through <see cref="VoiceWebhook.TryBind"/> by the ten thousand,
/// and over real HTTP against the real process, signed so they get past the signature check and reach the binding.
/// </summary>
public sealed partial class WebhookFuzzTests(IvrWithStorage env) : IClassFixture<IvrWithStorage>
{
    private const int Seed = 20261123;

    private static readonly string[] VoicePaths =
    [
        "/api/voice/incoming", "/api/voice/dial-ended", "/api/voice/leg-status", "/api/voice/voicemail",
        "/api/voice/call-status", "/api/voice/menu", "/api/voice/screen", "/api/voice/screen-accepted",
    ];

    private static readonly string[] KnownFields =
    [
        "CallSid", "From", "To", "CallStatus", "ParentCallSid", "DialCallStatus", "DialBridged", "DialCallDuration",
        "RecordingUrl", "Digits", "Timestamp", "Caller", "Called", "CallerName", "SpeechResult", "AccountSid",
    ];

    // ---------------------------------------------------------------- in process

    [Fact]
    public async Task TwelveThousandGeneratedFormsNeverMakeTryBindThrowAndEveryBoundWebhookIsWellFormed()
    {
        var random = new Random(Seed);
        var bound = 0;
        var failures = new Dictionary<string, string>(StringComparer.Ordinal); // one example per kind of failure
        for (var i = 0; i < 12_000; i++)
        {
            var fields = GenerateFields(random);
            var viaWire = random.Next(3) == 0;
            var form = viaWire ? await ParseWireAsync(random, fields) : Accumulate(fields);
            if (form is null)
            {
                continue; // The server refuses such a body before binding (400); nothing to bind.
            }

            var collection = new FormCollection(form);
            VoiceWebhook webhook;
            bool ok;
            string? invalidField;
            try
            {
                ok = VoiceWebhook.TryBind(collection, out webhook, out invalidField);
            }
            catch (Exception ex)
            {
                failures.TryAdd(ex.GetType().Name, $"TryBind threw {ex.GetType().Name} ({ex.Message}) on input #{i} (seed {Seed}): {Describe(form)}");
                continue;
            }

            if (Check(form, ok, webhook, invalidField) is { } problem)
            {
                failures.TryAdd(problem.Split('\'')[0], $"Input #{i} (seed {Seed}, {(viaWire ? "parsed from the wire" : "built")}): {problem}\nForm: {Describe(form)}");
            }

            bound += ok ? 1 : 0;
        }

        Assert.True(failures.Count == 0, $"{failures.Count} kinds of wrong binding; one input each:\n\n" + string.Join("\n\n", failures.Values));

        // The generator must exercise both outcomes, or the checks above proved nothing.
        Assert.InRange(bound, 3_000, 9_000);
    }

    [Fact]
    public void TheBindingCheckCatchesWrongBindings()
    {
        const string Sid = "CA0123456789abcdef0123456789abcdef";
        var form = Accumulate([new("CallSid", Sid), new("From", "+31612345678"), new("DialCallDuration", "2147483648"), new("Timestamp", "Mon, 23 Nov 2026 10:15:03 +0000")]);
        var right = new VoiceWebhook { CallSid = Sid, From = "+31612345678", Timestamp = new DateTimeOffset(2026, 11, 23, 10, 15, 3, TimeSpan.Zero) };

        Assert.Null(Check(form, true, right, null));
        Assert.NotNull(Check(form, false, right, "CallSid"));
        Assert.NotNull(Check(form, true, right with { From = "+31612345679" }, null));
        Assert.NotNull(Check(form, true, right with { DialCallDuration = int.MinValue }, null));
        Assert.NotNull(Check(form, true, right with { Timestamp = right.Timestamp!.Value.ToOffset(TimeSpan.FromHours(1)) }, null));
        Assert.NotNull(Check(form, true, right with { ParentCallSid = "CA123" }, null));
        Assert.NotNull(Check(form, true, right with { CallSid = Sid + "\n" }, null));
    }

    /// <summary>Null when the binding is right for this form; otherwise what is wrong.</summary>
    private static string? Check(Dictionary<string, StringValues> form, bool ok, VoiceWebhook webhook, string? invalidField)
    {
        var callSid = First(form, "CallSid");
        var shouldBind = callSid is not null && StrictCallSid().IsMatch(callSid);
        if (ok != shouldBind)
        {
            return $"TryBind returned {ok} for CallSid '{Show(callSid)}'; expected {shouldBind}.";
        }

        if (!ok)
        {
            return invalidField == "CallSid" ? null : $"Refused, but named '{invalidField}' instead of CallSid.";
        }

        if (invalidField is not null)
        {
            return $"Bound, but also named an invalid field '{invalidField}'.";
        }

        if (!StrictCallSid().IsMatch(webhook.CallSid) || webhook.CallSid != callSid)
        {
            return $"Bound CallSid '{Show(webhook.CallSid)}' is not the form's well-formed CallSid.";
        }

        if (webhook.ParentCallSid is { } parent && !StrictCallSid().IsMatch(parent))
        {
            return $"ParentCallSid '{Show(parent)}' is not a CallSid.";
        }

        var parentText = First(form, "ParentCallSid");
        if (parentText is not null && StrictCallSid().IsMatch(parentText) && webhook.ParentCallSid != parentText)
        {
            return $"The well-formed ParentCallSid '{parentText}' was lost.";
        }

        foreach (var (name, value) in new[]
        {
            ("From", webhook.From), ("To", webhook.To), ("CallStatus", webhook.CallStatus), ("DialCallStatus", webhook.DialCallStatus),
            ("RecordingUrl", webhook.RecordingUrl), ("Digits", webhook.Digits),
        })
        {
            if (value != First(form, name))
            {
                return $"{name} bound as '{Show(value)}' but the form's first value is '{Show(First(form, name))}'.";
            }
        }

        var durationText = First(form, "DialCallDuration");
        int? expectedDuration = durationText is not null && AsciiDigits().IsMatch(durationText)
            && System.Numerics.BigInteger.Parse(durationText, CultureInfo.InvariantCulture) is var big && big <= int.MaxValue
                ? (int)big
                : null;
        if (webhook.DialCallDuration != expectedDuration)
        {
            return $"DialCallDuration '{Show(durationText)}' bound as {webhook.DialCallDuration?.ToString(CultureInfo.InvariantCulture) ?? "null"}; expected {expectedDuration?.ToString(CultureInfo.InvariantCulture) ?? "null"} (whole non-negative seconds that fit, else absent).";
        }

        var bridgedText = First(form, "DialBridged");
        var bridgedWord = bridgedText?.Trim().Trim('\0').Trim();
        if (webhook.DialBridged is { } bridged && !string.Equals(bridgedWord, bridged ? "true" : "false", StringComparison.OrdinalIgnoreCase))
        {
            return $"DialBridged '{Show(bridgedText)}' bound as {bridged}.";
        }

        if (webhook.DialBridged is null && bridgedText is "true" or "false" or "True" or "False")
        {
            return $"DialBridged '{bridgedText}' was lost.";
        }

        var timestampText = First(form, "Timestamp");
        if (webhook.Timestamp is { } timestamp)
        {
            if (timestamp.Offset != TimeSpan.Zero)
            {
                return $"Timestamp '{Show(timestampText)}' bound with offset {timestamp.Offset}, not UTC.";
            }

            if (timestampText is null || !timestampText.Contains(timestamp.ToString(":ss", CultureInfo.InvariantCulture), StringComparison.Ordinal))
            {
                return $"Timestamp '{Show(timestampText)}' bound as {timestamp:o}, which it does not say.";
            }
        }

        if (timestampText is not null && ExpectedTimestamps.TryGetValue(timestampText, out var expected) && webhook.Timestamp != expected)
        {
            return $"Timestamp '{timestampText}' bound as {webhook.Timestamp?.ToString("o", CultureInfo.InvariantCulture) ?? "null"}; expected {expected?.ToString("o", CultureInfo.InvariantCulture) ?? "null"}.";
        }

        return null;
    }

    /// <summary>Timestamps whose reading is certain: Twilio's own form, and impossible offsets, seconds and dates.</summary>
    private static readonly Dictionary<string, DateTimeOffset?> ExpectedTimestamps = new(StringComparer.Ordinal)
    {
        ["Mon, 23 Nov 2026 10:15:03 +0000"] = new DateTimeOffset(2026, 11, 23, 10, 15, 3, TimeSpan.Zero),
        ["Mon, 23 Nov 2026 12:15:03 +0200"] = new DateTimeOffset(2026, 11, 23, 10, 15, 3, TimeSpan.Zero),
        ["Mon, 23 Nov 2026 10:15:03 +9999"] = null,
        ["Mon, 23 Nov 2026 10:15:03 -2400"] = null,
        ["Mon, 23 Nov 2026 10:15:60 +0000"] = null,
        ["Mon, 30 Feb 2026 10:15:03 +0000"] = null,
        ["Mon, 23 Nov 2026 10:15:03 +00000000"] = null,
        ["Fri, 31 Dec 9999 23:59:59 -1400"] = null, // Past the last representable instant once made UTC.
        ["Mon, 01 Jan 0001 00:00:00 +1400"] = null, // Before the first one.
    };

    private static List<KeyValuePair<string, string>> GenerateFields(Random random)
    {
        var fields = new List<KeyValuePair<string, string>>();
        void Add(string name, string value) => fields.Add(new(name, value));

        switch (random.Next(10))
        {
            case < 5:
                Add(Cased(random, "CallSid"), random.Next(8) == 0 ? "CA" + HostileText.Hex(random, 32).ToUpperInvariant() : HostileText.CallSid(random));
                break;
            case < 8:
                Add(Cased(random, "CallSid"), HostileText.BadCallSid(random));
                break;
            case 8:
                break; // No CallSid at all.
            default:
                // Duplicated: the first value decides.
                var first = random.Next(2) == 0 ? HostileText.CallSid(random) : HostileText.BadCallSid(random);
                Add("CallSid", first);
                Add(Cased(random, "CallSid"), random.Next(2) == 0 ? HostileText.CallSid(random) : HostileText.BadCallSid(random));
                break;
        }

        var many = random.Next(100) == 0;
        var count = many ? random.Next(1_000, 5_000) : random.Next(0, 25);
        for (var i = 0; i < count; i++)
        {
            var name = random.Next(3) == 0 ? HostileText.Any(random, 20) : Cased(random, KnownFields[random.Next(KnownFields.Length)]);
            Add(name, many ? HostileText.Any(random, 8) : ValueFor(random, name));
        }

        if (random.Next(2_000) == 0)
        {
            Add(KnownFields[random.Next(KnownFields.Length)], new string(random.Next(2) == 0 ? '9' : (char)random.Next(0x20, 0x3000), 1_000_000));
        }

        // Shuffle, so the CallSid is not always first.
        for (var i = fields.Count - 1; i > 0; i--)
        {
            var j = random.Next(i + 1);
            (fields[i], fields[j]) = (fields[j], fields[i]);
        }

        return fields;
    }

    private static string ValueFor(Random random, string name) => name.ToUpperInvariant() switch
    {
        "PARENTCALLSID" => random.Next(2) == 0 ? HostileText.CallSid(random) : HostileText.BadCallSid(random),
        "DIALCALLDURATION" => HostileText.Duration(random),
        "DIALBRIDGED" => HostileText.Bridged(random),
        "TIMESTAMP" => random.Next(4) == 0 ? ExpectedTimestamps.Keys.ElementAt(random.Next(ExpectedTimestamps.Count)) : HostileText.Timestamp(random),
        _ => random.Next(400) == 0 ? HostileText.Mixed(random, random.Next(1_000, 10_000)) : HostileText.Any(random),
    };

    /// <summary>The name as given, or in another case (the form reader matches names case-insensitively).</summary>
    private static string Cased(Random random, string name) => random.Next(6) switch
    {
        0 => name.ToLowerInvariant(),
        1 => name.ToUpperInvariant(),
        _ => name,
    };

    /// <summary>The fields as the form reader accumulates them: case-insensitive names, repeated names become several values.</summary>
    private static Dictionary<string, StringValues> Accumulate(IEnumerable<KeyValuePair<string, string>> fields)
    {
        var accumulator = new KeyValueAccumulator();
        foreach (var (name, value) in fields)
        {
            accumulator.Append(name, value);
        }

        return accumulator.HasValues ? accumulator.GetResults() : new Dictionary<string, StringValues>(StringComparer.OrdinalIgnoreCase);
    }

    /// <summary>The fields encoded on the wire, then corrupted (invalid escapes, raw bytes), then read by ASP.NET Core's own form reader.</summary>
    private static async Task<Dictionary<string, StringValues>?> ParseWireAsync(Random random, List<KeyValuePair<string, string>> fields)
    {
        var wire = new List<byte>(Encoding.ASCII.GetBytes(RawWebhooks.Encode(fields)));
        string[] junk = ["%FF%FE", "%", "%G1", "%C3%28", "%ED%A0%80", "%00", "&&", "==", "&=&", "%2", "+%+", "%E2%82", "%F4%90%80%80"];
        for (var corruptions = random.Next(4); corruptions > 0; corruptions--)
        {
            var at = random.Next(wire.Count + 1);
            if (random.Next(3) == 0)
            {
                wire.Insert(at, (byte)random.Next(256));
            }
            else
            {
                wire.InsertRange(at, Encoding.ASCII.GetBytes(junk[random.Next(junk.Length)]));
            }
        }

        try
        {
            var reader = new FormPipeReader(PipeReader.Create(new MemoryStream(wire.ToArray())), Encoding.UTF8)
            {
                ValueCountLimit = int.MaxValue,
                KeyLengthLimit = int.MaxValue,
                ValueLengthLimit = int.MaxValue,
            };
            return await reader.ReadFormAsync();
        }
        catch (InvalidDataException)
        {
            return null;
        }
    }

    private static string? First(Dictionary<string, StringValues> form, string name) =>
        form.TryGetValue(name, out var values) && values.Count > 0 && !string.IsNullOrEmpty(values[0]) ? values[0] : null;

    private static string Show(string? text) => text is null ? "(null)" : RawWebhooks.Visible(text.Length > 200 ? text[..200] + "…" : text);

    private static string Describe(Dictionary<string, StringValues> form)
    {
        var shown = form.Take(40).Select(f => $"{Show(f.Key)}=[{string.Join("|", f.Value.Take(3).Select(Show))}{(f.Value.Count > 3 ? $"|… {f.Value.Count} values" : "")}]");
        return string.Join("; ", shown) + (form.Count > 40 ? $"; … {form.Count} fields" : "");
    }

    /// <summary>Twilio's CallSids: CA and 32 hex digits. (Ivr accepts either case of hex, as its own unit tests state.)</summary>
    [GeneratedRegex(@"^CA[0-9a-fA-F]{32}\z")]
    private static partial Regex StrictCallSid();

    [GeneratedRegex(@"^[0-9]+\z")]
    private static partial Regex AsciiDigits();

    // ---------------------------------------------------------------- over HTTP

    [Fact]
    public async Task HundredsOfSignedMalformedWebhooksNeverGet5xxNeverRecordARejectedCallAndTheNextRealCallStillWorks()
    {
        await using var ivr = await env.StartIvrAsync();
        var random = new Random(Seed + 1);
        var accepted = new HashSet<string>(StringComparer.Ordinal);
        var rejected = new HashSet<string>(StringComparer.Ordinal);
        var failures = new List<string>();
        var statuses = new Dictionary<int, int>();

        var requests = new List<(RawWebhook Request, int[] Allowed)>();
        foreach (var path in VoicePaths)
        {
            for (var i = 0; i < 36; i++)
            {
                requests.Add(await MalformedAsync(random, path, i));
            }
        }

        foreach (var (request, allowed) in requests)
        {
            RawAnswer answer;
            try
            {
                answer = await RawWebhooks.SendSignedAsync(ivr.Process.Http, env.Oracle, request);
            }
            catch (HttpRequestException ex)
            {
                failures.Add($"no answer ({ex.Message}) to {request}");
                continue;
            }

            statuses[answer.Status] = statuses.GetValueOrDefault(answer.Status) + 1;
            if (!allowed.Contains(answer.Status))
            {
                failures.Add($"{answer.Status} (allowed: {string.Join("/", allowed)}) body '{Show(answer.Body)}' for {request}");
            }

            if (answer.Status is >= 400 and < 500 && answer.MediaType != "application/problem+json")
            {
                failures.Add($"{answer.Status} as {answer.MediaType}, not problem+json, for {request}");
            }

            if (answer.Status == 200 && !ParsesAsTwiml(answer))
            {
                failures.Add($"200 that is not TwiML ({answer.MediaType}): '{Show(answer.Body)}' for {request}");
            }

            if (answer.Status is >= 200 and < 300)
            {
                var form = await RawWebhooks.ParseLikeServerAsync(request.Body, request.ContentType) ?? [];
                foreach (var name in new[] { "CallSid", "ParentCallSid" })
                {
                    if (First(form, name) is { } sid)
                    {
                        accepted.Add(sid);
                    }
                }
            }
            else
            {
                rejected.UnionWith(RawWebhooks.CallSidsIn(request));
            }
        }

        Assert.False(ivr.Process.Process.HasExited, "The Ivr process died during the malformed webhooks:\n" + ivr.Process.Output);
        Assert.True(failures.Count == 0, $"{failures.Count} of {requests.Count} malformed webhooks were answered wrongly (seed {Seed + 1}):\n" + string.Join("\n", failures.Take(30)));

        // A real call afterwards is answered and recorded as usual.
        var call = ivr.NewCall();
        var twiml = await call.ArriveAsync();
        Assert.Equal("Dial", twiml.Root!.Elements().Single().Name.LocalName);
        await call.AnswerAsync(IvrWithStorage.SupportAgent);
        await call.DialEndsAsync("completed", bridged: true);
        await call.EndAsync();
        var record = await ivr.Records.WaitForAsync(call.CallSid, r => r.GetString("EndStatus") is not null && r.GetString("AnsweredBy") is not null && r.GetString("DialStatus") is not null);
        Assert.Equal("answered", record.GetString("Outcome"));
        Assert.Equal(IvrWithStorage.SupportLine, record.PartitionKey);

        await Task.Delay(1_000); // Let any stray write from the malformed requests land before looking.
        rejected.ExceptWith(accepted);
        var rows = await ivr.Records.AllAsync();
        foreach (var row in rows)
        {
            var sid = row.GetString("CallSid");
            Assert.False(rejected.Contains(sid), $"A rejected webhook's call {sid} was recorded: {HandoffRecords.Describe(row)}");
            Assert.True(sid == call.CallSid || accepted.Contains(sid), $"A record for a call no accepted webhook named: {HandoffRecords.Describe(row)}");
            Assert.EndsWith("_" + sid, row.RowKey, StringComparison.Ordinal);
            Assert.True(row.PartitionKey == "unknown" || E164().IsMatch(row.PartitionKey), $"Record in partition '{Show(row.PartitionKey)}': {HandoffRecords.Describe(row)}");
        }

        // The generator must have produced both kinds, or the checks above proved little.
        Assert.True(rejected.Count > 100, $"Only {rejected.Count} rejected CallSids; statuses: {string.Join(", ", statuses.Select(s => $"{s.Key}×{s.Value}"))}");
        Assert.True(accepted.Count > 50, $"Only {accepted.Count} accepted CallSids; statuses: {string.Join(", ", statuses.Select(s => $"{s.Key}×{s.Value}"))}");
    }

    /// <summary>One malformed but signed request to <paramref name="path"/>, and the statuses it may get.</summary>
    private static async Task<(RawWebhook Request, int[] Allowed)> MalformedAsync(Random random, string path, int index)
    {
        int[] refused = [400];
        int[] refusedOrTooLarge = [400, 413];
        var query = Query(random, path);
        var sid = HostileText.CallSid(random);
        List<KeyValuePair<string, string>> Fields(bool withCallSid, int extra)
        {
            var fields = new List<KeyValuePair<string, string>>();
            if (withCallSid)
            {
                fields.Add(new("CallSid", sid));
            }

            for (var i = 0; i < extra; i++)
            {
                var name = random.Next(4) == 0 ? HostileText.Any(random, 12) : KnownFields[random.Next(1, KnownFields.Length)];
                fields.Add(new(name, ValueFor(random, name)));
            }

            return fields;
        }

        switch (index % 12)
        {
            case 0:
                return (RawWebhook.Form(path + query, Fields(withCallSid: false, random.Next(1, 15)), "no CallSid"), refused);
            case 1:
            {
                var fields = Fields(withCallSid: false, random.Next(0, 10));
                fields.Add(new("CallSid", HostileText.BadCallSid(random) is { } bad && !StrictCallSid().IsMatch(bad) ? bad : "CA123"));
                fields.Add(new("ParentCallSid", sid)); // A valid SID elsewhere must not be taken for the CallSid.
                return (RawWebhook.Form(path + query, fields, "malformed CallSid"), refused);
            }

            case 2:
            case 3:
            case 4:
            {
                var request = RawWebhook.Form(path + query, Fields(withCallSid: true, random.Next(1, 20)), "valid CallSid, garbage elsewhere");
                return (request, await AllowedForAsync(request));
            }

            case 5:
            {
                // Invalid UTF-8 and broken escapes in names and values, the CallSid among them.
                string[] junk = ["%FF%FE", "%", "%G1", "%C3%28", "%ED%A0%80", "%00", "%F4%90%80%80", "%E2%82"];
                var body = RawWebhooks.Encode(Fields(withCallSid: random.Next(3) > 0, random.Next(1, 10)));
                for (var i = random.Next(1, 5); i > 0; i--)
                {
                    var at = random.Next(body.Length + 1);
                    body = body.Insert(at, junk[random.Next(junk.Length)]);
                }

                var request = new RawWebhook(path + query, Encoding.ASCII.GetBytes(body), RawWebhook.FormType, "invalid percent-escapes");
                return (request, await AllowedForAsync(request));
            }

            case 6:
            {
                // Not a form, though labelled as one.
                string[] bodies =
                [
                    $$"""{"CallSid":"{{sid}}","To":"+31201234567"}""",
                    $"<Request><CallSid>{sid}</CallSid></Request>",
                    "\u0000\u0001\u0002" + sid,
                    "=" + sid,
                    "CallSid",
                ];
                var text = bodies[random.Next(bodies.Length)];
                var request = new RawWebhook(path + query, Encoding.UTF8.GetBytes(text), RawWebhook.FormType, "a body that is not a form");
                return (request, await AllowedForAsync(request));
            }

            case 7:
            {
                // A good form, but not labelled as one: the server must not read it as one.
                string?[] types = [null, "text/plain", "application/json", "application/xml", "application/x-www-form-urlencodedx", "application/x-www-form-urlencoded; ===", "form", "*/*"];
                var request = new RawWebhook(path + query, Encoding.ASCII.GetBytes(RawWebhooks.Encode(Fields(withCallSid: true, 5))), types[random.Next(types.Length)], "wrong content type");
                return (request, refused);
            }

            case 8:
            {
                string[] types = ["multipart/form-data", "multipart/form-data; boundary=" + new string('b', 200), "multipart/form-data; boundary=xyz"];
                var body = $"--xyz\r\nContent-Disposition: form-data; name=\"CallSid\"\r\n\r\n{sid}\r\n--x";
                return (new RawWebhook(path + query, Encoding.ASCII.GetBytes(body), types[random.Next(types.Length)], "broken multipart"), refused);
            }

            case 9:
            {
                // Thousands of fields.
                var fields = Fields(withCallSid: true, 0);
                var count = random.Next(1_500, 6_000);
                for (var i = 0; i < count; i++)
                {
                    fields.Add(new("F" + i.ToString(CultureInfo.InvariantCulture), "x"));
                }

                return (RawWebhook.Form(path + query, fields, $"{count} fields"), refusedOrTooLarge);
            }

            case 10 when index < 12:
            {
                // 2 MB: one huge value, or two million bytes of noise.
                byte[] body;
                if (random.Next(2) == 0)
                {
                    body = Encoding.ASCII.GetBytes(RawWebhooks.Encode([new("CallSid", sid), new("From", new string('9', 2 * 1024 * 1024))]));
                }
                else
                {
                    body = new byte[2 * 1024 * 1024];
                    random.NextBytes(body);
                    Encoding.ASCII.GetBytes("CallSid=" + sid + "&").CopyTo(body, 0);
                }

                return (new RawWebhook(path + query, body, RawWebhook.FormType, "2 MB body"), refusedOrTooLarge);
            }

            default:
            {
                // Twilio's usual fields with absurd values.
                var fields = new List<KeyValuePair<string, string>>
                {
                    new("CallSid", sid),
                    new("From", HostileText.Any(random)),
                    new("To", random.Next(2) == 0 ? IvrWithStorage.SupportLine : HostileText.Any(random)),
                    new("CallStatus", random.Next(2) == 0 ? "completed" : HostileText.Any(random)),
                    new("ParentCallSid", random.Next(2) == 0 ? HostileText.CallSid(random) : HostileText.BadCallSid(random)),
                    new("DialCallStatus", HostileText.Any(random)),
                    new("DialBridged", HostileText.Bridged(random)),
                    new("DialCallDuration", HostileText.Duration(random)),
                    new("Timestamp", HostileText.Timestamp(random)),
                    new("Digits", HostileText.Any(random)),
                    new("RecordingUrl", HostileText.Any(random)),
                };
                var request = RawWebhook.Form(path + query, fields, "absurd values");
                return (request, await AllowedForAsync(request));
            }
        }
    }

    /// <summary>What the server may answer: 400 without a usable CallSid; with one, TwiML, 204 or a 400 naming another field.</summary>
    private static async Task<int[]> AllowedForAsync(RawWebhook request)
    {
        var form = await RawWebhooks.ParseLikeServerAsync(request.Body, request.ContentType);
        if (form is null)
        {
            return [400, 413];
        }

        var callSid = First(form, "CallSid");
        return callSid is not null && StrictCallSid().IsMatch(callSid) ? [200, 204, 400, 413] : [400, 413];
    }

    /// <summary>A callback query: none, Ivr's own shape, or a hostile one.</summary>
    private static string Query(Random random, string path)
    {
        if (path.EndsWith("/incoming", StringComparison.Ordinal) || random.Next(3) == 0)
        {
            return random.Next(4) == 0 ? "?" + RawWebhooks.Escape(HostileText.Any(random)) + "=" + RawWebhooks.Escape(HostileText.Any(random)) : "";
        }

        var line = random.Next(3) switch
        {
            0 => IvrWithStorage.SupportLine,
            1 => "unknown",
            _ => HostileText.Any(random),
        };
        var arrived = random.Next(3) == 0 ? HostileText.Any(random) : "20261123T101502123Z";
        var step = random.Next(3) == 0 ? HostileText.Duration(random) : random.Next(-2, 5).ToString(CultureInfo.InvariantCulture);
        return $"?line={RawWebhooks.Escape(line)}&arrived={RawWebhooks.Escape(arrived)}&step={RawWebhooks.Escape(step)}&choice={RawWebhooks.Escape(HostileText.Any(random, 3))}"
            + $"&sticky={RawWebhooks.Escape(HostileText.Any(random))}&group={RawWebhooks.Escape(HostileText.Any(random))}&screened={RawWebhooks.Escape(HostileText.Any(random, 2))}";
    }

    private static bool ParsesAsTwiml(RawAnswer answer)
    {
        if (answer.MediaType != "text/xml")
        {
            return false;
        }

        try
        {
            return XDocument.Parse(answer.Body).Root?.Name.LocalName == "Response";
        }
        catch (System.Xml.XmlException)
        {
            return false;
        }
    }

    [GeneratedRegex(@"^\+[1-9][0-9]{1,14}\z")]
    private static partial Regex E164();

    /// <summary>
    /// Twilio's <c>Timestamp</c> corrects late callbacks; an absurd one (year 1, year 1000) must not make the record
    /// unstorable: Azure Table Storage keeps DateTime values from 1601-01-01 only, and a refused write is retried and
    /// then dropped with the call's other facts.
    /// </summary>
    [Fact]
    public async Task AbsurdTimestampsOnCallbacksStillLeaveAStorableRecordWithTheAnswer()
    {
        await using var ivr = await env.StartInProcessAsync();
        var failures = new List<string>();
        var absurd = new[]
        {
            new DateTimeOffset(1, 1, 1, 0, 0, 0, TimeSpan.Zero),
            new DateTimeOffset(1000, 1, 1, 0, 0, 0, TimeSpan.Zero),
            new DateTimeOffset(1600, 12, 31, 23, 59, 59, TimeSpan.Zero),
        };
        var calls = new List<(SimulatedCall Call, DateTimeOffset Timestamp)>();
        foreach (var timestamp in absurd)
        {
            var call = ivr.NewCall();
            await call.ArriveAsync();
            await call.AnswerAsync(IvrWithStorage.SupportAgent, timestamp);
            using var ended = await ivr.Twilio.PostAsync("/api/voice/call-status",
            [
                new("CallSid", call.CallSid), new("From", call.Caller), new("To", call.Line), new("CallStatus", "completed"),
                new("Timestamp", timestamp.ToString("ddd, dd MMM yyyy HH:mm:ss '+0000'", CultureInfo.InvariantCulture)),
            ]);
            Assert.Equal(System.Net.HttpStatusCode.NoContent, ended.StatusCode);
            calls.Add((call, timestamp));
        }

        var storable = new DateTimeOffset(1601, 1, 1, 0, 0, 0, TimeSpan.Zero);
        foreach (var (call, timestamp) in calls)
        {
            Azure.Data.Tables.TableEntity record;
            try
            {
                record = await ivr.Records.WaitForAsync(call.CallSid, r => r.GetString("EndStatus") is not null && r.GetString("AnsweredBy") is not null, TimeSpan.FromSeconds(10));
            }
            catch (TimeoutException ex)
            {
                failures.Add($"Timestamp {timestamp:o}: the answer and the end never reached the record. {ex.Message}");
                continue;
            }

            var times = record.Where(c => c.Value is DateTimeOffset or DateTime).Select(c => (c.Key, At: c.Value is DateTime d ? new DateTimeOffset(d) : (DateTimeOffset)c.Value)).ToList();
            var unstorable = times.Where(t => t.At < storable).Select(t => $"{t.Key}={t.At:o}").ToList();
            if (unstorable.Count > 0)
            {
                failures.Add($"Timestamp {timestamp:o}: the record holds times Azure Table Storage refuses (before 1601): {string.Join(", ", unstorable)}. Record: {HandoffRecords.Describe(record)}");
            }

            if (record.GetInt64("TimeToHumanMs") is < 0)
            {
                failures.Add($"Timestamp {timestamp:o}: negative time to human. Record: {HandoffRecords.Describe(record)}");
            }
        }

        Assert.True(failures.Count == 0, string.Join("\n", failures));
    }

    // ---------------------------------------------------------------- forged signatures

    [Fact]
    public async Task ForgedMissingWrongTokenAndReplayedSignaturesGet403AndRecordNothing()
    {
        await using var ivr = await env.StartInProcessAsync();
        var genuine = ivr.NewCall();
        await genuine.ArriveAsync();
        await ivr.Records.WaitForAsync(genuine.CallSid, _ => true);
        var http = ivr.Http;
        var attacks = new List<(string What, Func<Task<RawAnswer>> Send, string CallSid)>();

        List<KeyValuePair<string, string>> IncomingFor(string callSid, params (string, string)[] extra) =>
        [
            new("AccountSid", "AC00000000000000000000000000000000"),
            new("CallSid", callSid),
            new("From", "+31611112222"),
            new("To", IvrWithStorage.SupportLine),
            new("CallStatus", "ringing"),
            .. extra.Select(e => new KeyValuePair<string, string>(e.Item1, e.Item2)),
        ];

        void Attack(string what, string path, List<KeyValuePair<string, string>> sent, Func<string, Task<string?>> signature, IEnumerable<KeyValuePair<string, string>>? headers = null)
        {
            var request = RawWebhook.Form(path, sent, what);
            attacks.Add((what, async () => await RawWebhooks.SendAsync(http, request, await signature(path), headers), sent.First(f => f.Key == "CallSid").Value));
        }

        async Task<string?> Sign(string url, IEnumerable<KeyValuePair<string, string>> fields, string token = IvrProcess.AuthToken) =>
            await env.Oracle.SignAsync(token, url, fields);

        const string Incoming = "/api/voice/incoming";
        const string Base = TwilioWebhooks.PublicBaseUrl;
        var sids = Enumerable.Range(0, 20).Select(_ => SimulatedCall.NewSid("CA")).ToArray();

        Attack("no signature header", Incoming, IncomingFor(sids[0]), _ => Task.FromResult<string?>(null));
        Attack("empty signature", Incoming, IncomingFor(sids[1]), _ => Task.FromResult<string?>(""));
        Attack("random base64", Incoming, IncomingFor(sids[2]), _ => Task.FromResult<string?>(Convert.ToBase64String(Encoding.ASCII.GetBytes("twenty bytes of junk"))));
        Attack("8 KB of junk", Incoming, IncomingFor(sids[3]), _ => Task.FromResult<string?>(new string('!', 8_000)));
        Attack("signed with the wrong auth token", Incoming, IncomingFor(sids[4]), p => Sign(Base + p, IncomingFor(sids[4]), "wrong-auth-token-0123456789abcdef"));
        Attack("signed with the token's first half", Incoming, IncomingFor(sids[5]), p => Sign(Base + p, IncomingFor(sids[5]), IvrProcess.AuthToken[..16]));
        Attack("signed for the loopback URL, not the public one", Incoming, IncomingFor(sids[6]), p => Sign(ivr.BaseAddress.ToString().TrimEnd('/') + p, IncomingFor(sids[6])));
        Attack("signed for another host, sent with X-Forwarded-Host", Incoming, IncomingFor(sids[7]), p => Sign("https://evil.example" + p, IncomingFor(sids[7])),
            [new("X-Forwarded-Host", "evil.example"), new("X-Forwarded-Proto", "https")]);
        Attack("signed for /api/voice/call-status, sent to /api/voice/incoming", Incoming, IncomingFor(sids[8]), _ => Sign(Base + "/api/voice/call-status", IncomingFor(sids[8])));
        Attack("signed for incoming, replayed to call-status for a real call", "/api/voice/call-status", IncomingFor(genuine.CallSid, ("CallStatus", "completed")),
            _ => Sign(Base + Incoming, IncomingFor(genuine.CallSid, ("CallStatus", "completed"))));
        Attack("signed with a query, sent without", Incoming, IncomingFor(sids[9]), p => Sign(Base + p + "?x=1", IncomingFor(sids[9])));
        Attack("signed without a query, sent with one", Incoming + "?x=1", IncomingFor(sids[10]), _ => Sign(Base + Incoming, IncomingFor(sids[10])));
        Attack("signed for other upper/lower case in the path", "/api/voice/Incoming", IncomingFor(sids[11]), _ => Sign(Base + Incoming, IncomingFor(sids[11])));
        Attack("body changed after signing", Incoming, IncomingFor(sids[12]), p => Sign(Base + p, IncomingFor(sids[12]).Select(f => f.Key == "To" ? new KeyValuePair<string, string>("To", IvrWithStorage.GoodbyeLine) : f)));
        Attack("a field added after signing", Incoming, IncomingFor(sids[13], ("Digits", "1")), p => Sign(Base + p, IncomingFor(sids[13])));
        Attack("a field removed after signing", Incoming, IncomingFor(sids[14]), p => Sign(Base + p, IncomingFor(sids[14], ("Digits", "1"))));
        Attack("signature with its case flipped", Incoming, IncomingFor(sids[15]), async p => FlipCase((await Sign(Base + p, IncomingFor(sids[15])))!));
        Attack("signature with a character appended", Incoming, IncomingFor(sids[16]), async p => (await Sign(Base + p, IncomingFor(sids[16]))) + "=");

        // The same callback path with another query: the record key in the URL is signed too.
        var dialEnded = $"/api/voice/dial-ended?line=%2B31201234567&arrived=20261123T101502123Z";
        var redirected = $"/api/voice/dial-ended?line=%2B31207654321&arrived=20261123T101502123Z";
        List<KeyValuePair<string, string>> DialEndedFor(string callSid) =>
        [
            new("CallSid", callSid), new("To", IvrWithStorage.SupportLine), new("DialCallStatus", "completed"), new("DialBridged", "true"),
        ];
        Attack("dial-ended signed for one line's query, sent with another's", redirected, DialEndedFor(sids[17]), _ => Sign(Base + dialEnded, DialEndedFor(sids[17])));
        Attack("dial-ended signed with a step, sent without it", dialEnded, DialEndedFor(sids[18]), _ => Sign(Base + dialEnded + "&step=1", DialEndedFor(sids[18])));
        Attack("leg-status signed for dial-ended", "/api/voice/leg-status?line=%2B31201234567&arrived=20261123T101502123Z",
            [new("CallSid", SimulatedCall.NewSid("CA")), new("ParentCallSid", sids[19]), new("CallStatus", "in-progress"), new("To", IvrWithStorage.SupportAgent)],
            _ => Sign(Base + dialEnded, [new("CallSid", sids[19])]));

        var failures = new List<string>();
        foreach (var (what, send, _) in attacks)
        {
            var answer = await send();
            if (answer.Status != 403)
            {
                failures.Add($"{what}: {answer.Status} '{Show(answer.Body)}'");
            }
        }

        Assert.True(failures.Count == 0, "Forged requests were not refused with 403:\n" + string.Join("\n", failures));

        // Once a later real call is written, anything the forged requests queued would have been written too.
        var later = ivr.NewCall();
        await later.ArriveAsync();
        await ivr.Records.WaitForAsync(later.CallSid, _ => true);
        await Task.Delay(750);
        var rows = await ivr.Records.AllAsync();
        Assert.Equal(
            new[] { genuine.CallSid, later.CallSid }.Order(StringComparer.Ordinal),
            rows.Select(r => r.GetString("CallSid")).Order(StringComparer.Ordinal));
        var stillOpen = rows.Single(r => r.GetString("CallSid") == genuine.CallSid);
        Assert.Null(stillOpen.GetString("EndStatus"));
        Assert.Null(stillOpen.GetString("DialStatus"));
        Assert.Null(stillOpen.GetString("AnsweredBy"));
    }

    private static string FlipCase(string text) =>
        new(text.Select(c => char.IsUpper(c) ? char.ToLowerInvariant(c) : char.ToUpperInvariant(c)).ToArray());
}
