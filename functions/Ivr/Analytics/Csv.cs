using System.Globalization;
using System.Text;

namespace Ivr.Analytics;

/// <summary>RFC 4180 CSV, written a row at a time so large exports stream instead of piling up in memory.</summary>
internal sealed class Csv(TextWriter writer)
{
    public const string ContentType = "text/csv; charset=utf-8";

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
    /// One field, quoted when it must be. Text a spreadsheet would run as a formula gets a leading apostrophe, except
    /// plain phone numbers like <c>+31201234567</c>, which are data.
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
        if (text.Length > 0 && text[0] is '=' or '+' or '-' or '@' or '\t' or '\r' && !IsNumber(text))
        {
            text = "'" + text;
        }

        return text.IndexOfAny(['"', ',', '\r', '\n']) >= 0 ? "\"" + text.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : text;
    }

    private static readonly System.Buffers.SearchValues<char> NumberChars = System.Buffers.SearchValues.Create("0123456789.");

    private static bool IsNumber(string text) =>
        text.Length > 1 && text[0] is '+' or '-' && text.AsSpan(1).IndexOfAnyExcept(NumberChars) < 0;
}
