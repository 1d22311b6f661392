using Ivr.Handoffs;
using Ivr.Rules;
using Microsoft.Extensions.Options;

namespace Ivr.Analytics;

/// <summary>
/// When a record's figures are final: <see cref="AnalyticsOptions.SettleAfter"/> after the end of the local hour it
/// arrived in, which is when the rollup stops reading that hour (<see cref="RollupJob"/>). A record written later is
/// noted beside the rollups, so that summaries can say how many of their calls the figures miss.
/// </summary>
internal sealed class LateRecords(LineRulesCache lines, RollupStore rollups, IOptions<AnalyticsOptions> options) : IRecordFigures
{
    public DateTimeOffset? FinalAt(HandoffKey key) => FinalAt(key.ArrivedAt, lines.Find(key.Line)?.TimeZone, options.Value.SettleAfter);

    public Task NoteLateAsync(HandoffKey key, DateTimeOffset writtenAt, CancellationToken cancellationToken) =>
        rollups.NoteLateAsync(key, writtenAt, cancellationToken);

    /// <summary>
    /// <paramref name="settleAfter"/> past the end of the local hour of <paramref name="arrivedAt"/>. For a line without
    /// rules the zone is unknown, and the hour's end is taken as late as it can be, an hour after the arrival: a write is
    /// then counted as late only when it certainly is.
    /// </summary>
    public static DateTimeOffset FinalAt(DateTimeOffset arrivedAt, TimeZoneInfo? zone, TimeSpan settleAfter) =>
        (zone is null ? arrivedAt : LocalHours.HourOf(arrivedAt, zone)).AddHours(1) + settleAfter;
}
