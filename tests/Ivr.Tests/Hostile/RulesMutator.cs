using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Ivr.Tests.Infrastructure;

namespace Ivr.Tests.Hostile;

/// <summary>
/// Seeded mutations of valid line rules: fields deleted, duplicated, of the wrong type, with huge numbers, nested deep,
/// unknown, truncated, or plain random bytes. Each document comes with a note of what was done, for failure messages.
/// </summary>
internal static class RulesMutator
{
    /// <summary>Everything the rules can say, as in docs/admin-api.md (the line is <see cref="Line"/>).</summary>
    public const string FullRules = """
        {
          "name": "Support",
          "timeZone": "Europe/Amsterdam",
          "language": "nl-NL",
          "voice": "Polly.Lotte",
          "texts": {
            "leaveAMessage": "Spreek na de toon een bericht in.",
            "goodbye": "Niemand is vrij. Tot ziens.",
            "thanksForTheMessage": "Dank u wel. Tot ziens.",
            "closed": "We zijn gesloten. Tot ziens.",
            "screening": "Gesprek voor {line}. Druk op een toets."
          },
          "openingHours": {
            "monday": ["08:30-12:30", "13:30-17:30"],
            "friday": ["08:30-17:30", "22:00-02:00"],
            "saturday": ["10:00-14:00"]
          },
          "closures": [
            { "from": "2026-12-24", "to": "2026-12-26", "name": "Christmas" },
            { "from": "2026-12-31", "yearly": true, "name": "New Year's Eve" }
          ],
          "publicHolidays": ["NL"],
          "ringGroups": [
            { "name": "Desk", "members": ["+31612345678", "client:alice"], "strategy": "simultaneous", "ringTimeoutSeconds": 20 },
            { "name": "Backoffice", "members": ["+31687650000", "sip:bob@example.sip.twilio.com"], "strategy": "sequential", "ringTimeoutSeconds": 15 }
          ],
          "whenNobodyAnswers": { "action": "voicemail" },
          "afterHours": { "action": "forward", "forwardTo": "+31611112222", "ringTimeoutSeconds": 20 },
          "greeting": null,
          "menu": { "prompt": "For sales press 1, or stay on the line.", "timeoutSeconds": 3, "options": { "1": "Backoffice" } },
          "vipCallers": [{ "number": "+31655555555", "ringGroup": "Backoffice" }],
          "sticky": { "withinDays": 30, "ringTimeoutSeconds": 15 },
          "screening": false,
          "callerId": "caller"
        }
        """;

    public const string Line = "+31851234567";

    private static readonly string[] FieldNames =
    [
        "number", "name", "timeZone", "language", "openingHours", "closures", "publicHolidays", "ringGroups", "whenNobodyAnswers",
        "afterHours", "greeting", "menu", "vipCallers", "sticky", "screening", "callerId", "members", "strategy", "ringTimeoutSeconds",
        "action", "message", "forwardTo", "prompt", "timeoutSeconds", "options", "withinDays", "from", "to", "yearly", "monday", "sunday",
        "voice", "texts", "leaveAMessage", "goodbye", "thanksForTheMessage", "closed",
    ];

    private static readonly string[] NearlyRight =
    [
        "Europe/Amsterdam", "europe/amsterdam", "Mars/Olympus", "UTC", "Local", "Etc/GMT+14", "../../etc/passwd", "/etc/localtime",
        "Europe/../Europe/Amsterdam", "America/New_York\0", "08:30-12:30", "22:00-02:00", "00:00-24:00", "24:00-01:00", "25:00-26:00",
        "09:00-09:00", "9:00-17:00", "09:00 - 17:00", "09:00-17:00-18:00", "+31612345678", "+31851234567", "0612345678", "client:",
        "client:a b", "client:" + new string('a', 300), "sip:", "sip:a", "sip:<x>@y", "2026-02-30", "2026-12-24", "9999-12-31", "0001-01-01",
        "1999-12-31", "2000-01-01", "2199-12-31", "2200-01-01", "10000-01-01", "2026-12-24T00:00",
        "simultaneous", "sequential", "SEQUENTIAL", "voicemail", "goodbye", "forward", "message", "caller", "line", "NL", "DE", "nl", "FR",
        "nl-NL", "en", "x-klingon", "1", "10", "a", "", " ", "Desk", "Backoffice", "Nobody",
        "Polly.Lotte", "Polly.Lotte-Neural", "polly.lotte", "Polly.", "Google.nl-NL-Standard-A", "Google.de-DE-Standard-A", "Google.nl-NL", "man", "alice",
        "{line}", "Call for {line}.", "Call for {Line}.", "{line} {caller}", "{", "}",
    ];

