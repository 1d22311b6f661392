using System.Text.Json;
using Ivr.Hosting;
using Ivr.Tests.Infrastructure;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Ivr.Tests.Integration;

/// <summary>The function.json files the Functions host reads and the routes the handler serves never drift apart.</summary>
public sealed class FunctionMetadataTests
{
    [Fact]
    public void EveryFunctionJsonMatchesAnEndpointAndEveryEndpointHasOne() =>
        FunctionDeclarations.AssertMatchServedEndpoints(Repo.PathOf("functions", "triggers"), Repo.PathOf("host.json"));

    [Fact]
    public void EveryTimerFunctionJsonHasAValidScheduleAndATimerEndpointAndEveryTimerEndpointHasOne()
    {
        var declared = ReadTimerFunctionJsons();
        var served = ServedTimers();

        Assert.NotEmpty(declared);
        Assert.Contains("RollupHandoffs", declared.Keys);
        Assert.Contains("PurgeHandoffs", declared.Keys);
        Assert.Equal(declared.Keys.Order(StringComparer.Ordinal), served.Keys.Order(StringComparer.Ordinal));
        foreach (var (name, schedule) in declared)
        {
            Assert.True(NcrontabProblem(schedule) is null, $"{name}: schedule '{schedule}': {NcrontabProblem(schedule)}");
            var endpoint = served[name];
            Assert.Equal("/" + name, endpoint.Route);
            Assert.Equal(["POST"], endpoint.Methods);
            Assert.False(endpoint.IsHttpFunction, $"{name} is a timer; it must not also be declared as an HTTP function");
        }
    }

    [Theory]
    [InlineData("0 */5 * * * *", true)]
    [InlineData("0 30 3 * * *", true)]
    [InlineData("0 0 9-17/2 * * MON-FRI", true)]
    [InlineData("5,35 0 0 1 JAN,jul 0", true)]
    [InlineData("*/5 * * * *", false)]
    [InlineData("0 */5 * * * * *", false)]
    [InlineData("0 60 * * * *", false)]
    [InlineData("0 0 24 * * *", false)]
    [InlineData("0 0 0 0 * *", false)]
    [InlineData("0 0 0 * 13 *", false)]
    [InlineData("0 0 0 * * 7", false)]
    [InlineData("0 */0 * * * *", false)]
    [InlineData("0 5-1 * * * *", false)]
    [InlineData("0 0 0 * * FUNDAY", false)]
    [InlineData("00:05:00", false)]
    public void TheScheduleCheckAcceptsOnlySixFieldNcrontab(string schedule, bool valid) =>
        Assert.Equal(valid, NcrontabProblem(schedule) is null);

    [Fact]
    public void HostJsonProxiesHttpRequestsToTheHandlerExecutable()
    {
        using var host = JsonDocument.Parse(File.ReadAllText(Repo.PathOf("host.json")));
        var handler = host.RootElement.GetProperty("customHandler");

        Assert.True(handler.GetProperty("enableProxyingHttpRequest").GetBoolean());
        Assert.Equal("bin/Ivr", handler.GetProperty("description").GetProperty("defaultExecutablePath").GetString());
    }

    /// <summary>
    /// Timer functions declared in function.json files: name (the folder) → schedule. Each is one <c>timerTrigger</c>
    /// binding named <c>timer</c> (the handler reads <c>Data.timer</c> of the host's payload) that does not run on startup.
    /// </summary>
    private static Dictionary<string, string> ReadTimerFunctionJsons()
    {
        var timers = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var file in Directory.GetFiles(Repo.PathOf("functions", "triggers"), "function.json", SearchOption.AllDirectories))
        {
            using var json = JsonDocument.Parse(File.ReadAllText(file));
            var bindings = json.RootElement.GetProperty("bindings").EnumerateArray().ToList();
            if (!bindings.Any(b => b.GetProperty("type").GetString() == "timerTrigger"))
            {
                continue;
            }

            var name = Path.GetFileName(Path.GetDirectoryName(file))!;
            var trigger = Assert.Single(bindings);
            Assert.Equal("in", trigger.GetProperty("direction").GetString());
            Assert.Equal("timer", trigger.GetProperty("name").GetString());
            Assert.True(
                !trigger.TryGetProperty("runOnStartup", out var runOnStartup) || runOnStartup.ValueKind == JsonValueKind.False,
                $"{name}: runOnStartup must be false (it would run on every scale-out and restart)");
            timers[name] = trigger.GetProperty("schedule").GetString()!;
        }

