using Ivr.Rules;

namespace Ivr.Tests.Unit;

/// <summary>Holiday dates are checked against published calendars, not against the computus in the code.</summary>
public sealed class PublicHolidaySetTests
{
    [Theory]
    [InlineData(1818, 3, 22)] // the earliest possible date
    [InlineData(1943, 4, 25)] // the latest possible date
    [InlineData(2000, 4, 23)]
    [InlineData(2008, 3, 23)]
    [InlineData(2011, 4, 24)]
    [InlineData(2019, 4, 21)]
    [InlineData(2024, 3, 31)]
    [InlineData(2025, 4, 20)]
    [InlineData(2026, 4, 5)]
    [InlineData(2027, 3, 28)]
    [InlineData(2038, 4, 25)]
    [InlineData(2285, 3, 22)]
    public void EasterSundayFallsOnTheKnownDate(int year, int month, int day)
    {
        var easter = PublicHolidaySet.EasterSunday(year);

        Assert.Equal(new DateOnly(year, month, day), easter);
        Assert.Equal(DayOfWeek.Sunday, easter.DayOfWeek);
    }

    [Fact]
    public void EasterSundayIsAlwaysASundayBetweenTheTwentySecondOfMarchAndTheTwentyFifthOfApril()
    {
        for (var year = 1583; year <= 2499; year++)
        {
            var easter = PublicHolidaySet.EasterSunday(year);
            Assert.Equal(DayOfWeek.Sunday, easter.DayOfWeek);
            Assert.InRange(easter, new DateOnly(year, 3, 22), new DateOnly(year, 4, 25));
        }
    }

    [Theory]
    [InlineData(1999)] // an instant early on 2000-01-01 UTC is still 1999 on a line west of UTC
    [InlineData(2000)]
    [InlineData(2199)]
    [InlineData(2200)] // an instant late on 2199-12-31 UTC is already 2200 on a line east of UTC
    public void BothSetsGiveTheirHolidaysInTheYearsAtTheEndsOfTheDateRange(int year)
    {
        foreach (var (set, count, newYear, boxingDay) in new[]
        {
            (PublicHolidaySet.Netherlands, year % 5 == 0 ? 10 : 9, "Nieuwjaarsdag", "Tweede Kerstdag"),
            (PublicHolidaySet.Germany, 9, "Neujahr", "2. Weihnachtstag"),
        })
        {
            var holidays = set.HolidaysIn(year).ToList();

            Assert.Equal(count, holidays.Select(h => h.Date).Distinct().Count());
            Assert.All(holidays, h => Assert.Equal(year, h.Date.Year));
            Assert.Equal(newYear, set.HolidayOn(new DateOnly(year, 1, 1)));
            Assert.Equal(boxingDay, set.HolidayOn(new DateOnly(year, 12, 26)));
        }
    }

    [Fact]
    public void TheNetherlandsIn2025()
    {
        Assert.Equal(
            [
                (new DateOnly(2025, 1, 1), "Nieuwjaarsdag"),
                (new DateOnly(2025, 4, 20), "Eerste Paasdag"),
                (new DateOnly(2025, 4, 21), "Tweede Paasdag"),
                (new DateOnly(2025, 4, 26), "Koningsdag"), // 27 April 2025 is a Sunday
                (new DateOnly(2025, 5, 5), "Bevrijdingsdag"), // a lustrum year
                (new DateOnly(2025, 5, 29), "Hemelvaartsdag"),
                (new DateOnly(2025, 6, 8), "Eerste Pinksterdag"),
                (new DateOnly(2025, 6, 9), "Tweede Pinksterdag"),
                (new DateOnly(2025, 12, 25), "Eerste Kerstdag"),
                (new DateOnly(2025, 12, 26), "Tweede Kerstdag"),
            ],
            Sorted(PublicHolidaySet.Netherlands, 2025));
    }

    [Fact]
    public void TheNetherlandsIn2026()
    {
        Assert.Equal(
            [
                (new DateOnly(2026, 1, 1), "Nieuwjaarsdag"),
                (new DateOnly(2026, 4, 5), "Eerste Paasdag"),
                (new DateOnly(2026, 4, 6), "Tweede Paasdag"),
                (new DateOnly(2026, 4, 27), "Koningsdag"),
                (new DateOnly(2026, 5, 14), "Hemelvaartsdag"),
                (new DateOnly(2026, 5, 24), "Eerste Pinksterdag"),
                (new DateOnly(2026, 5, 25), "Tweede Pinksterdag"),
                (new DateOnly(2026, 12, 25), "Eerste Kerstdag"),
                (new DateOnly(2026, 12, 26), "Tweede Kerstdag"),
            ],
            Sorted(PublicHolidaySet.Netherlands, 2026));
    }

