using System.Globalization;
using Ivr.Analytics;

namespace Ivr.Tests.Unit;

/// <summary>CSV exports are opened in spreadsheets: fields are quoted per RFC 4180 and never run as formulas.</summary>
public sealed class CsvTests
{
    [Theory]
    [InlineData("plain", "plain")]
    [InlineData("", "")]
    [InlineData("with space", "with space")]
    [InlineData("a,b", "\"a,b\"")]
    [InlineData("say \"hi\"", "\"say \"\"hi\"\"\"")]
    [InlineData("\"", "\"\"\"\"")]
    [InlineData("line\r\nbreak", "\"line\r\nbreak\"")]
    [InlineData("line\nbreak", "\"line\nbreak\"")]
    [InlineData("carriage\rreturn", "\"carriage\rreturn\"")]
    [InlineData("trailing,", "\"trailing,\"")]
    [InlineData("client:alice", "client:alice")]
    [InlineData("sip:desk@example.sip.twilio.com", "sip:desk@example.sip.twilio.com")]
    [InlineData("https://api.twilio.com/Recordings/RE1?a=1&b=2", "https://api.twilio.com/Recordings/RE1?a=1&b=2")]
    public void TextIsQuotedOnlyWhenItHasACommaAQuoteOrALineBreak(string text, string field)
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
    [InlineData("\r=1+1", "\"'\r=1+1\"")]
    public void TextASpreadsheetWouldRunAsAFormulaGetsALeadingApostrophe(string text, string field)
    {
        Assert.Equal(field, Csv.Field(text));
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
}
