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

    /// <summary>How many characters <see cref="InstantFormat"/> makes.</summary>
    public const int InstantLength = 19;

    /// <summary><see cref="InstantFormat"/>, written digit by digit: every call's record key and callback URLs need it.</summary>
    public static string FormatInstant(DateTimeOffset instant) =>
        string.Create(InstantLength, instant, static (text, instant) => WriteInstant(instant, text));

    /// <summary>Writes <see cref="InstantFormat"/> into the first <see cref="InstantLength"/> characters of <paramref name="text"/>.</summary>
    public static void WriteInstant(DateTimeOffset instant, Span<char> text)
    {
        var utc = instant.UtcDateTime;
        Digits(text[..4], utc.Year);
        Digits(text[4..6], utc.Month);
        Digits(text[6..8], utc.Day);
        text[8] = 'T';
        Digits(text[9..11], utc.Hour);
        Digits(text[11..13], utc.Minute);
        Digits(text[13..15], utc.Second);
        Digits(text[15..18], utc.Millisecond);
        text[18] = 'Z';
    }

    public static DateTimeOffset? ParseInstant(string? text) =>
        DateTime.TryParseExact(text, InstantFormat, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out var instant)
            ? new DateTimeOffset(instant, TimeSpan.Zero)
            : null;

    private static void Digits(Span<char> field, int value)
    {
        for (var i = field.Length - 1; i >= 0; i--, value /= 10)
        {
            field[i] = (char)('0' + value % 10);
        }
    }

    /// <summary>Reads a row key back into its key; null if it is not one of ours.</summary>
    public static HandoffKey? FromRowKey(string partitionKey, string rowKey)
    {
        var separator = rowKey.IndexOf('_', StringComparison.Ordinal);
        return separator > 0 && ParseInstant(rowKey[..separator]) is { } arrivedAt
            ? new HandoffKey(partitionKey, arrivedAt, rowKey[(separator + 1)..])
            : null;
    }
}
