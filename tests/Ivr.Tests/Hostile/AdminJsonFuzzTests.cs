using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Ivr.Admin;
using Ivr.Routing;
using Ivr.Rules;
using Ivr.Tests.Infrastructure;
using Microsoft.AspNetCore.Http;

namespace Ivr.Tests.Hostile;

/// <summary>
/// Mutated line rules through the admin PUT's own path (<see cref="JsonBody.ReadAsync{T}"/> then
/// <see cref="LineRulesReader.Read"/>) by the thousand, and a few hundred over HTTP: the answer is the rules or a 400
/// naming each bad field by a path into the document, never an exception or a 5xx.
/// </summary>
public sealed class AdminJsonFuzzTests(IvrWithStorage env) : IClassFixture<IvrWithStorage>
{
    private const int Seed = 4242;

    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    [Fact]
    public async Task FiveThousandMutatedRulesDocumentsGetRulesOrFieldErrorsThatNameAPathNeverAnException()
    {
        var random = new Random(Seed);
        var (valid, refused) = (0, 0);
        var failures = new Dictionary<string, string>(StringComparer.Ordinal); // one example per kind of failure
        for (var i = 0; i < 5_000; i++)
        {
            var (body, note) = RulesMutator.Next(random);
            var number = random.Next(25) == 0 ? HostileText.Any(random) : RulesMutator.Line;
            var input = $"#{i} (seed {Seed}, {note})\nNumber: {RawWebhooks.Visible(number)}\nBody: {Show(body)}";
            Verdict verdict;
            try
            {
                verdict = await JudgeAsync(number, body);
            }
            catch (Exception ex)
            {
                var kind = $"{ex.GetType().Name} at {ex.StackTrace?.Split('\n').FirstOrDefault(l => l.Contains("Ivr.", StringComparison.Ordinal))?.Trim()}";
                failures.TryAdd(kind, $"threw {ex.GetType().Name}: {ex.Message}\n{input}");
                continue;
            }

            if (verdict.Problem is { } problem)
            {
                failures.TryAdd(problem.Split('\'')[0], $"{problem}\nErrors: {Describe(verdict.Errors)}\n{input}");
            }

            (valid, refused) = verdict.Rules is null ? (valid, refused + 1) : (valid + 1, refused);
        }

        Assert.True(failures.Count == 0, $"{failures.Count} kinds of wrong outcome ({valid} valid, {refused} refused in all); one input each:\n\n" + string.Join("\n\n", failures.Values));

        // Both outcomes must be common, or the generator is not testing much.
        Assert.True(valid > 500 && refused > 2_000, $"{valid} valid, {refused} refused");
    }

    [Theory]
    [InlineData("""{ "timeZone": "Europe/Amsterdam", "ringGroups": [null] }""", "ringGroups[0]")]
    [InlineData("""{ "timeZone": "Europe/Amsterdam", "ringGroups": [{ "members": ["+31612345678"] }, null] }""", "ringGroups[1]")]
    [InlineData("""{ "timeZone": "Europe/Amsterdam", "ringGroups": [{ "members": ["+31612345678"] }], "closures": [null] }""", "closures[0]")]
    [InlineData("""{ "timeZone": "Europe/Amsterdam", "ringGroups": [{ "members": ["+31612345678"] }], "vipCallers": [null] }""", "vipCallers[0]")]
    public async Task ANullInAListOfRuleObjectsIsRefusedNamingItsPath(string json, string field)
    {
        var verdict = await JudgeAsync(RulesMutator.Line, Encoding.UTF8.GetBytes(json));

        Assert.Null(verdict.Rules);
        Assert.Contains(field, verdict.Errors.Keys);
    }