    [Fact]
    public void GermanyIn2026()
    {
        Assert.Equal(
            [
                (new DateOnly(2026, 1, 1), "Neujahr"),
                (new DateOnly(2026, 4, 3), "Karfreitag"),
                (new DateOnly(2026, 4, 6), "Ostermontag"),
                (new DateOnly(2026, 5, 1), "Tag der Arbeit"),
                (new DateOnly(2026, 5, 14), "Christi Himmelfahrt"),
                (new DateOnly(2026, 5, 25), "Pfingstmontag"),
                (new DateOnly(2026, 10, 3), "Tag der Deutschen Einheit"),
                (new DateOnly(2026, 12, 25), "1. Weihnachtstag"),
                (new DateOnly(2026, 12, 26), "2. Weihnachtstag"),
            ],
            Sorted(PublicHolidaySet.Germany, 2026));
    }

    [Theory]
    [InlineData(2014, 26)] // 27 April 2014 was a Sunday
    [InlineData(2025, 26)] // 27 April 2025 is a Sunday
    [InlineData(2031, 26)] // 27 April 2031 is a Sunday
    [InlineData(2024, 27)] // Saturday: stays
    [InlineData(2026, 27)] // Monday
    [InlineData(2030, 27)] // Saturday: stays
    public void KingsDayMovesToSaturdayOnlyWhenTheTwentySeventhIsASunday(int year, int day)
    {
        Assert.Equal("Koningsdag", PublicHolidaySet.Netherlands.HolidayOn(new DateOnly(year, 4, day)));
        Assert.Single(PublicHolidaySet.Netherlands.HolidaysIn(year), h => h.Name == "Koningsdag");
    }

    [Fact]
    public void KingsDayOnASundayIsNotAHolidayItself()
    {
        Assert.Null(PublicHolidaySet.Netherlands.HolidayOn(new DateOnly(2025, 4, 27)));
    }

    [Theory]
    [InlineData(2020, true)]
    [InlineData(2025, true)]
    [InlineData(2030, true)]
    [InlineData(2024, false)]
    [InlineData(2026, false)]
    [InlineData(2029, false)]
    public void LiberationDayCountsOnlyInLustrumYears(int year, bool holiday)
    {
        var name = PublicHolidaySet.Netherlands.HolidayOn(new DateOnly(year, 5, 5));

        if (holiday)
        {
            Assert.Equal("Bevrijdingsdag", name);
        }
        else
        {
            Assert.Null(name);
        }
    }

    [Theory]
    [InlineData("NL", 2026, 4, 3, null)] // Good Friday is left out of the Dutch set
    [InlineData("DE", 2026, 4, 3, "Karfreitag")]
    [InlineData("NL", 2026, 5, 14, "Hemelvaartsdag")]
    [InlineData("DE", 2026, 5, 14, "Christi Himmelfahrt")]
    [InlineData("DE", 2026, 5, 24, null)] // Pfingstsonntag is not among the nine
    [InlineData("DE", 2026, 4, 5, null)] // nor Ostersonntag
    [InlineData("NL", 2026, 5, 1, null)]
    [InlineData("DE", 2026, 4, 27, null)]
    [InlineData("NL", 2027, 3, 29, "Tweede Paasdag")] // Easter 2027 is 28 March
    [InlineData("DE", 2027, 3, 26, "Karfreitag")]
    [InlineData("NL", 2026, 12, 31, null)]
    public void HolidayOnNamesTheHoliday(string code, int year, int month, int day, string? expected)
    {
        var set = PublicHolidaySet.Find(code);

        Assert.NotNull(set);
        Assert.Equal(expected, set.HolidayOn(new DateOnly(year, month, day)));
    }

    [Theory]
    [InlineData("NL", "NL")]
    [InlineData("nl", "NL")]
    [InlineData("De", "DE")]
    public void SetsAreFoundByCodeIgnoringCase(string code, string expected)
    {
        Assert.Equal(expected, PublicHolidaySet.Find(code)?.Code);
    }

    [Theory]
    [InlineData("FR")]
    [InlineData("NLD")]
    [InlineData("")]
    [InlineData(null)]
    public void UnknownSetsAreNotFound(string? code)
    {
        Assert.Null(PublicHolidaySet.Find(code));
    }

    [Fact]
    public void AllListsTheNetherlandsAndGermany()
    {
        Assert.Equal(["NL", "DE"], PublicHolidaySet.All.Select(s => s.Code));
        Assert.Same(PublicHolidaySet.Netherlands, PublicHolidaySet.Find("NL"));
        Assert.Same(PublicHolidaySet.Germany, PublicHolidaySet.Find("DE"));
    }

    [Theory]
    [InlineData(2024)]
    [InlineData(2025)]
    [InlineData(2026)]
    [InlineData(2027)]
    public void HolidaysFallInTheirOwnYearOnDistinctDates(int year)
    {
        foreach (var set in PublicHolidaySet.All)
        {
            var holidays = set.HolidaysIn(year).ToList();
            Assert.All(holidays, h => Assert.Equal(year, h.Date.Year));
            Assert.Equal(holidays.Count, holidays.Select(h => h.Date).Distinct().Count());
        }
    }

    private static (DateOnly, string)[] Sorted(PublicHolidaySet set, int year) =>
        [.. set.HolidaysIn(year).OrderBy(h => h.Date).Select(h => (h.Date, h.Name))];
}
