using Ivr.Analytics;

namespace Ivr.Tests.Unit;

/// <summary>When a record's figures are final: SettleAfter past the end of the local hour it arrived in.</summary>
public sealed class LateRecordsTests
{
    private static readonly TimeSpan TwoHours = TimeSpan.FromHours(2);

    [Theory]
    // Amsterdam in winter (UTC+1): the local hour 10:00-11:00 is 09:00-10:00 UTC.
    [InlineData("Europe/Amsterdam", "2026-12-07T09:17:00Z", "2026-12-07T12:00:00Z")]
    // India (UTC+5:30): 09:17 UTC is 14:47, in the local hour 14:00-15:00, which is 08:30-09:30 UTC.
    [InlineData("Asia/Kolkata", "2026-12-07T09:17:00Z", "2026-12-07T11:30:00Z")]
    // Nepal (UTC+5:45): 09:17 UTC is 15:02, in the local hour 15:00-16:00, which is 09:15-10:15 UTC.
    [InlineData("Asia/Kathmandu", "2026-12-07T09:17:00Z", "2026-12-07T12:15:00Z")]
    // The night the clocks go back in Amsterdam: the second 02:00-03:00 (UTC+1) is 01:00-02:00 UTC.
    [InlineData("Europe/Amsterdam", "2026-10-25T01:30:00Z", "2026-10-25T04:00:00Z")]
    public void FinalTwoHoursAfterTheEndOfTheLocalHour(string zone, string arrived, string final)
    {
        var finalAt = LateRecords.FinalAt(DateTimeOffset.Parse(arrived, System.Globalization.CultureInfo.InvariantCulture), TimeZoneInfo.FindSystemTimeZoneById(zone), TwoHours);

        Assert.Equal(DateTimeOffset.Parse(final, System.Globalization.CultureInfo.InvariantCulture), finalAt);
    }

    [Fact]
    public void WithoutTheLinesZoneTheLatestPossibleEndOfTheHourCounts()
    {
        var arrived = new DateTimeOffset(2026, 12, 7, 9, 17, 0, TimeSpan.Zero);

        // No local hour holding 09:17 UTC ends after 10:17 UTC, whatever the zone.
        Assert.Equal(new DateTimeOffset(2026, 12, 7, 12, 17, 0, TimeSpan.Zero), LateRecords.FinalAt(arrived, zone: null, TwoHours));
    }
}