    [Fact]
    public async Task HundredsOfMutatedRulesOverHttpGetTheSameVerdictNever5xxAndARefusedLineIsNotStored()
    {
        await using var ivr = await env.StartIvrAsync(s => s["RateLimits__AdminPerMinute"] = "100000", seedLines: false);
        var random = new Random(Seed + 1);
        var failures = new List<string>();
        var refusedLines = new List<string>();
        var created = 0;
        for (var i = 0; i < 300; i++)
        {
            var (body, note) = RulesMutator.Next(random);
            var number = "+3185" + (1_000_000 + i).ToString(CultureInfo.InvariantCulture);
            Verdict? expected;
            try
            {
                expected = await JudgeAsync(number, body);
            }
            catch (NullReferenceException)
            {
                expected = null; // The in-process reader crashes on it (reported by the test above); over HTTP it must still be a 4xx.
            }

            using var request = new HttpRequestMessage(HttpMethod.Put, AdminClient.LinePath(number)) { Content = new ByteArrayContent(body) };
            request.Content.Headers.TryAddWithoutValidation("Content-Type", "application/json");
            request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", IvrProcess.AdminKey);
            request.Headers.ExpectContinue = body.Length > RawWebhooks.LargeBody ? true : null;
            using var response = await ivr.Process.Http.SendAsync(request);
            var text = await response.Content.ReadAsStringAsync();
            var status = (int)response.StatusCode;
            var context = $"#{i} (seed {Seed + 1}, {note}) PUT {number}: {status} {Cut(text)}\nIn process: {(expected is null ? "crashed" : expected.Rules is null ? "refused " + Describe(expected.Errors) : "valid")}\nBody: {Show(body)}";

            if (status is not (200 or 201 or 400 or 412 or 428))
            {
                failures.Add("status not 200/201/400/412/428: " + context);
                continue;
            }

            if (status == 400)
            {
                refusedLines.Add(number);
                var errors = ErrorsOf(text, response.Content.Headers.ContentType?.MediaType);
                if (errors is null)
                {
                    failures.Add("400 without a problem+json errors object naming fields: " + context);
                }
                else if (body.Length > 256 * 1024)
                {
                    // Over the body limit the HTTP path refuses before reading any rule; the in-process path has no limit.
                    if (!errors.SequenceEqual(["body"]))
                    {
                        failures.Add($"a body over the limit refused naming [{string.Join(", ", errors)}], not the body: " + context);
                    }
                }
                else if (expected is { Rules: null } && !errors.Order(StringComparer.Ordinal).SequenceEqual(expected.Errors.Keys.Order(StringComparer.Ordinal)))
                {
                    failures.Add($"400 naming [{string.Join(", ", errors)}], not what the same path names in process: " + context);
                }
                else if (expected is { Rules: not null } && body.Length <= 256 * 1024)
                {
                    failures.Add("400 for rules that are valid in process: " + context);
                }
            }
            else if (expected is not { Rules: not null })
            {
                failures.Add("accepted rules that are refused in process: " + context);
            }
            else
            {
                created++;
            }
        }

        foreach (var number in refusedLines)
        {
            using var read = await ivr.Admin.GetLineAsync(number);
            if (read.StatusCode != HttpStatusCode.NotFound)
            {
                failures.Add($"{number} was refused with 400 but GET answers {(int)read.StatusCode}: {Cut(await read.Content.ReadAsStringAsync())}");
            }
        }

        Assert.False(ivr.Process.Process.HasExited, "Ivr died:\n" + ivr.Process.Output);
        Assert.True(failures.Count == 0, $"{failures.Count} of 300 PUTs went wrong ({created} created, {refusedLines.Count} refused):\n" + string.Join("\n\n", failures.Take(15)));
        Assert.True(created > 40 && refusedLines.Count > 100, $"{created} created, {refusedLines.Count} refused: the generator is not testing much.");
    }

    [Fact]
    public async Task ANullInAListOfRuleObjectsGets400OverHttpNot500AndNothingIsStored()
    {
        await using var ivr = await env.StartInProcessAsync(seedLines: false);
        string[] bodies =
        [
            """{ "timeZone": "Europe/Amsterdam", "ringGroups": [null] }""",
            """{ "timeZone": "Europe/Amsterdam", "ringGroups": [{ "members": ["+31612345678"] }], "closures": [null] }""",
            """{ "timeZone": "Europe/Amsterdam", "ringGroups": [{ "members": ["+31612345678"] }], "vipCallers": [null] }""",
        ];
        var answers = new List<string>();
        for (var i = 0; i < bodies.Length; i++)
        {
            var number = "+3186" + (1_000_000 + i).ToString(CultureInfo.InvariantCulture);
            using var put = await ivr.Admin.PutLineAsync(number, bodies[i]);
            using var dryRun = await ivr.Admin.SendAsync(HttpMethod.Post, AdminClient.LinePath(number) + "/dry-run", $$"""{ "rules": {{bodies[i]}} }""");
            using var read = await ivr.Admin.GetLineAsync(number);
            answers.Add($"PUT {(int)put.StatusCode}, dry run {(int)dryRun.StatusCode}, then GET {(int)read.StatusCode}: {bodies[i]}");
        }

        Assert.All(answers, answer => Assert.StartsWith("PUT 400, dry run 400, then GET 404", answer, StringComparison.Ordinal));
    }

