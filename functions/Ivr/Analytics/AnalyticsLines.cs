using Ivr.Rules;

namespace Ivr.Analytics;

/// <summary>A line analytics covers, with the zone its local hours and days are read in.</summary>
internal sealed record AnalyticsLine(string Number, TimeZoneInfo Zone);

/// <summary>
/// The lines analytics knows: every line with rules, plus lines rolled up before (a deleted line keeps its figures).
/// A line's zone comes from its rules, else from its last rollup, else UTC.
/// </summary>
internal sealed class AnalyticsLines(LineRulesStore lines, RollupStore rollups)
{
    public async Task<IReadOnlyList<AnalyticsLine>> ListAsync(CancellationToken cancellationToken)
    {
        var zones = new SortedDictionary<string, TimeZoneInfo>(StringComparer.Ordinal);
        foreach (var state in await rollups.StatesAsync(cancellationToken))
        {
            zones[state.Line] = Zone(state.TimeZone);
        }

        foreach (var line in await lines.ListAsync(cancellationToken))
        {
            zones[line.Number] = Zone(line.Document?.TimeZone);
        }

        return zones.Select(z => new AnalyticsLine(z.Key, z.Value)).ToList();
    }

    public async Task<AnalyticsLine?> FindAsync(string number, CancellationToken cancellationToken)
    {
        if (await lines.GetAsync(number, cancellationToken) is { Document: { } document })
        {
            return new AnalyticsLine(number, Zone(document.TimeZone));
        }

        return await rollups.StateAsync(number, cancellationToken) is { } state ? new AnalyticsLine(number, Zone(state.TimeZone)) : null;
    }

    private static TimeZoneInfo Zone(string? id) =>
        id is not null && TimeZoneInfo.TryFindSystemTimeZoneById(id, out var zone) ? zone : TimeZoneInfo.Utc;
}
