using System.Globalization;

namespace Ivr.Storage;

/// <summary>
/// The bound on a string stored in a table, so no value a webhook brings can make storage refuse the whole row
/// (Table Storage takes at most 32K characters per string, 1 MiB per entity and 4 MiB per transaction).
/// Longer text keeps its start and ends in <c>…[cut, N chars]</c>, N being its full length.
/// </summary>
internal static class StoredText
{
    /// <summary>
    /// Far above any value Twilio sends (a recording URL is about 120 characters, a ring target at most 263), and low
    /// enough that a transaction of 100 rows with every string column at the bound, each character sent as a
    /// six-byte JSON escape, stays well under the 4 MiB a transaction may carry.
    /// </summary>
    public const int MaxLength = 512;

    /// <summary>What replaces a value storage kept refusing (see the hand-off writer).</summary>
    public const string Refused = "[refused by storage]";

    /// <summary>The text itself when it fits, else its start with the cut marker, <see cref="MaxLength"/> characters at most.</summary>
    public static string? Bound(string? text)
    {
        if (text is null || text.Length <= MaxLength)
        {
            return text;
        }

        var marker = string.Create(CultureInfo.InvariantCulture, $"…[cut, {text.Length} chars]");
        var keep = MaxLength - marker.Length;
        // Never half a surrogate pair: that would be a broken character at the cut.
        if (char.IsHighSurrogate(text[keep - 1]))
        {
            keep--;
        }

        return string.Concat(text.AsSpan(0, keep), marker);
    }
}
