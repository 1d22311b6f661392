using Ivr.Routing;
using Ivr.Rules;

namespace Ivr.Tests.Unit;

/// <summary>
/// Admins fix rules from the errors alone, so every bad field must be named by its JSON path, and a document with
/// any error must give no rules at all.
/// </summary>
public sealed class LineRulesReaderTests
{
    private const string Line = "+31201234567";
    private const string Person = "+31612345678";

    /// <summary>Each case breaks one thing in an otherwise valid document.</summary>
    private static readonly Dictionary<string, Func<LineRulesDocument, LineRulesDocument>> Breakages = new(StringComparer.Ordinal)
    {
        ["member not E.164"] = d => d with { RingGroups = [Group("Desk", Person, "0612345678")] },
        ["member with spaces"] = d => d with { RingGroups = [Group("Desk", "+31 6 12345678")] },
        ["member is a bare client"] = d => d with { RingGroups = [Group("Desk", "client:")] },
        ["member is the line itself"] = d => d with { RingGroups = [Group("Desk", Line)] },
        ["no time zone"] = d => d with { TimeZone = null },
        ["unknown time zone"] = d => d with { TimeZone = "Mars/Olympus" },
        ["windows time zone"] = d => d with { TimeZone = "W. Europe Standard Time" },
        ["overlap on one day"] = d => d with { OpeningHours = new() { Monday = ["09:00-12:00", "11:00-13:00"] } },
        ["same interval twice"] = d => d with { OpeningHours = new() { Thursday = ["09:00-17:00", "09:00-17:00"] } },
        ["overnight overlaps the next day"] = d => d with { OpeningHours = new() { Monday = ["22:00-03:00"], Tuesday = ["02:00-05:00"] } },
        ["sunday night overlaps monday"] = d => d with { OpeningHours = new() { Sunday = ["22:00-03:00"], Monday = ["02:00-05:00"] } },
        ["empty interval"] = d => d with { OpeningHours = new() { Wednesday = ["09:00-09:00"] } },
        ["empty midnight interval"] = d => d with { OpeningHours = new() { Wednesday = ["00:00-00:00"] } },
        ["malformed interval"] = d => d with { OpeningHours = new() { Friday = ["9-17"] } },
        ["interval from 24:00"] = d => d with { OpeningHours = new() { Friday = ["24:00-02:00"] } },
        ["interval to 25:00"] = d => d with { OpeningHours = new() { Friday = ["09:00-25:00"] } },
        ["interval with spaces"] = d => d with { OpeningHours = new() { Friday = ["09:00 - 17:00"] } },
        ["interval with three times"] = d => d with { OpeningHours = new() { Friday = ["09:00-12:00-17:00"] } },
        ["unknown holiday set"] = d => d with { PublicHolidays = ["NL", "FR"] },
        ["eleven members"] = d => d with { RingGroups = [Group("Desk", [.. Enumerable.Range(0, 11).Select(i => $"+3161000000{i:00}")])] },
        ["no members"] = d => d with { RingGroups = [Group("Desk")] },
        ["ring timeout 4"] = d => d with { RingGroups = [Group("Desk", Person) with { RingTimeoutSeconds = 4 }] },
        ["ring timeout 601"] = d => d with { RingGroups = [Group("Desk", Person) with { RingTimeoutSeconds = 601 }] },
        ["duplicate group names"] = d => d with { RingGroups = [Group("Desk", Person), Group("Desk", "+31687654321")] },
        ["blank group name"] = d => d with { RingGroups = [Group(" ", Person)] },
        ["missing ring groups"] = d => d with { RingGroups = null },
        ["empty ring groups"] = d => d with { RingGroups = [] },
        ["eleven ring groups"] = d => d with { RingGroups = [.. Enumerable.Range(0, 11).Select(i => Group($"G{i}", Person))] },
        ["bad strategy"] = d => d with { RingGroups = [Group("Desk", Person) with { Strategy = "round-robin" }] },
        ["strategy in capitals"] = d => d with { RingGroups = [Group("Desk", Person) with { Strategy = "Sequential" }] },
        ["menu option to unknown group"] = d => d with { Menu = Menu(("1", "Desk"), ("7", "Nobody")) },
        ["menu digit 12"] = d => d with { Menu = Menu(("12", "Desk")) },
        ["menu star"] = d => d with { Menu = Menu(("*", "Desk")) },
        ["menu without options"] = d => d with { Menu = Menu() },
        ["menu without prompt"] = d => d with { Menu = Menu(("1", "Desk")) with { Prompt = null } },
        ["menu timeout 11"] = d => d with { Menu = Menu(("1", "Desk")) with { TimeoutSeconds = 11 } },
        ["menu timeout 0"] = d => d with { Menu = Menu(("1", "Desk")) with { TimeoutSeconds = 0 } },
        ["vip to unknown group"] = d => d with { VipCallers = [new() { Number = "+31699999999", RingGroup = "Nobody" }] },
        ["vip without group"] = d => d with { VipCallers = [new() { Number = "+31699999999" }] },
        ["vip bad number"] = d => d with { VipCallers = [new() { Number = "0699999999", RingGroup = "Desk" }] },
        ["forward without forwardTo"] = d => d with { AfterHours = new() { Action = "forward" } },
        ["forward to the line itself"] = d => d with { AfterHours = new() { Action = "forward", ForwardTo = Line } },
        ["forward to a bad number"] = d => d with { AfterHours = new() { Action = "forward", ForwardTo = "112" } },
        ["bad after-hours action"] = d => d with { AfterHours = new() { Action = "hangup" } },
        ["bad ending action"] = d => d with { WhenNobodyAnswers = new() { Action = "hangup" } },
        ["closure to before from"] = d => d with { Closures = [new() { From = "2026-07-31", To = "2026-07-20" }] },
        ["closure without from"] = d => d with { Closures = [new() { To = "2026-07-20" }] },
        ["closure bad date"] = d => d with { Closures = [new() { From = "2026-02-30" }] },
        ["closure other date format"] = d => d with { Closures = [new() { From = "31-07-2026" }] },
        ["closure on the first day of DateOnly"] = d => d with { Closures = [new() { From = "0001-01-01" }] },
        ["closure to the last day of DateOnly"] = d => d with { Closures = [new() { From = "2026-07-20", To = "9999-12-31" }] },
        ["closure the day before the range"] = d => d with { Closures = [new() { From = "1999-12-31", To = "2000-01-02" }] },
        ["yearly closure to the day after the range"] = d => d with { Closures = [new() { From = "2199-12-24", To = "2200-01-01", Yearly = true }] },
        ["sticky 0 days"] = d => d with { Sticky = new() { WithinDays = 0 } },
        ["sticky 366 days"] = d => d with { Sticky = new() { WithinDays = 366 } },
        ["sticky timeout 4"] = d => d with { Sticky = new() { RingTimeoutSeconds = 4 } },
        ["bad caller id"] = d => d with { CallerId = "agent" },
        ["bad language"] = d => d with { Language = "Dutch" },
        ["blank greeting"] = d => d with { Greeting = "   " },
        ["greeting too long"] = d => d with { Greeting = new string('a', 501) },
        ["name too long"] = d => d with { Name = new string('a', 101) },
        ["body names another line"] = d => d with { Number = "+31207654321" },
        ["forward ring timeout 4"] = d => d with { AfterHours = new() { Action = "forward", ForwardTo = "+31655555555", RingTimeoutSeconds = 4 } },
        ["forward ring timeout 601"] = d => d with { AfterHours = new() { Action = "forward", ForwardTo = "+31655555555", RingTimeoutSeconds = 601 } },
        ["voice not a twilio voice"] = d => d with { Voice = "Lotte" },
        ["voice in lower case"] = d => d with { Voice = "polly.lotte" },
        ["voice with markup"] = d => d with { Voice = "Polly.Lotte\"/><Hangup/>" },
        ["google voice of another language"] = d => d with { Language = "nl-NL", Voice = "Google.de-DE-Standard-A" },
        ["blank own goodbye"] = d => d with { Texts = new() { Goodbye = "  " } },
        ["own leave-a-message too long"] = d => d with { Texts = new() { LeaveAMessage = new string('a', 501) } },
        ["own thanks too long"] = d => d with { Texts = new() { ThanksForTheMessage = new string('a', 501) } },
        ["blank own closed text"] = d => d with { Texts = new() { Closed = "" } },
        ["own screening without the line"] = d => d with { Texts = new() { Screening = "Press any key to accept." } },
        ["own screening with another placeholder"] = d => d with { Texts = new() { Screening = "Call for {line} from {caller}." } },
        ["own screening with the placeholder misspelt"] = d => d with { Texts = new() { Screening = "Call for {Line}." } },
    };

