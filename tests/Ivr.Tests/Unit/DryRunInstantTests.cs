using System.Globalization;
using Ivr.Admin;
using Ivr.Rules;

namespace Ivr.Tests.Unit;

/// <summary>
/// The dry run's <c>at</c> at the edges of the range Ivr documents (local times on 2000-01-01 … 2199-12-31, instants
/// from 2000-01-01T00:00:00Z up to 2200-01-01T00:00:00Z) and of DateTimeOffset itself. Expected instants are worked
/// out by hand from the zones' offsets (Amsterdam keeps CET, UTC+1, in winter), never with the code under test.
/// </summary>
public sealed class DryRunInstantTests
{
    private static readonly TimeZoneInfo Amsterdam = TimeZoneInfo.FindSystemTimeZoneById("Europe/Amsterdam");
    private static readonly DateTimeOffset Now = new(2026, 11, 28, 17, 5, 0, TimeSpan.Zero);

    [Theory]
    [InlineData("0001-01-01T00:00")] // in Amsterdam, an hour before DateTimeOffset's first instant
    [InlineData("0001-01-01T00:00:00Z")]
    [InlineData("0001-01-01T00:00+14:00")]
    [InlineData("0001-01-01T00:00:00.000-14:00")]
    [InlineData("9999-12-31T23:59")]
    [InlineData("9999-12-31T23:59:59Z")]
    [InlineData("9999-12-31T23:59:59-14:00")] // past DateTimeOffset's last instant
    [InlineData("1999-12-31T23:59")]
    [InlineData("1999-12-31T23:59:59Z")]
    [InlineData("2000-01-01T00:00:00+14:00")] // 1999-12-31T10:00Z
    [InlineData("2200-01-01T00:00")]
    [InlineData("2200-01-01T00:00:00Z")]
    [InlineData("2199-12-31T23:59:59-14:00")] // 2200-01-01T13:59:59Z
    public void AMomentOutsideTheRangeIsRefusedUnderAtNamingTheRange(string text)
    {
        var errors = new FieldErrors();

        DryRunInstant.Read(errors, text, Amsterdam, Now);

        var (field, messages) = Assert.Single(errors.ToDictionary());
        Assert.Equal("at", field);
        Assert.Contains("2000-01-01 to 2199-12-31", Assert.Single(messages), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("2000-01-01T00:00", "1999-12-31T23:00:00Z")] // CET: the first local minute is still 1999 in UTC
    [InlineData("2000-01-01T00:00:00Z", "2000-01-01T00:00:00Z")]
    [InlineData("2000-01-01T00:00:00-14:00", "2000-01-01T14:00:00Z")]
    [InlineData("2199-12-31T23:59", "2199-12-31T22:59:00Z")]
    [InlineData("2199-12-31T23:59:59", "2199-12-31T22:59:59Z")]
    [InlineData("2199-12-31T23:59:59Z", "2199-12-31T23:59:59Z")]
    [InlineData("2199-12-31T23:59:59+14:00", "2199-12-31T09:59:59Z")]
    public void AMomentAtTheEdgesOfTheRangeIsTaken(string text, string expected)
    {
        var errors = new FieldErrors();

        var instant = DryRunInstant.Read(errors, text, Amsterdam, Now);

        Assert.Equal(0, errors.Count);
        Assert.Equal(DateTimeOffset.Parse(expected, CultureInfo.InvariantCulture), instant);
        Assert.Equal(TimeSpan.Zero, instant.Offset);
    }

    [Theory]
    [InlineData("")]
    [InlineData(" ")]
    [InlineData("10000-01-01T00:00")]
    [InlineData("2026-13-01T00:00")]
    [InlineData("2026-11-28T18:05+99:00")]
    [InlineData("\u0662\u0660\u0662\u0666-11-28T18:05")]
    [InlineData("2026-11-28")]
    public void TextThatIsNoMomentIsRefusedUnderAt(string text)
    {
        var errors = new FieldErrors();

        DryRunInstant.Read(errors, text, Amsterdam, Now);

        Assert.Equal(["at"], errors.ToDictionary().Keys);
    }

    [Fact]
    public void WithoutAtTheDryRunIsForNow()
    {
        var errors = new FieldErrors();

        Assert.Equal(Now, DryRunInstant.Read(errors, null, Amsterdam, Now));
        Assert.Equal(0, errors.Count);
    }
}