    [Fact]
    public void ThePathCheckCatchesErrorsThatNameNoField()
    {
        using var document = JsonDocument.Parse("""{ "ringGroups": [{ "members": ["x"], "odd name": 1 }], "menu": { "options": { "1": "A" } } }""");
        string[] message = ["bad"];

        Assert.Null(ErrorsProblem(new Dictionary<string, string[]> { ["ringGroups[0].members[0]"] = message }, document, strict: true));
        Assert.Null(ErrorsProblem(new Dictionary<string, string[]> { ["ringGroups[0]['odd name']"] = message }, document, strict: true));
        Assert.Null(ErrorsProblem(new Dictionary<string, string[]> { ["menu.options.1"] = message }, document, strict: true));
        Assert.Null(ErrorsProblem(new Dictionary<string, string[]> { ["ringGroups[0].name"] = message }, document, strict: false));
        Assert.NotNull(ErrorsProblem(new Dictionary<string, string[]> { ["ringGroups[0].name"] = message }, document, strict: true));
        Assert.NotNull(ErrorsProblem(new Dictionary<string, string[]> { ["ringGroups[3].members"] = message }, document, strict: false));
        Assert.NotNull(ErrorsProblem(new Dictionary<string, string[]> { ["menu.options.2"] = message }, document, strict: false));
        Assert.NotNull(ErrorsProblem(new Dictionary<string, string[]> { ["$.ringGroups"] = message }, document, strict: false));
        Assert.NotNull(ErrorsProblem(new Dictionary<string, string[]> { [""] = message }, document, strict: false));
        Assert.NotNull(ErrorsProblem(new Dictionary<string, string[]>(), document, strict: false));
        Assert.NotNull(ErrorsProblem(new Dictionary<string, string[]> { ["timeZone"] = [] }, document, strict: false));
    }

    /// <summary>The admin PUT's verdict on a body, and what is wrong with it (null when it is right).</summary>
    private sealed record Verdict(LineRules? Rules, IDictionary<string, string[]> Errors, string? Problem);

    private static async Task<Verdict> JudgeAsync(string number, byte[] body)
    {
        var context = new DefaultHttpContext();
        context.Request.Method = "PUT";
        context.Request.ContentType = "application/json";
        context.Request.Body = new MemoryStream(body);
        var (document, problem) = await JsonBody.ReadAsync(context.Request, RulesJson.Default.LineRulesDocument);
        JsonDocument? parsed = null;
        try
        {
            _ = StrictUtf8.GetCharCount(body);
            parsed = JsonDocument.Parse(body, new JsonDocumentOptions { MaxDepth = 64 });
        }
        catch (Exception ex) when (ex is JsonException or DecoderFallbackException)
        {
            // Not JSON (or not UTF-8) at all: only the field the reader stopped at can be named.
        }

        using (parsed)
        {
            if (document is null)
            {
                var errors = problem?.ProblemDetails.Errors ?? new Dictionary<string, string[]>();
                return new Verdict(null, errors, problem is null ? "neither a document nor a problem" : ErrorsProblem(errors, parsed, strict: true));
            }

            var (rules, readErrors) = LineRulesReader.Read(number, document);
            var found = readErrors.ToDictionary(e => e.Key, e => e.Value);
            if (rules is null)
            {
                return new Verdict(null, found, ErrorsProblem(found, parsed, strict: false));
            }

            return new Verdict(rules, found, found.Count > 0 ? "rules built despite errors" : RulesProblem(number, rules));
        }
    }

    /// <summary>Every refusal names at least one field, each by a path into the document (or the URL's number, or the body).</summary>
    private static string? ErrorsProblem(IDictionary<string, string[]> errors, JsonDocument? document, bool strict)
    {
        if (errors.Count == 0)
        {
            return "refused without naming a field";
        }

        foreach (var (field, messages) in errors)
        {
            if (string.IsNullOrWhiteSpace(field) || field.StartsWith('$'))
            {
                return $"error key '{RawWebhooks.Visible(field)}' is not a field path";
            }

            if (messages.Length == 0 || messages.Any(string.IsNullOrWhiteSpace))
            {
                return $"error for '{field}' has no message";
            }

            if (field is "body" or "number" || document is null)
            {
                continue;
            }

            if (!Resolves(document.RootElement, field, strict))
            {
                return $"'{RawWebhooks.Visible(field)}' names no field of the document";
            }
        }

        return null;
    }