    [Theory]
    [InlineData("member not E.164", "ringGroups[0].members[1]")]
    [InlineData("member with spaces", "ringGroups[0].members[0]")]
    [InlineData("member is a bare client", "ringGroups[0].members[0]")]
    [InlineData("member is the line itself", "ringGroups[0].members[0]")]
    [InlineData("no time zone", "timeZone")]
    [InlineData("unknown time zone", "timeZone")]
    [InlineData("windows time zone", "timeZone")]
    [InlineData("overlap on one day", "openingHours.monday[1]")]
    [InlineData("same interval twice", "openingHours.thursday[1]")]
    [InlineData("overnight overlaps the next day", "openingHours.tuesday[0]")]
    [InlineData("sunday night overlaps monday", "openingHours.monday[0]")]
    [InlineData("empty interval", "openingHours.wednesday[0]")]
    [InlineData("empty midnight interval", "openingHours.wednesday[0]")]
    [InlineData("malformed interval", "openingHours.friday[0]")]
    [InlineData("interval from 24:00", "openingHours.friday[0]")]
    [InlineData("interval to 25:00", "openingHours.friday[0]")]
    [InlineData("interval with spaces", "openingHours.friday[0]")]
    [InlineData("interval with three times", "openingHours.friday[0]")]
    [InlineData("unknown holiday set", "publicHolidays[1]")]
    [InlineData("eleven members", "ringGroups[0].members")]
    [InlineData("no members", "ringGroups[0].members")]
    [InlineData("ring timeout 4", "ringGroups[0].ringTimeoutSeconds")]
    [InlineData("ring timeout 601", "ringGroups[0].ringTimeoutSeconds")]
    [InlineData("duplicate group names", "ringGroups[1].name")]
    [InlineData("blank group name", "ringGroups[0].name")]
    [InlineData("missing ring groups", "ringGroups")]
    [InlineData("empty ring groups", "ringGroups")]
    [InlineData("eleven ring groups", "ringGroups")]
    [InlineData("bad strategy", "ringGroups[0].strategy")]
    [InlineData("strategy in capitals", "ringGroups[0].strategy")]
    [InlineData("menu option to unknown group", "menu.options.7")]
    [InlineData("menu digit 12", "menu.options.12")]
    [InlineData("menu star", "menu.options.*")]
    [InlineData("menu without options", "menu.options")]
    [InlineData("menu without prompt", "menu.prompt")]
    [InlineData("menu timeout 11", "menu.timeoutSeconds")]
    [InlineData("menu timeout 0", "menu.timeoutSeconds")]
    [InlineData("vip to unknown group", "vipCallers[0].ringGroup")]
    [InlineData("vip without group", "vipCallers[0].ringGroup")]
    [InlineData("vip bad number", "vipCallers[0].number")]
    [InlineData("forward without forwardTo", "afterHours.forwardTo")]
    [InlineData("forward to the line itself", "afterHours.forwardTo")]
    [InlineData("forward to a bad number", "afterHours.forwardTo")]
    [InlineData("bad after-hours action", "afterHours.action")]
    [InlineData("bad ending action", "whenNobodyAnswers.action")]
    [InlineData("closure to before from", "closures[0].to")]
    [InlineData("closure without from", "closures[0].from")]
    [InlineData("closure bad date", "closures[0].from")]
    [InlineData("closure other date format", "closures[0].from")]
    [InlineData("closure on the first day of DateOnly", "closures[0].from")]
    [InlineData("closure to the last day of DateOnly", "closures[0].to")]
    [InlineData("closure the day before the range", "closures[0].from")]
    [InlineData("yearly closure to the day after the range", "closures[0].to")]
    [InlineData("sticky 0 days", "sticky.withinDays")]
    [InlineData("sticky 366 days", "sticky.withinDays")]
    [InlineData("sticky timeout 4", "sticky.ringTimeoutSeconds")]
    [InlineData("bad caller id", "callerId")]
    [InlineData("bad language", "language")]
    [InlineData("blank greeting", "greeting")]
    [InlineData("greeting too long", "greeting")]
    [InlineData("name too long", "name")]
    [InlineData("body names another line", "number")]
    [InlineData("forward ring timeout 4", "afterHours.ringTimeoutSeconds")]
    [InlineData("forward ring timeout 601", "afterHours.ringTimeoutSeconds")]
    [InlineData("voice not a twilio voice", "voice")]
    [InlineData("voice in lower case", "voice")]
    [InlineData("voice with markup", "voice")]
    [InlineData("google voice of another language", "voice")]
    [InlineData("blank own goodbye", "texts.goodbye")]
    [InlineData("own leave-a-message too long", "texts.leaveAMessage")]
    [InlineData("own thanks too long", "texts.thanksForTheMessage")]
    [InlineData("blank own closed text", "texts.closed")]
    [InlineData("own screening without the line", "texts.screening")]
    [InlineData("own screening with another placeholder", "texts.screening")]
    [InlineData("own screening with the placeholder misspelt", "texts.screening")]
    public void EachProblemIsNamedByItsJsonPathAndGivesNoRules(string breakage, string path)
    {
        var document = Breakages[breakage](Minimal());

        var (rules, errors) = LineRulesReader.Read(Line, document);

        Assert.Null(rules);
        Assert.Equal([path], errors.Keys);
        Assert.All(errors[path], message => Assert.False(string.IsNullOrWhiteSpace(message)));
    }