    /// <summary>The first and last days Ivr takes, the days just outside them, and the ends of DateOnly.</summary>
    private static readonly string[] EdgeDates =
    [
        "2000-01-01", "2000-01-02", "2199-12-24", "2199-12-31", "1999-12-31", "2200-01-01", "0001-01-01", "9999-12-31",
    ];

    private static readonly string[] RawNumbers =
    [
        "0", "-0", "1", "-1", "4", "5", "365", "366", "600", "601", "2147483647", "-2147483648", "2147483648", "-2147483649", "99999999999",
        "99999999999999999999999999999",
        "1e400", "-1e400", "1.5", "1.0", "1e2", "0.0000001", "123456789012345678901234567890.5",
    ];

    public static IReadOnlyList<string> Seeds { get; } =
    [
        IvrWithStorage.SupportRules,
        IvrWithStorage.GoodbyeRules,
        File.ReadAllText(Repo.PathOf("tools", "demo-line.json")),
        FullRules,
    ];

    /// <summary>One generated document as bytes, with what was done to it.</summary>
    public static (byte[] Body, string Note) Next(Random random)
    {
        var seed = Seeds[random.Next(Seeds.Count)];
        var notes = new List<string>();
        switch (random.Next(20))
        {
            case 0:
                notes.Add("random bytes");
                var bytes = new byte[random.Next(0, 400)];
                random.NextBytes(bytes);
                return (bytes, string.Join("; ", notes));
            case 1:
            {
                var text = seed[..random.Next(seed.Length)];
                return (Encoding.UTF8.GetBytes(text), $"truncated to {text.Length} chars");
            }

            case 2:
                string[] odd = ["", "null", "[]", "{}", "\"rules\"", "42", "true", "{\"timeZone\":\"Europe/Amsterdam\"}{}", "\uFEFF{}", "{,}", "{\"a\":1,}", "/* c */ {}"];
                var chosen = odd[random.Next(odd.Length)];
                return (Encoding.UTF8.GetBytes(chosen), "odd body " + RawWebhooks.Visible(chosen));
        }

        var root = JsonNode.Parse(seed)!.AsObject();
        var raws = new Dictionary<string, string>(StringComparer.Ordinal);
        string Raw(string text)
        {
            var token = "@@RAW" + raws.Count.ToString(CultureInfo.InvariantCulture) + "@@";
            raws[token] = text;
            return token;
        }

        for (var count = random.Next(10) switch { < 6 => 1, < 9 => 2, _ => random.Next(3, 6) }; count > 0; count--)
        {
            notes.Add(Mutate(random, root, Raw));
        }

        var json = root.ToJsonString(new JsonSerializerOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping });
        // Raw text may hold other raw tokens (a duplicated member's value): replace until none is left.
        for (var pass = 0; pass <= raws.Count && json.Contains("\"@@RAW", StringComparison.Ordinal); pass++)
        {
            foreach (var (token, raw) in raws)
            {
                json = json.Replace("\"" + token + "\"", raw, StringComparison.Ordinal);
            }
        }

        var body = Encoding.UTF8.GetBytes(json);
        if (random.Next(12) == 0)
        {
            // Bytes that are not UTF-8, somewhere.
            var corrupted = body.ToList();
            for (var i = random.Next(1, 4); i > 0; i--)
            {
                corrupted.Insert(random.Next(corrupted.Count + 1), (byte)random.Next(0x80, 0x100));
            }

            body = corrupted.ToArray();
            notes.Add("non-UTF-8 bytes inserted");
        }
        else if (random.Next(12) == 0)
        {
            var at = random.Next(body.Length);
            body = body[..at];
            notes.Add($"cut at byte {at}");
        }