    /// <summary>
    /// Whether <paramref name="path"/> (<c>ringGroups[0].members[1]</c>, <c>menu.options.1</c>, <c>['odd name']</c>) leads to a
    /// member of the document; unless <paramref name="strict"/>, its last step may be a member that is missing (a required field).
    /// Member names match case-insensitively, as the rules' JSON reads them.
    /// </summary>
    private static bool Resolves(JsonElement root, string path, bool strict)
    {
        var node = root;
        var i = 0;
        while (i < path.Length)
        {
            if (path[i] == '.')
            {
                i++;
                continue;
            }

            if (node.ValueKind == JsonValueKind.Object && IsOptions(path, i))
            {
                // A dictionary key, written raw by the reader (menu.options.<key>) or bracketed by the serializer.
                var key = path[i..];
                key = key.StartsWith("['", StringComparison.Ordinal) && key.EndsWith("']", StringComparison.Ordinal) ? key[2..^2] : key;
                return node.EnumerateObject().Any(p => p.Name == key);
            }

            if (path[i] == '[' && i + 1 < path.Length && path[i + 1] == '\'')
            {
                var end = path.IndexOf("']", i + 2, StringComparison.Ordinal);
                while (end >= 0 && end + 2 < path.Length && path[end + 2] is not ('.' or '['))
                {
                    end = path.IndexOf("']", end + 1, StringComparison.Ordinal);
                }

                if (end < 0)
                {
                    return false;
                }

                var name = path[(i + 2)..end];
                i = end + 2;
                if (!Step(ref node, name, last: i >= path.Length, strict))
                {
                    return false;
                }
            }
            else if (path[i] == '[')
            {
                var end = path.IndexOf(']', i);
                if (end < 0 || !int.TryParse(path.AsSpan(i + 1, end - i - 1), NumberStyles.None, CultureInfo.InvariantCulture, out var index))
                {
                    return false;
                }

                i = end + 1;
                if (node.ValueKind != JsonValueKind.Array || index >= node.GetArrayLength())
                {
                    return !strict && i >= path.Length && node.ValueKind == JsonValueKind.Array;
                }

                node = node[index];
            }
            else
            {
                var end = path.IndexOfAny(['.', '['], i);
                end = end < 0 ? path.Length : end;
                var name = path[i..end];
                i = end;
                if (!Step(ref node, name, last: i >= path.Length, strict))
                {
                    return false;
                }
            }
        }

        return true;
    }

    private static bool IsOptions(string path, int i) =>
        i >= "menu.options.".Length && path.AsSpan(0, i).EndsWith("options.", StringComparison.Ordinal)
        || (i >= "menu.options".Length && path.AsSpan(0, i).EndsWith("options", StringComparison.Ordinal) && path[i] == '[' && i + 1 < path.Length && path[i + 1] == '\'');

    private static bool Step(ref JsonElement node, string name, bool last, bool strict)
    {
        if (node.ValueKind != JsonValueKind.Object)
        {
            return false;
        }

        // A member given twice is read as its last value, as System.Text.Json reads it.
        var found = false;
        foreach (var member in node.EnumerateObject())
        {
            if (string.Equals(member.Name, name, StringComparison.OrdinalIgnoreCase))
            {
                node = member.Value;
                found = true;
            }
        }

        return found || (!strict && last);
    }