    [Fact]
    public void EveryBreakageHasAnExpectedPath()
    {
        // Guards the table above: a case added to Breakages but not to the theory would never run.
        var cases = typeof(LineRulesReaderTests).GetMethod(nameof(EachProblemIsNamedByItsJsonPathAndGivesNoRules))!
            .GetCustomAttributes(typeof(InlineDataAttribute), false)
            .Cast<InlineDataAttribute>()
            .Select(a => (string)a.GetData(null!).Single()[0])
            .ToHashSet(StringComparer.Ordinal);

        Assert.Equal(Breakages.Keys.Order(StringComparer.Ordinal), cases.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void TheMinimalDocumentIsValid()
    {
        var (rules, errors) = LineRulesReader.Read(Line, Minimal());

        Assert.Empty(errors);
        Assert.NotNull(rules);
    }

    [Fact]
    public void ClosuresOnTheFirstAndLastDayOfTheRangeAndAYearlyOneAcrossTheYearEndBetweenThemAreValid()
    {
        var document = Minimal() with
        {
            Closures =
            [
                new() { From = "2000-01-01" },
                new() { From = "2199-12-31", To = "2199-12-31" },
                new() { From = "2000-01-01", To = "2199-12-31" },
                new() { From = "2199-12-24", To = "2000-01-02", Yearly = true },
            ],
        };

        var (rules, errors) = LineRulesReader.Read(Line, document);

        Assert.Empty(errors);
        Assert.Equal(
            [(new DateOnly(2000, 1, 1), new DateOnly(2000, 1, 1)), (new DateOnly(2199, 12, 31), new DateOnly(2199, 12, 31)), (new DateOnly(2000, 1, 1), new DateOnly(2199, 12, 31)), (new DateOnly(2199, 12, 24), new DateOnly(2000, 1, 2))],
            rules!.Closures.Select(c => (c.From, c.To)));
    }

    [Fact]
    public void StoredRulesWithClosuresOutsideTheRangeStillLoadSoTheirLineKeepsRinging()
    {
        // Saved before closure dates had a range: refused as new input, but a stored line must not fall back to the fallback number.
        var document = Minimal() with { Closures = [new() { From = "0001-12-25", Yearly = true }, new() { From = "1999-05-01", To = "9999-12-31" }] };

        var (asInput, inputErrors) = LineRulesReader.Read(Line, document);
        var (stored, storedErrors) = LineRulesReader.Read(Line, document, stored: true);

        Assert.Null(asInput);
        Assert.Equal(["closures[0].from", "closures[1].from", "closures[1].to"], inputErrors.Keys.Order(StringComparer.Ordinal));
        Assert.Empty(storedErrors);
        Assert.True(stored!.Closures[0].Covers(new DateOnly(2026, 12, 25)));
    }

    [Theory]
    [InlineData("0201234567")]
    [InlineData("+0201234567")]
    [InlineData("31201234567")]
    [InlineData("")]
    public void TheLineMustBeAnE164Number(string number)
    {
        var (rules, errors) = LineRulesReader.Read(number, Minimal());

        Assert.Null(rules);
        Assert.Contains("number", errors.Keys);
    }

    [Fact]
    public void TheBodyMayNameTheSameLineAsTheUrl()
    {
        var (rules, errors) = LineRulesReader.Read(Line, Minimal() with { Number = Line });

        Assert.Empty(errors);
        Assert.Equal(Line, rules?.Number);
    }

    [Fact]
    public void EveryProblemIsReportedInOneGo()
    {
        var document = new LineRulesDocument
        {
            TimeZone = "Mars/Olympus",
            OpeningHours = new() { Monday = ["9-17"], Tuesday = ["10:00-10:00"] },
            PublicHolidays = ["FR"],
            RingGroups = [Group("Desk", "0612345678", Line) with { Strategy = "random", RingTimeoutSeconds = 4 }, Group("Desk", Person)],
            Menu = Menu(("12", "Desk"), ("3", "Nobody")),
            VipCallers = [new() { Number = "+31699999999", RingGroup = "Nobody" }],
            AfterHours = new() { Action = "forward" },
            Closures = [new() { From = "2026-07-31", To = "2026-07-20" }],
        };

        var (rules, errors) = LineRulesReader.Read(Line, document);

        Assert.Null(rules);
        Assert.Equal(
            [
                "afterHours.forwardTo",
                "closures[0].to",
                "menu.options.12",
                "menu.options.3",
                "openingHours.monday[0]",
                "openingHours.tuesday[0]",
                "publicHolidays[0]",
                "ringGroups[0].members[0]",
                "ringGroups[0].members[1]",
                "ringGroups[0].ringTimeoutSeconds",
                "ringGroups[0].strategy",
                "ringGroups[1].name",
                "timeZone",
                "vipCallers[0].ringGroup",
            ],
            errors.Keys.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void AFullDocumentReadsWithEveryFeature()
    {
        var document = new LineRulesDocument
        {
            Number = Line,
            Name = "  Example support  ",
            TimeZone = "Europe/Amsterdam",
            Language = "nl-NL",
            Voice = "Polly.Ruben",
            Texts = new() { Goodbye = "Niemand vrij. Dag!", Screening = " Oproep voor {line}. " },
            OpeningHours = new()
            {
                Monday = ["09:00-12:00", "12:00-17:30"],
                Friday = ["09:00-17:00", "22:00-02:00"],
                Saturday = ["10:00-24:00"],
                Sunday = ["00:00-24:00"],
            },
            Closures =
            [
                new() { From = "2026-06-15", Name = "Company day" },
                new() { From = "2026-07-20", To = "2026-07-31" },
                new() { From = "2025-12-24", To = "2026-01-02", Yearly = true, Name = "Christmas" },
            ],
            PublicHolidays = ["NL", "de", "nl"],
            RingGroups =
            [
                new() { Name = "Sales", Members = ["+31611111111", "client:alice"], Strategy = "sequential", RingTimeoutSeconds = 15 },
                new() { Name = "Support", Members = ["sip:bob@example.sip.twilio.com", "+31622222222"], Strategy = "simultaneous", RingTimeoutSeconds = 600 },
                new() { Name = "Backup", Members = ["+31633333333"], RingTimeoutSeconds = 5 },
                new() { Members = ["+31644444444"] },
            ],
            WhenNobodyAnswers = new() { Action = "goodbye", Message = "Nobody is free. Goodbye." },
            AfterHours = new() { Action = "forward", ForwardTo = "+31655555555", RingTimeoutSeconds = 30 },
            Greeting = " Welcome to Example. ",
            Menu = new()
            {
                Prompt = "For sales press 1, for support press 2.",
                TimeoutSeconds = 5,
                Options = new Dictionary<string, string> { ["1"] = "Sales", ["2"] = "Support" },
            },
            VipCallers = [new() { Number = "+31699999999", RingGroup = "Support" }],
            Sticky = new() { WithinDays = 14, RingTimeoutSeconds = 10 },
            Screening = true,
            CallerId = "line",
        };

        var (rules, errors) = LineRulesReader.Read(Line, document);

        Assert.Empty(errors);
        Assert.NotNull(rules);
        Assert.Equal(Line, rules.Number);
        Assert.Equal("Example support", rules.Name);
        Assert.Equal("Europe/Amsterdam", rules.TimeZone.Id);
        Assert.Equal("nl-NL", rules.Language);
        Assert.Equal("Polly.Ruben", rules.Voice);
        Assert.Equal("Niemand vrij. Dag!", rules.Texts.Goodbye);
        Assert.Equal("Oproep voor Example support.", rules.Texts.ScreeningFor(rules.Name));
        Assert.Equal("Bedankt voor uw bericht. Tot ziens.", rules.Texts.ThanksForTheMessage);

        var hours = rules.OpeningHours;
        Assert.NotNull(hours);
        Assert.Equal([Interval(9, 0, 12, 0), Interval(12, 0, 17, 30)], hours.On(DayOfWeek.Monday));
        Assert.Empty(hours.On(DayOfWeek.Tuesday));
        Assert.Empty(hours.On(DayOfWeek.Wednesday));
        Assert.Empty(hours.On(DayOfWeek.Thursday));
        Assert.Equal([Interval(9, 0, 17, 0), Interval(22, 0, 2, 0)], hours.On(DayOfWeek.Friday));
        Assert.True(hours.On(DayOfWeek.Friday)[1].PastMidnight);
        Assert.Equal((22 * 60, 26 * 60), hours.On(DayOfWeek.Friday)[1].Minutes);
        Assert.Equal((10 * 60, 24 * 60), Assert.Single(hours.On(DayOfWeek.Saturday)).Minutes);
        Assert.Equal((0, 24 * 60), Assert.Single(hours.On(DayOfWeek.Sunday)).Minutes);

        Assert.Equal(
            [
                new Closure(new DateOnly(2026, 6, 15), new DateOnly(2026, 6, 15), false, "Company day"),
                new Closure(new DateOnly(2026, 7, 20), new DateOnly(2026, 7, 31), false, null),
                new Closure(new DateOnly(2025, 12, 24), new DateOnly(2026, 1, 2), true, "Christmas"),
            ],
            rules.Closures);
        Assert.Equal([PublicHolidaySet.Netherlands, PublicHolidaySet.Germany], rules.PublicHolidays);

        Assert.Equal(4, rules.RingGroups.Count);
        var (sales, support, backup, unnamed) = (rules.RingGroups[0], rules.RingGroups[1], rules.RingGroups[2], rules.RingGroups[3]);
        Assert.Equal("Sales", sales.Name);
        Assert.Equal([new RingTarget(RingTargetKind.Number, "+31611111111"), new RingTarget(RingTargetKind.Client, "alice")], sales.Members);
        Assert.Equal(RingStrategy.Sequential, sales.Strategy);
        Assert.Equal(15, sales.RingTimeoutSeconds);
        Assert.Equal("Support", support.Name);
        Assert.Equal([new RingTarget(RingTargetKind.Sip, "sip:bob@example.sip.twilio.com"), new RingTarget(RingTargetKind.Number, "+31622222222")], support.Members);
        Assert.Equal(RingStrategy.Simultaneous, support.Strategy);
        Assert.Equal(600, support.RingTimeoutSeconds);
        Assert.Equal("Backup", backup.Name);
        Assert.Equal(RingStrategy.Simultaneous, backup.Strategy);
        Assert.Equal(5, backup.RingTimeoutSeconds);
        Assert.Equal("Group 4", unnamed.Name);
        Assert.Equal(RuleLimits.DefaultRingTimeoutSeconds, unnamed.RingTimeoutSeconds);

        Assert.Equal(new Ending(EndingKind.Goodbye, "Nobody is free. Goodbye."), rules.WhenNobodyAnswers);
        Assert.Equal(new AfterHours(AfterHoursAction.Forward, new RingTarget(RingTargetKind.Number, "+31655555555")) { RingTimeoutSeconds = 30 }, rules.AfterHours);
        Assert.Equal("Welcome to Example.", rules.Greeting);

        Assert.NotNull(rules.Menu);
        Assert.Equal("For sales press 1, for support press 2.", rules.Menu.Prompt);
        Assert.Equal(5, rules.Menu.TimeoutSeconds);
        Assert.Equal(new Dictionary<char, string> { ['1'] = "Sales", ['2'] = "Support" }, rules.Menu.Options);

        Assert.Equal([new VipCaller("+31699999999", "Support")], rules.VipCallers);
        Assert.Equal(new StickyRouting(14, 10), rules.Sticky);
        Assert.True(rules.Screening);
        Assert.Equal(CallerIdShown.Line, rules.CallerId);
    }

    [Fact]
    public void LeftOutFieldsTakeTheirDefaults()
    {
        var (rules, errors) = LineRulesReader.Read(Line, Minimal() with { Menu = Menu(("1", "Desk")), Sticky = new() });

        Assert.Empty(errors);
        Assert.NotNull(rules);
        Assert.Equal(Line, rules.Name);
        Assert.Null(rules.Language);
        Assert.Null(rules.Voice);
        Assert.Equal("Sorry, nobody can take your call right now. Please leave a message after the tone.", rules.Texts.LeaveAMessage);
        Assert.Null(rules.OpeningHours);
        Assert.Empty(rules.Closures);
        Assert.Empty(rules.PublicHolidays);
        Assert.Equal(RingStrategy.Simultaneous, Assert.Single(rules.RingGroups).Strategy);
        Assert.Equal(RuleLimits.DefaultRingTimeoutSeconds, rules.RingGroups[0].RingTimeoutSeconds);
        Assert.Equal(Ending.Voicemail, rules.WhenNobodyAnswers);
        Assert.Equal(AfterHours.Voicemail, rules.AfterHours);
        Assert.Equal(20, rules.AfterHours.RingTimeoutSeconds);
        Assert.Null(rules.Greeting);
        Assert.Equal(RuleLimits.DefaultMenuTimeoutSeconds, rules.Menu?.TimeoutSeconds);
        Assert.Empty(rules.VipCallers);
        Assert.Equal(new StickyRouting(RuleLimits.DefaultStickyDays, RuleLimits.DefaultStickyRingTimeoutSeconds), rules.Sticky);
        Assert.False(rules.Screening);
        Assert.Equal(CallerIdShown.Caller, rules.CallerId);
    }

    [Fact]
    public void NoMenuAndNoStickyAreNull()
    {
        var (rules, _) = LineRulesReader.Read(Line, Minimal());

        Assert.NotNull(rules);
        Assert.Null(rules.Menu);
        Assert.Null(rules.Sticky);
    }

    [Theory]
    [InlineData("America/New_York")]
    [InlineData("Europe/Berlin")]
    [InlineData("UTC")]
    [InlineData("Asia/Kolkata")]
    public void AnyIanaTimeZoneIsAccepted(string zone)
    {
        var (rules, errors) = LineRulesReader.Read(Line, Minimal() with { TimeZone = zone });

        Assert.Empty(errors);
        Assert.Equal(zone, rules?.TimeZone.Id);
    }

    [Fact]
    public void EveryIntervalInsideALongerOneIsNamed()
    {
        var document = Minimal() with { OpeningHours = new() { Monday = ["08:00-20:00", "09:00-10:00", "11:00-12:00"] } };

        var (rules, errors) = LineRulesReader.Read(Line, document);

        Assert.Null(rules);
        Assert.Equal(["openingHours.monday[1]", "openingHours.monday[2]"], errors.Keys.Order(StringComparer.Ordinal));
        Assert.Contains("openingHours.monday[0]", errors["openingHours.monday[2]"][0], StringComparison.Ordinal);
    }

    [Fact]
    public void TouchingAndMidnightIntervalsDoNotOverlap()
    {
        var document = Minimal() with
        {
            OpeningHours = new()
            {
                Monday = ["00:00-06:00", "06:00-12:00", "12:00-24:00"],
                Tuesday = ["00:00-24:00"],
                Wednesday = ["22:00-02:00"],
                Thursday = ["02:00-09:00"],
                Saturday = ["20:00-24:00"],
                Sunday = ["00:00-02:00", "20:00-24:00"],
            },
        };

        var (rules, errors) = LineRulesReader.Read(Line, document);

        Assert.Empty(errors);
        Assert.NotNull(rules);
    }

    [Fact]
    public void AnOvernightIntervalIntoAClosedNextDayIsValid()
    {
        var (rules, errors) = LineRulesReader.Read(Line, Minimal() with { OpeningHours = new() { Sunday = ["22:00-03:00"], Monday = ["03:00-05:00"] } });

        Assert.Empty(errors);
        Assert.NotNull(rules);
    }

    [Theory]
    [InlineData(5)]
    [InlineData(20)]
    [InlineData(600)]
    public void RingTimeoutsFromFiveToSixHundredSecondsAreValid(int seconds)
    {
        var (rules, errors) = LineRulesReader.Read(Line, Minimal() with { RingGroups = [Group("Desk", Person) with { RingTimeoutSeconds = seconds }] });

        Assert.Empty(errors);
        Assert.Equal(seconds, rules?.RingGroups[0].RingTimeoutSeconds);
    }

    [Fact]
    public void TenMembersAndTenGroupsAreTheMost()
    {
        var members = Enumerable.Range(0, 10).Select(i => $"+3161000000{i:00}").ToArray();
        var groups = Enumerable.Range(0, 10).Select(i => Group($"G{i}", members)).ToArray();

        var (rules, errors) = LineRulesReader.Read(Line, Minimal() with { RingGroups = groups });

        Assert.Empty(errors);
        Assert.Equal(10, rules?.RingGroups.Count);
        Assert.All(rules!.RingGroups, g => Assert.Equal(10, g.Members.Count));
    }

    [Fact]
    public void AYearlyClosureMayCrossNewYear()
    {
        var (rules, errors) = LineRulesReader.Read(Line, Minimal() with { Closures = [new() { From = "2025-12-24", To = "2025-01-02", Yearly = true }] });

        Assert.Empty(errors);
        Assert.Equal(new Closure(new DateOnly(2025, 12, 24), new DateOnly(2025, 1, 2), true, null), Assert.Single(rules!.Closures));
    }

    [Fact]
    public void AForwardToTargetMayBeAClientOrSipAddress()
    {
        var (rules, errors) = LineRulesReader.Read(Line, Minimal() with { AfterHours = new() { Action = "forward", ForwardTo = "client:oncall" } });

        Assert.Empty(errors);
        Assert.Equal(new RingTarget(RingTargetKind.Client, "oncall"), rules?.AfterHours.ForwardTo);
    }

    [Fact]
    public void AfterHoursMessageKeepsItsWords()
    {
        var (rules, errors) = LineRulesReader.Read(Line, Minimal() with { AfterHours = new() { Action = "message", Message = "Closed. Goodbye." } });

        Assert.Empty(errors);
        Assert.Equal(new AfterHours(AfterHoursAction.Message, null, "Closed. Goodbye."), rules?.AfterHours);
    }

    [Theory]
    [InlineData(null, "Sorry, nobody can take your call right now. Please leave a message after the tone.")]
    [InlineData("en-GB", "Sorry, nobody can take your call right now. Please leave a message after the tone.")]
    [InlineData("fr-FR", "Sorry, nobody can take your call right now. Please leave a message after the tone.")]
    [InlineData("nl-NL", "Er is op dit moment helaas niemand beschikbaar. Spreek na de toon een bericht in.")]
    [InlineData("nl-BE", "Er is op dit moment helaas niemand beschikbaar. Spreek na de toon een bericht in.")]
    [InlineData("nl", "Er is op dit moment helaas niemand beschikbaar. Spreek na de toon een bericht in.")]
    [InlineData("de-DE", "Leider ist gerade niemand erreichbar. Bitte hinterlassen Sie nach dem Signalton eine Nachricht.")]
    [InlineData("de-CH", "Leider ist gerade niemand erreichbar. Bitte hinterlassen Sie nach dem Signalton eine Nachricht.")]
    public void TheBuiltInWordsAreThoseOfTheLanguagesPrimarySubtag(string? language, string leaveAMessage)
    {
        var (rules, errors) = LineRulesReader.Read(Line, Minimal() with { Language = language });

        Assert.Empty(errors);
        Assert.Equal(leaveAMessage, rules?.Texts.LeaveAMessage);
    }

    private static readonly string[] BuiltInLanguages = ["en-GB", "nl-NL", "de-DE"];

    [Fact]
    public void EveryBuiltInTextIsDifferentInEachLanguageAndNamesTheLineWhenScreening()
    {
        var texts = BuiltInLanguages.Select(language => LineRulesReader.Read(Line, Minimal() with { Language = language }).Rules!.Texts).ToList();

        foreach (var text in new Func<SpokenTexts, string>[] { t => t.LeaveAMessage, t => t.Goodbye, t => t.ThanksForTheMessage, t => t.Closed, t => t.ScreeningFor("Acme") })
        {
            Assert.Equal(3, texts.Select(text).Distinct(StringComparer.Ordinal).Count());
        }

        Assert.All(texts, t => Assert.Contains("Acme", t.ScreeningFor("Acme"), StringComparison.Ordinal));
        Assert.All(texts, t => Assert.DoesNotContain("{", t.ScreeningFor("Acme"), StringComparison.Ordinal));
    }

    [Fact]
    public void AnAdminsOwnWordsReplaceOnlyTheTextsTheyGive()
    {
        var (rules, errors) = LineRulesReader.Read(Line, Minimal() with
        {
            Language = "de-DE",
            Texts = new() { LeaveAMessage = "Bitte sprechen Sie nach dem Ton.", Screening = "{line}: Taste drücken. {line}!" },
        });

        Assert.Empty(errors);
        Assert.Equal("Bitte sprechen Sie nach dem Ton.", rules?.Texts.LeaveAMessage);
        Assert.Equal("Technik: Taste drücken. Technik!", rules?.Texts.ScreeningFor("Technik"));
        Assert.Equal("Vielen Dank für Ihre Nachricht. Auf Wiederhören.", rules?.Texts.ThanksForTheMessage);
        Assert.Equal("Leider ist gerade niemand erreichbar. Bitte versuchen Sie es später noch einmal. Auf Wiederhören.", rules?.Texts.Goodbye);
    }

    [Theory]
    [InlineData("man", null)]
    [InlineData("woman", "de-DE")]
    [InlineData("alice", "nl-NL")]
    [InlineData("Polly.Lotte", "nl-NL")]
    [InlineData("Polly.Ruben", null)]
    [InlineData("Polly.Vicki-Neural", "de-DE")]
    [InlineData("Polly.Marlene", "de-DE")]
    [InlineData("Google.nl-NL-Standard-A", "nl-NL")]
    [InlineData("Google.nl-NL-Wavenet-B", "nl")]
    [InlineData("Google.de-DE-Neural2-B", "de-de")]
    [InlineData("Google.en-US-Chirp3-HD-Aoede", null)]
    public void TwilioVoiceNamesAreAccepted(string voice, string? language)
    {
        var (rules, errors) = LineRulesReader.Read(Line, Minimal() with { Voice = voice, Language = language });

        Assert.Empty(errors);
        Assert.Equal(voice, rules?.Voice);
    }

    private static LineRulesDocument Minimal() => new()
    {
        TimeZone = "Europe/Amsterdam",
        RingGroups = [Group("Desk", Person)],
    };

    private static RingGroupDocument Group(string name, params string[] members) => new() { Name = name, Members = members };

    private static MenuDocument Menu(params (string Digit, string Group)[] options) => new()
    {
        Prompt = "Press a key.",
        Options = options.ToDictionary(o => o.Digit, o => o.Group, StringComparer.Ordinal),
    };

    private static OpeningInterval Interval(int fromHour, int fromMinute, int toHour, int toMinute) =>
        new(new TimeOnly(fromHour, fromMinute), new TimeOnly(toHour, toMinute));
}
