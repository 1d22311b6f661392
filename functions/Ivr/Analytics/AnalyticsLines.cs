using Ivr.Rules;

namespace Ivr.Analytics;

/// <summary>A line analytics covers, with the zone its local hours and days are read in, and how far it is rolled up (null: not yet).</summary>
internal sealed record AnalyticsLine(string Number, TimeZoneInfo Zone, RollupState? Rollup = null);

/// <summary>
/// The lines analytics knows: every line with rules, plus lines rolled up before (a deleted line keeps its figures).
/// A line's zone comes from its rules, else from its last rollup, else UTC.
/// </summary>
internal sealed class AnalyticsLines(LineRulesStore lines, RollupStore rollups)
{
    public async Task<IReadOnlyList<AnalyticsLine>> ListAsync(CancellationToken cancellationToken)
    {
        var states = (await rollups.StatesAsync(cancellationToken)).ToDictionary(s => s.Line, StringComparer.Ordinal);
        var zones = new SortedDictionary<string, TimeZoneInfo>(StringComparer.Ordinal);
        foreach (var state in states.Values)
        {
            zones[state.Line] = Zone(state.TimeZone);
        }

        foreach (var line in await lines.ListAsync(cancellationToken))
        {
            zones[line.Number] = Zone(line.Document?.TimeZone);
        }

        return zones.Select(z => new AnalyticsLine(z.Key, z.Value, states.GetValueOrDefault(z.Key))).ToList();
    }

    public async Task<AnalyticsLine?> FindAsync(string number, CancellationToken cancellationToken)
    {
        var state = await rollups.StateAsync(number, cancellationToken);
        if (await lines.GetAsync(number, cancellationToken) is { Document: { } document })
        {
            return new AnalyticsLine(number, Zone(document.TimeZone), state);
        }

        return state is null ? null : new AnalyticsLine(number, Zone(state.TimeZone), state);
    }

    private static TimeZoneInfo Zone(string? id) =>
        id is not null && TimeZoneInfo.TryFindSystemTimeZoneById(id, out var zone) ? zone : TimeZoneInfo.Utc;
}