    /// <summary>Valid rules keep every bound the reader promises.</summary>
    private static string? RulesProblem(string number, LineRules rules)
    {
        if (rules.Number != number || !PhoneNumber.IsE164(number))
        {
            return $"rules for '{rules.Number}' accepted on number '{number}'";
        }

        if (string.IsNullOrWhiteSpace(rules.Name) || rules.Name.Length > RuleLimits.MaxNameLength)
        {
            return $"name '{rules.Name}' is blank or too long";
        }

        if (!rules.TimeZone.HasIanaId)
        {
            return $"time zone {rules.TimeZone.Id} is not IANA";
        }

        if (rules.RingGroups.Count is < 1 or > RuleLimits.MaxRingGroups)
        {
            return $"{rules.RingGroups.Count} ring groups";
        }

        if (rules.RingGroups.Select(g => g.Name).Distinct(StringComparer.Ordinal).Count() != rules.RingGroups.Count)
        {
            return "two ring groups share a name";
        }

        foreach (var group in rules.RingGroups)
        {
            if (group.Members.Count is < 1 or > RuleLimits.MaxGroupMembers)
            {
                return $"group '{group.Name}' has {group.Members.Count} members";
            }

            if (group.RingTimeoutSeconds is < RuleLimits.MinRingTimeoutSeconds or > RuleLimits.MaxRingTimeoutSeconds)
            {
                return $"group '{group.Name}' rings for {group.RingTimeoutSeconds} s";
            }

            if (string.IsNullOrWhiteSpace(group.Name) || group.Name.Length > RuleLimits.MaxNameLength)
            {
                return $"group name '{group.Name}' is blank or too long";
            }

            if (group.Members.Any(m => m.Kind == RingTargetKind.Number && m.Address == number))
            {
                return $"group '{group.Name}' rings the line itself";
            }
        }

        var names = rules.RingGroups.Select(g => g.Name).ToHashSet(StringComparer.Ordinal);
        if (rules.Menu is { } menu && (menu.Options.Count == 0 || menu.Options.Any(o => !char.IsAsciiDigit(o.Key) || !names.Contains(o.Value))
            || menu.TimeoutSeconds is < RuleLimits.MinMenuTimeoutSeconds or > RuleLimits.MaxMenuTimeoutSeconds || string.IsNullOrWhiteSpace(menu.Prompt)))
        {
            return "the menu breaks a bound";
        }

        if (rules.VipCallers.Count > RuleLimits.MaxVipCallers || rules.VipCallers.Any(v => !PhoneNumber.IsE164(v.Number) || !names.Contains(v.RingGroup)))
        {
            return "a VIP caller breaks a bound";
        }

        if (rules.Closures.Count > RuleLimits.MaxClosures)
        {
            return $"{rules.Closures.Count} closures";
        }

        // The range docs/admin-api.md promises, written out here rather than taken from the code under test.
        var (first, last) = (new DateOnly(2000, 1, 1), new DateOnly(2199, 12, 31));
        if (rules.Closures.FirstOrDefault(c => c.From < first || c.From > last || c.To < first || c.To > last) is { } outside)
        {
            return $"closure {outside.Describe()} is outside 2000-01-01 to 2199-12-31";
        }

        if (rules.Sticky is { } sticky && (sticky.WithinDays is < RuleLimits.MinStickyDays or > RuleLimits.MaxStickyDays
            || sticky.RingTimeoutSeconds is < RuleLimits.MinRingTimeoutSeconds or > RuleLimits.MaxRingTimeoutSeconds))
        {
            return "sticky routing breaks a bound";
        }

        foreach (var spoken in new[] { rules.Greeting, rules.WhenNobodyAnswers.Message, rules.AfterHours.Message, rules.Menu?.Prompt })
        {
            if (spoken is not null && (string.IsNullOrWhiteSpace(spoken) || spoken.Length > RuleLimits.MaxSpokenLength))
            {
                return $"spoken text of {spoken.Length} characters";
            }
        }

        if (rules.AfterHours.Action == AfterHoursAction.Forward && rules.AfterHours.ForwardTo is null)
        {
            return "after hours forwards to nobody";
        }

        return null;
    }

    private static List<string>? ErrorsOf(string text, string? mediaType)
    {
        if (mediaType != "application/problem+json")
        {
            return null;
        }

        try
        {
            return JsonNode.Parse(text)?["errors"] is JsonObject { Count: > 0 } errors ? errors.Select(e => e.Key).ToList() : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static string Describe(IDictionary<string, string[]> errors) =>
        "{" + string.Join(", ", errors.Take(12).Select(e => $"{RawWebhooks.Visible(e.Key)}: {Cut(string.Join(" | ", e.Value), 120)}")) + (errors.Count > 12 ? ", …" : "") + "}";

    private static string Show(byte[] body) => RawWebhooks.Visible(Cut(Encoding.UTF8.GetString(body), 1_500));

    private static string Cut(string text, int max = 600) => text.Length > max ? text[..max] + $"… ({text.Length} chars)" : text;
}
