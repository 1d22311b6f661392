using System.Globalization;
using Ivr.Analytics;

namespace Ivr.Tests.Unit;

/// <summary>
/// CSV exports are opened in spreadsheets: fields are quoted per RFC 4180 and never run as formulas, whether the
/// spreadsheet splits cells on commas or (in a Dutch or German locale, say) on semicolons.
/// </summary>
public sealed class CsvTests
{
    [Theory]
    [InlineData("plain", "plain")]
    [InlineData("", "")]
    [InlineData("with space", "with space")]
    [InlineData("a,b", "\"a,b\"")]
    [InlineData("a;b", "\"a;b\"")]
    [InlineData("say \"hi\"", "\"say \"\"hi\"\"\"")]
    [InlineData("\"", "\"\"\"\"")]
    [InlineData("line\r\nbreak", "\"line\r\nbreak\"")]
    [InlineData("line\nbreak", "\"line\nbreak\"")]
    [InlineData("carriage\rreturn", "\"carriage\rreturn\"")]
    [InlineData("trailing,", "\"trailing,\"")]
    [InlineData("client:alice", "client:alice")]
    [InlineData("sip:desk@example.sip.twilio.com", "sip:desk@example.sip.twilio.com")]
    [InlineData("https://api.twilio.com/Recordings/RE1?a=1&b=2", "https://api.twilio.com/Recordings/RE1?a=1&b=2")]
    public void TextIsQuotedOnlyWhenItHasACommaASemicolonAQuoteOrALineBreak(string text, string field)
    {
        Assert.Equal(field, Csv.Field(text));
    }

    [Theory]
    [InlineData("=SUM(A1:A9)", "'=SUM(A1:A9)")]
    [InlineData("=1+1", "'=1+1")]
    [InlineData("+cmd|' /C calc'!A0", "'+cmd|' /C calc'!A0")]
    [InlineData("-2+3", "'-2+3")]
    [InlineData("-cmd", "'-cmd")]
    [InlineData("@SUM(A1)", "'@SUM(A1)")]
    [InlineData("\t=1+1", "'\t=1+1")]
    [InlineData("+", "'+")]
    [InlineData("-", "'-")]
    [InlineData("+31 20 123 4567", "'+31 20 123 4567")]
    [InlineData("+31-20-1234567", "'+31-20-1234567")]
    [InlineData("=HYPERLINK(\"http://x\",\"y\")", "\"'=HYPERLINK(\"\"http://x\"\",\"\"y\"\")\"")]
    [InlineData("=a,b", "\"'=a,b\"")]
    [InlineData("\r=1+1", "\"'\r'=1+1\"")]
    [InlineData("\"=1+1", "\"'\"\"=1+1\"")]
    public void TextASpreadsheetWouldRunAsAFormulaGetsALeadingApostrophe(string text, string field)
    {
        Assert.Equal(field, Csv.Field(text));
    }

    [Theory]
    [InlineData("Desk;=1+1", "\"Desk;'=1+1\"")]
    [InlineData("Desk,=1+1", "\"Desk,'=1+1\"")]
    [InlineData("a;+cmd|' /C calc'!A0", "\"a;'+cmd|' /C calc'!A0\"")]
    [InlineData("a;-2+3", "\"a;'-2+3\"")]
    [InlineData("a;@SUM(A1)", "\"a;'@SUM(A1)\"")]
    [InlineData("a;\t=1", "\"a;'\t=1\"")]
    [InlineData("a;\"=1+1", "\"a;'\"\"=1+1\"")]
    [InlineData("a;\"\"=1+1", "\"a;'\"\"\"\"=1+1\"")]
    [InlineData("a\n=1+1", "\"a\n'=1+1\"")]
    [InlineData("a\r\n@x", "\"a\r\n'@x\"")]
    [InlineData("=1;=2,=3", "\"'=1;'=2,'=3\"")]
    [InlineData("a;;=1", "\"a;;'=1\"")]
    [InlineData("a;=", "\"a;'=\"")]
    public void AFormulaAfterACommaASemicolonOrALineBreakInsideTheTextGetsAnApostropheToo(string text, string field)
    {
        Assert.Equal(field, Csv.Field(text));
    }

    [Theory]
    [InlineData("a; =1")]
    [InlineData("a;b=1")]
    [InlineData("Sales, Support")]
    [InlineData("no-answer;busy")]
    [InlineData("a;")]
    public void TextWhosePiecesStartWithoutAFormulaCharacterIsOnlyQuoted(string text)
    {
        Assert.Equal("\"" + text + "\"", Csv.Field(text));
    }

    /// <summary>
    /// Whatever the text, no cell of a row starts a formula when the row is split at every comma or at every semicolon
    /// and line break (ignoring quotes, as a spreadsheet does after a separator it does not expect), quote marks at
    /// a cell's start set aside: only a whole field that is a plain number may start with + or -.
    /// </summary>
    [Fact]
    public async Task NoCellOfARowStartsAFormulaWhicheverCharacterSplitsIt()
    {
        var random = new Random(20261123);
        const string Alphabet = "=+-@\t\r\n,;\"' a1.";
        for (var i = 0; i < 5_000; i++)
        {
            var fields = Enumerable.Range(0, random.Next(1, 5))
                .Select(_ => new string(Enumerable.Range(0, random.Next(0, 10)).Select(_ => Alphabet[random.Next(Alphabet.Length)]).ToArray()))
                .ToArray();
            using var text = new StringWriter(CultureInfo.InvariantCulture);
            await new Csv(text).RowAsync(fields);
            var row = text.ToString();
            var numbers = fields.Where(IsPlainNumber).ToHashSet(StringComparer.Ordinal);

            foreach (var separators in new[] { new[] { ',', '\r', '\n' }, [';', '\r', '\n'] })
            {
                foreach (var cell in row.Split(separators))
                {
                    var start = cell.TrimStart('"');
                    Assert.False(
                        start.Length > 0 && start[0] is '=' or '+' or '-' or '@' or '\t' or '\r' && !numbers.Contains(start) && !StartsWithNumberField(start, numbers),
                        $"Fields [{string.Join(" | ", fields.Select(f => f.ReplaceLineEndings("⏎")))}] give the row {row.ReplaceLineEndings("⏎")} with a cell starting a formula: {cell}");
                }
            }
        }
    }

