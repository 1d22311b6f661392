using System.Buffers;
using System.Globalization;
using System.Text;

namespace Ivr.Analytics;

/// <summary>RFC 4180 CSV, written a row at a time so large exports stream instead of piling up in memory.</summary>
internal sealed class Csv(TextWriter writer)
{
    public Task RowAsync(params object?[] fields)
    {
        var line = new StringBuilder();
        for (var i = 0; i < fields.Length; i++)
        {
            if (i > 0)
            {
                line.Append(',');
            }

            line.Append(Field(fields[i]));
        }

        line.Append("\r\n");
        return writer.WriteAsync(line.ToString());
    }

    /// <summary>
    /// One field, quoted when it must be. A spreadsheet may start a cell wherever the text has a comma, a semicolon (the
    /// list separator in Dutch or German, say, where quotes after a separator are not seen as quotes) or a line break,
    /// so each such place, and the start, gets an apostrophe when a formula character (<c>= + - @</c>, tab, CR) follows,
    /// after any quote marks. A field that is a plain number, like <c>+31201234567</c> or <c>-12</c>, is data and stays
    /// as it is. Fields with a comma, semicolon, quote or line break are quoted.
    /// </summary>
    public static string Field(object? value)
    {
        var text = value switch
        {
            null => string.Empty,
            DateTimeOffset instant => instant.ToString("yyyy-MM-dd'T'HH:mm:ss.fffzzz", CultureInfo.InvariantCulture),
            double number => number.ToString("0.##", CultureInfo.InvariantCulture),
            IFormattable formattable => formattable.ToString(null, CultureInfo.InvariantCulture),
            _ => value.ToString() ?? string.Empty,
        };
        text = IsNumber(text) ? text : Neutralised(text);
        return text.AsSpan().IndexOfAny(MustQuote) >= 0 ? "\"" + text.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : text;
    }

    private static readonly SearchValues<char> CellBreaks = SearchValues.Create(",;\r\n");
    private static readonly SearchValues<char> MustQuote = SearchValues.Create("\",;\r\n");
    private static readonly SearchValues<char> NumberChars = SearchValues.Create("0123456789.");

    /// <summary>The text with an apostrophe at each place a cell could start with a formula.</summary>
    private static string Neutralised(string text)
    {
        StringBuilder? safe = null;
        var copied = 0;
        var start = 0;
        while (true)
        {
            if (StartsFormula(text.AsSpan(start)))
            {
                safe ??= new StringBuilder(text.Length + 8);
                safe.Append(text, copied, start - copied).Append('\'');
                copied = start;
            }

            var next = text.AsSpan(start).IndexOfAny(CellBreaks);
            if (next < 0)
            {
                return safe is null ? text : safe.Append(text, copied, text.Length - copied).ToString();
            }

            start += next + 1;
        }
    }

    /// <summary>A formula character first, after any quote marks (a reader may take them for the cell's quotes).</summary>
    private static bool StartsFormula(ReadOnlySpan<char> cell)
    {
        var first = cell.IndexOfAnyExcept('"');
        return first >= 0 && cell[first] is '=' or '+' or '-' or '@' or '\t' or '\r';
    }

    private static bool IsNumber(string text) =>
        text.Length > 1 && text[0] is '+' or '-' && text.AsSpan(1).IndexOfAnyExcept(NumberChars) < 0;
}
