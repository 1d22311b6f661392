using System.Globalization;

namespace Ivr.Handoffs;

/// <summary>
/// Where a call's hand-off record lives: partition = the line, row = arrival instant (UTC, sortable) + CallSid.
/// One line's calls over a date range are then a single range scan of one partition.
/// </summary>
internal sealed record HandoffKey(string Line, DateTimeOffset ArrivedAt, string CallSid)
{
    /// <summary>Sortable UTC instant to the millisecond, e.g. <c>20261123T101502123Z</c>.</summary>
    public const string InstantFormat = "yyyyMMdd'T'HHmmssfff'Z'";

    public string PartitionKey => Line;

    public string RowKey => FormatInstant(ArrivedAt) + "_" + CallSid;

    public static string FormatInstant(DateTimeOffset instant) =>
        instant.UtcDateTime.ToString(InstantFormat, CultureInfo.InvariantCulture);

    public static DateTimeOffset? ParseInstant(string? text) =>
        DateTime.TryParseExact(text, InstantFormat, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out var instant)
            ? new DateTimeOffset(instant, TimeSpan.Zero)
            : null;

    /// <summary>Reads a row key back into its key; null if it is not one of ours.</summary>
    public static HandoffKey? FromRowKey(string partitionKey, string rowKey)
    {
        var separator = rowKey.IndexOf('_', StringComparison.Ordinal);
        return separator > 0 && ParseInstant(rowKey[..separator]) is { } arrivedAt
            ? new HandoffKey(partitionKey, arrivedAt, rowKey[(separator + 1)..])
            : null;
    }
}