    [Theory]
    [InlineData("+31201234567")]
    [InlineData("+14155550100")]
    [InlineData("-12")]
    [InlineData("-0.5")]
    [InlineData("+1.5")]
    [InlineData("12")]
    [InlineData("0")]
    public void PhoneNumbersAndNumbersStayAsTheyAre(string text)
    {
        Assert.Equal(text, Csv.Field(text));
    }

    [Fact]
    public void TextThatMerelyContainsAFormulaCharacterIsLeftAlone()
    {
        Assert.Equal("a=b", Csv.Field("a=b"));
        Assert.Equal("x@example.com", Csv.Field("x@example.com"));
        Assert.Equal("no-answer", Csv.Field("no-answer"));
        Assert.Equal("1+1", Csv.Field("1+1"));
    }

    [Fact]
    public void NothingIsAnEmptyField()
    {
        Assert.Equal(string.Empty, Csv.Field(null));
    }

    [Fact]
    public void NumbersAreFormattedInvariantlyWhateverTheCurrentCulture()
    {
        var previous = CultureInfo.CurrentCulture;
        var commaDecimals = (CultureInfo)CultureInfo.InvariantCulture.Clone();
        commaDecimals.NumberFormat.NumberDecimalSeparator = ",";
        commaDecimals.NumberFormat.NumberGroupSeparator = ".";
        commaDecimals.NumberFormat.NegativeSign = "~";
        commaDecimals.DateTimeFormat.TimeSeparator = ".";
        commaDecimals.DateTimeFormat.DateSeparator = "/";
        try
        {
            CultureInfo.CurrentCulture = commaDecimals;
            CultureInfo.CurrentUICulture = commaDecimals;

            Assert.Equal("1234.5", Csv.Field(1234.5));
            Assert.Equal("12.35", Csv.Field(12.345678)); // two decimals at most
            Assert.Equal("99.5", Csv.Field(99.5));
            Assert.Equal("100", Csv.Field(100.0));
            Assert.Equal("1000000", Csv.Field(1e6));
            Assert.Equal("0", Csv.Field(0.0));
            Assert.Equal("-0.5", Csv.Field(-0.5)); // a negative number is data, not a formula
            Assert.Equal("-1234.25", Csv.Field(-1234.25));
            Assert.Equal("1234567", Csv.Field(1_234_567L));
            Assert.Equal("-42", Csv.Field(-42));
            Assert.Equal("2.5", Csv.Field(2.5m));
            Assert.Equal("1.5", Csv.Field(1.5f));

            Assert.Equal("2026-11-23T10:15:02.123+01:00", Csv.Field(new DateTimeOffset(2026, 11, 23, 10, 15, 2, 123, TimeSpan.FromHours(1))));
            Assert.Equal("2026-11-23T09:15:02.000+00:00", Csv.Field(new DateTimeOffset(2026, 11, 23, 9, 15, 2, TimeSpan.Zero)));
            Assert.Equal("2026-03-08T01:00:00.000-04:00", Csv.Field(new DateTimeOffset(2026, 3, 8, 1, 0, 0, TimeSpan.FromHours(-4))));
            Assert.Equal("2026-11-23T15:00:00.000+05:30", Csv.Field(new DateTimeOffset(2026, 11, 23, 15, 0, 0, new TimeSpan(5, 30, 0))));
        }
        finally
        {
            CultureInfo.CurrentCulture = previous;
            CultureInfo.CurrentUICulture = previous;
        }
    }

    [Fact]
    public async Task ARowIsItsFieldsJoinedByCommasEndingInCrLf()
    {
        using var text = new StringWriter(CultureInfo.InvariantCulture);
        var csv = new Csv(text);

        await csv.RowAsync("CallSid", "Line", "TimeToHumanMs");
        await csv.RowAsync("CA1", "+31201234567", 4_500L);
        await csv.RowAsync("CA2", null, "=cmd", "a,b", 12.5);
        await csv.RowAsync();

        Assert.Equal(
            "CallSid,Line,TimeToHumanMs\r\n" +
            "CA1,+31201234567,4500\r\n" +
            "CA2,,'=cmd,\"a,b\",12.5\r\n" +
            "\r\n",
            text.ToString());
    }

    private static bool IsPlainNumber(string text) =>
        text.Length > 1 && text[0] is '+' or '-' && text[1..].All(c => char.IsAsciiDigit(c) || c == '.');

    /// <summary>A row's first field is a plain number and the row's other fields follow it (one cell where commas do not split).</summary>
    private static bool StartsWithNumberField(string cell, HashSet<string> numbers) =>
        numbers.Any(number => cell.StartsWith(number + ",", StringComparison.Ordinal));
}