        return timers;
    }

    private sealed record TimerEndpoint(string Route, string[] Methods, bool IsHttpFunction);

    /// <summary>Endpoints the app marks as timer functions: the metadata's name → route, methods.</summary>
    private static Dictionary<string, TimerEndpoint> ServedTimers()
    {
        using var app = FunctionDeclarations.CreateApp();
        var endpoints = app.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>();
        return endpoints
            .Where(e => e.Metadata.GetMetadata<TimerFunctionEndpoint>() is not null)
            .ToDictionary(
                e => e.Metadata.GetMetadata<TimerFunctionEndpoint>()!.Name,
                e => new TimerEndpoint(
                    "/" + e.RoutePattern.RawText!.TrimStart('/'),
                    e.Metadata.GetMetadata<IHttpMethodMetadata>()!.HttpMethods.Order(StringComparer.Ordinal).ToArray(),
                    e.Metadata.GetMetadata<FunctionEndpoint>() is not null),
                StringComparer.Ordinal);
    }

    private static readonly (string Name, int Min, int Max, string[] Names)[] NcrontabFields =
    [
        ("second", 0, 59, []),
        ("minute", 0, 59, []),
        ("hour", 0, 23, []),
        ("day", 1, 31, []),
        ("month", 1, 12, ["JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"]),
        ("day of week", 0, 6, ["SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT"]),
    ];

    /// <summary>
    /// Why a schedule is not a six-field NCRONTAB expression (<c>{second} {minute} {hour} {day} {month} {day-of-week}</c>)
    /// as the Functions timer trigger reads it; null when it is one. Each field is a list of <c>*</c>, values and ranges,
    /// each optionally with a <c>/step</c>.
    /// </summary>
    private static string? NcrontabProblem(string schedule)
    {
        var fields = schedule.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (fields.Length != NcrontabFields.Length)
        {
            return $"{fields.Length} fields, not 6";
        }

        for (var i = 0; i < fields.Length; i++)
        {
            var (name, min, max, names) = NcrontabFields[i];
            int? Value(string text)
            {
                var named = Array.FindIndex(names, n => string.Equals(n, text, StringComparison.OrdinalIgnoreCase));
                if (named >= 0)
                {
                    return min + named;
                }

                return text.Length > 0 && text.All(char.IsAsciiDigit) && int.TryParse(text, System.Globalization.CultureInfo.InvariantCulture, out var number) && number >= min && number <= max
                    ? number
                    : null;
            }

            foreach (var item in fields[i].Split(','))
            {
                var parts = item.Split('/');
                if (parts.Length > 2 || (parts.Length == 2 && (!int.TryParse(parts[1], System.Globalization.CultureInfo.InvariantCulture, out var step) || step < 1 || !parts[1].All(char.IsAsciiDigit))))
                {
                    return $"{name}: bad step in '{item}'";
                }

                if (parts[0] == "*")
                {
                    continue;
                }

                var range = parts[0].Split('-');
                if (range.Length > 2 || range.Any(r => Value(r) is null))
                {
                    return $"{name}: '{item}' is not a value or range from {min} to {max}";
                }

                if (range.Length == 2 && Value(range[0]) > Value(range[1]))
                {
                    return $"{name}: '{item}' runs backwards";
                }
            }
        }

        return null;
    }
}
