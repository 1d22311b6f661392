namespace Ivr.Rules;

/// <summary>Built-in public holiday sets a line can switch on.</summary>
internal sealed class PublicHolidaySet
{
    /// <summary>
    /// The Netherlands: the national holidays of the Algemene termijnenwet. Good Friday is left out (few businesses
    /// close); Liberation Day only counts in lustrum years (2025, 2030…), when it is a general day off.
    /// </summary>
    public static readonly PublicHolidaySet Netherlands = new("NL", HolidaysInTheNetherlands);

    /// <summary>Germany: the nine nationwide holidays. Holidays of single states are not included.</summary>
    public static readonly PublicHolidaySet Germany = new("DE", HolidaysInGermany);

    public static readonly IReadOnlyList<PublicHolidaySet> All = [Netherlands, Germany];

    private readonly Func<int, IEnumerable<(DateOnly Date, string Name)>> holidaysIn;

    private PublicHolidaySet(string code, Func<int, IEnumerable<(DateOnly Date, string Name)>> holidaysIn)
    {
        Code = code;
        this.holidaysIn = holidaysIn;
    }

    /// <summary>How admins name the set in a rule: <c>NL</c>, <c>DE</c>.</summary>
    public string Code { get; }

    public static PublicHolidaySet? Find(string? code) => All.FirstOrDefault(s => string.Equals(s.Code, code, StringComparison.OrdinalIgnoreCase));

    /// <summary>The holiday's name when <paramref name="date"/> is one.</summary>
    public string? HolidayOn(DateOnly date)
    {
        foreach (var (day, name) in holidaysIn(date.Year))
        {
            if (day == date)
            {
                return name;
            }
        }

        return null;
    }

    public IEnumerable<(DateOnly Date, string Name)> HolidaysIn(int year) => holidaysIn(year);

    /// <summary>Easter Sunday in the Gregorian calendar (the anonymous Gregorian computus).</summary>
    public static DateOnly EasterSunday(int year)
    {
        var a = year % 19;
        var b = year / 100;
        var c = year % 100;
        var d = b / 4;
        var e = b % 4;
        var f = (b + 8) / 25;
        var g = (b - f + 1) / 3;
        var h = ((19 * a) + b - d - g + 15) % 30;
        var i = c / 4;
        var k = c % 4;
        var l = (32 + (2 * e) + (2 * i) - h - k) % 7;
        var m = (a + (11 * h) + (22 * l)) / 451;
        var month = (h + l - (7 * m) + 114) / 31;
        var day = ((h + l - (7 * m) + 114) % 31) + 1;
        return new DateOnly(year, month, day);
    }

    private static IEnumerable<(DateOnly, string)> HolidaysInTheNetherlands(int year)
    {
        var easter = EasterSunday(year);
        yield return (new DateOnly(year, 1, 1), "Nieuwjaarsdag");
        yield return (easter, "Eerste Paasdag");
        yield return (easter.AddDays(1), "Tweede Paasdag");

        // King's Day moves to the Saturday when 27 April is a Sunday.
        var kingsDay = new DateOnly(year, 4, 27);
        yield return (kingsDay.DayOfWeek == DayOfWeek.Sunday ? kingsDay.AddDays(-1) : kingsDay, "Koningsdag");
        if (year % 5 == 0)
        {
            yield return (new DateOnly(year, 5, 5), "Bevrijdingsdag");
        }

        yield return (easter.AddDays(39), "Hemelvaartsdag");
        yield return (easter.AddDays(49), "Eerste Pinksterdag");
        yield return (easter.AddDays(50), "Tweede Pinksterdag");
        yield return (new DateOnly(year, 12, 25), "Eerste Kerstdag");
        yield return (new DateOnly(year, 12, 26), "Tweede Kerstdag");
    }

    private static IEnumerable<(DateOnly, string)> HolidaysInGermany(int year)
    {
        var easter = EasterSunday(year);
        yield return (new DateOnly(year, 1, 1), "Neujahr");
        yield return (easter.AddDays(-2), "Karfreitag");
        yield return (easter.AddDays(1), "Ostermontag");
        yield return (new DateOnly(year, 5, 1), "Tag der Arbeit");
        yield return (easter.AddDays(39), "Christi Himmelfahrt");
        yield return (easter.AddDays(50), "Pfingstmontag");
        yield return (new DateOnly(year, 10, 3), "Tag der Deutschen Einheit");
        yield return (new DateOnly(year, 12, 25), "1. Weihnachtstag");
        yield return (new DateOnly(year, 12, 26), "2. Weihnachtstag");
    }
}