        return (body, string.Join("; ", notes));
    }

    private static string Mutate(Random random, JsonObject root, Func<string, string> raw)
    {
        if (random.Next(5) < 2)
        {
            return ValidChange(random, root);
        }

        var nodes = new List<(JsonNode Node, string Path)>();
        Collect(root, "$", nodes);
        var (target, path) = nodes[random.Next(nodes.Count)];
        switch (random.Next(12))
        {
            case 0:
                if (target.Parent is JsonObject owner)
                {
                    owner.Remove(target.GetPropertyName());
                    return "deleted " + path;
                }

                if (target.Parent is JsonArray array)
                {
                    array.Remove(target);
                    return "deleted " + path;
                }

                return "kept " + path;
            case 1:
                Replace(target, RandomValue(random, raw));
                return "wrong type at " + path;
            case 2:
            {
                var into = ObjectsIn(nodes, root, random);
                var name = random.Next(3) switch
                {
                    0 => HostileText.Any(random, 20),
                    1 => FieldNames[random.Next(FieldNames.Length)].ToUpperInvariant(),
                    _ => FieldNames[random.Next(FieldNames.Length)],
                };
                if (!into.ContainsKey(name))
                {
                    into[name] = RandomValue(random, raw);
                }

                return $"added '{RawWebhooks.Visible(name)}'";
            }

            case 3:
            {
                // A duplicated member: the second copy is written verbatim next to the first.
                var into = ObjectsIn(nodes, root, random);
                if (into.Count == 0)
                {
                    return "nothing to duplicate";
                }

                var (name, value) = into.ElementAt(random.Next(into.Count));
                var copy = random.Next(2) == 0 ? value?.ToJsonString() ?? "null" : RandomValue(random, raw)?.ToJsonString() ?? "null";
                into[name] = raw((value?.ToJsonString() ?? "null") + "," + JsonSerializer.Serialize(name) + ":" + copy);
                return $"duplicated '{name}'";
            }

            case 4:
                Replace(target, raw(RawNumbers[random.Next(RawNumbers.Length)]));
                return "number at " + path;
            case 5:
            {
                var depth = random.Next(2) == 0 ? random.Next(10, 70) : random.Next(70, 3_000);
                var open = random.Next(2) == 0 ? "[" : "{\"a\":";
                var close = open == "[" ? "]" : "}";
                Replace(target, raw(string.Concat(Enumerable.Repeat(open, depth)) + "1" + string.Concat(Enumerable.Repeat(close, depth))));
                return $"nested {depth} deep at {path}";
            }

            case 6:
                Replace(target, JsonValue.Create(random.Next(4) == 0 ? new string('x', random.Next(90, 600)) : HostileText.Mixed(random, random.Next(1_000, 40_000))));
                return "long text at " + path;
            case 7:
                Replace(target, JsonValue.Create(HostileText.Any(random)));
                return "odd text at " + path;
            case 8:
                Replace(target, JsonValue.Create(NearlyRight[random.Next(NearlyRight.Length)]));
                return "nearly right at " + path;
            case 9:
                if (target is JsonArray list)
                {
                    list.Insert(random.Next(list.Count + 1), random.Next(2) == 0 ? null : RandomValue(random, raw));
                    return "element added to " + path;
                }

                Replace(target, new JsonArray(null, RandomValue(random, raw)));
                return "array with null at " + path;
            case 10:
            {
                // A closure at the edges of the days Ivr takes, or of DateOnly itself, sometimes yearly across the year end.
                var closure = new JsonObject { ["from"] = EdgeDates[random.Next(EdgeDates.Length)] };
                if (random.Next(3) > 0)
                {
                    closure["to"] = EdgeDates[random.Next(EdgeDates.Length)];
                }

                if (random.Next(2) == 0)
                {
                    closure["yearly"] = true;
                }

                root["closures"] = new JsonArray(closure);
                return $"closure {closure.ToJsonString()}";
            }

            default:
                // Many elements: past the limits on groups, members, closures, VIP callers.
                var many = new JsonArray();
                var size = random.Next(5, 600);
                var element = target is JsonArray { Count: > 0 } existing ? existing[0] : target;
                for (var i = 0; i < size; i++)
                {
                    many.Add(element?.DeepClone());
                }

                Replace(target, many);
                return $"{size} copies at {path}";
        }
    }

    /// <summary>A change the rules allow, often with odd but legal text, so that many documents stay valid.</summary>
    private static string ValidChange(Random random, JsonObject root)
    {
        string Text(int max)
        {
            var text = HostileText.Mixed(random, random.Next(1, max + 1)).Replace("\0", "", StringComparison.Ordinal).Trim();
            return string.IsNullOrWhiteSpace(text) ? "x" : text;
        }

        static string Braceless(string text) => text.Replace("{", "", StringComparison.Ordinal).Replace("}", "", StringComparison.Ordinal);

        switch (random.Next(12))
        {
            case 0:
                root["name"] = Text(RuleLimitsMaxName);
                return "valid odd name";
            case 1:
                root["greeting"] = Text(120);
                return "valid odd greeting";
            case 2:
                if (root["ringGroups"] is JsonArray { Count: > 0 } groups && groups[0] is JsonObject group)
                {
                    group["ringTimeoutSeconds"] = random.Next(5, 601);
                }

                return "valid ring timeout";
            case 3:
                root["language"] = new[] { "nl-NL", "de-DE", "en-GB", "en", "fr-CA" }[random.Next(5)];
                return "valid language";
            case 4:
                root["callerId"] = random.Next(2) == 0 ? "line" : "caller";
                return "valid caller id";
            case 5:
                root["screening"] = random.Next(2) == 0;
                return "valid screening";
            case 6:
                root["publicHolidays"] = random.Next(2) == 0 ? new JsonArray("NL") : new JsonArray("DE", "nl");
                return "valid holidays";
            case 7:
                root["openingHours"] = new JsonObject { ["monday"] = new JsonArray("09:00-17:00"), ["sunday"] = new JsonArray("22:00-02:00") };
                return "valid hours";
            case 8:
                // The first and last days Ivr takes, and a yearly closure across the year end between them.
                root["closures"] = new JsonArray(
                    new JsonObject { ["from"] = "2000-01-01" },
                    new JsonObject { ["from"] = "2199-12-24", ["to"] = "2000-01-02", ["yearly"] = true },
                    new JsonObject { ["from"] = "2199-12-31", ["to"] = "2199-12-31" });
                return "valid closures at the edges of the range";
            case 9:
                root["voice"] = Voices[random.Next(Voices.Length)];
                return "valid voice";
            case 10:
                root["texts"] = new JsonObject
                {
                    [OwnTexts[random.Next(OwnTexts.Length)]] = Text(RuleLimitsMaxSpoken),
                    // Braces other than {line} are refused, so none in the odd text around it.
                    ["screening"] = Braceless(Text(200)) + " {line} " + Braceless(Text(100)),
                };
                return "valid own texts";
            default:
                if (root["ringGroups"] is JsonArray { Count: > 0 } named && named[0] is JsonObject first)
                {
                    first["name"] = Text(RuleLimitsMaxName);
                }

                return "valid odd group name";
        }
    }

    private const int RuleLimitsMaxName = 100;

    private const int RuleLimitsMaxSpoken = 500;

    private static readonly string[] Voices = ["Polly.Lotte", "Polly.Vicki-Neural", "man", "woman", "alice"];

    private static readonly string[] OwnTexts = ["leaveAMessage", "goodbye", "thanksForTheMessage", "closed"];

    private static JsonObject ObjectsIn(List<(JsonNode Node, string Path)> nodes, JsonObject root, Random random)
    {
        var objects = nodes.Select(n => n.Node).OfType<JsonObject>().ToList();
        return objects.Count == 0 ? root : objects[random.Next(objects.Count)];
    }

    private static void Replace(JsonNode target, JsonNode? value)
    {
        switch (target.Parent)
        {
            case JsonObject owner:
                owner[target.GetPropertyName()] = value;
                break;
            case JsonArray array:
                array[target.GetElementIndex()] = value;
                break;
        }
    }

    private static JsonNode? RandomValue(Random random, Func<string, string> raw) => random.Next(10) switch
    {
        0 => null,
        1 => JsonValue.Create(random.Next(2) == 0),
        2 => JsonValue.Create(random.Next(int.MinValue, int.MaxValue)),
        3 => JsonValue.Create(raw(RawNumbers[random.Next(RawNumbers.Length)])),
        4 => new JsonArray(),
        5 => new JsonObject(),
        6 => new JsonArray(JsonValue.Create(HostileText.Any(random)), null),
        7 => new JsonObject { [HostileText.Any(random, 10)] = JsonValue.Create(HostileText.Any(random)) },
        8 => JsonValue.Create(NearlyRight[random.Next(NearlyRight.Length)]),
        _ => JsonValue.Create(HostileText.Any(random)),
    };

    private static void Collect(JsonNode? node, string path, List<(JsonNode Node, string Path)> into)
    {
        if (node is null)
        {
            return;
        }

        if (node.Parent is not null)
        {
            into.Add((node, path));
        }

        switch (node)
        {
            case JsonObject obj:
                foreach (var (name, child) in obj)
                {
                    Collect(child, path + "." + name, into);
                }

                break;
            case JsonArray array:
                for (var i = 0; i < array.Count; i++)
                {
                    Collect(array[i], path + "[" + i.ToString(CultureInfo.InvariantCulture) + "]", into);
                }

                break;
        }
    }
}
