using System.Globalization;
using System.Text.RegularExpressions;
using System.Xml.Linq;
using Ivr.Analytics;
using Ivr.Dashboard;
using Ivr.Handoffs;

namespace Ivr.Tests.Unit;

/// <summary>
/// The dashboard page is built from a report made the way the analytics query makes it: hand-off facts added up into
/// hourly call stats, then <see cref="AnalyticsReport.Build"/>. The page must be well-formed (the charts are SVG, which
/// is XML), must encode every text that comes from data, and must draw what the data says.
/// </summary>
public sealed partial class DashboardPageTests
{
    private const string Line = "+31201234567";
    private const string Hostile = "<script>alert(1)</script>\"&'";
    private static readonly DateOnly Day = new(2026, 11, 23);
    private static readonly AnalyticsLine SupportLine = new(Line, TimeZoneInfo.Utc);

    [Fact]
    public void TheWholeReportIsWellFormedMarkupWithFiveAccessibleCharts()
    {
        var html = DashboardPage.Report([SupportLine], Report(At(10, Answered(4_500), Answered(12_000), Abandoned(30_000), Voicemail())));

        var page = ParsePage(html);
        var charts = Charts(html);
        Assert.Equal(5, charts.Count);
        Assert.Equal(5, page.Descendants().Count(e => e.Name.LocalName == "svg"));
        Assert.All(charts, svg =>
        {
            Assert.Equal("img", svg.Attribute("role")?.Value);
            Assert.False(string.IsNullOrWhiteSpace(svg.Attribute("aria-label")?.Value));
            Assert.Equal(svg.Attribute("aria-label")?.Value, svg.Elements(Svg + "title").Single().Value);
            Assert.Equal("0 0 640 260", svg.Attribute("viewBox")?.Value);
        });
        Assert.Equal("Ivr — time to human", page.Descendants("h1").Single().Value);
    }

    [Fact]
    public void HostileRingGroupAndPersonNamesAreEncodedAndNeverBecomeMarkup()
    {
        var html = DashboardPage.Report([SupportLine], Report(At(10, Answered(4_500, group: Hostile, person: Hostile))));

        Assert.DoesNotContain("<script", html, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("&lt;script&gt;alert(1)&lt;/script&gt;&quot;&amp;&#39;", html, StringComparison.Ordinal);
        // Encoded, the names read back as the very text that came in: one row in each table.
        var rowNames = ParsePage(html).Descendants("tbody").SelectMany(b => b.Elements("tr")).Select(r => r.Element("th")?.Value).ToList();
        Assert.Equal([Hostile, Hostile], rowNames);
    }

    [Fact]
    public void HostileTextInsideAnSvgChartIsEncodedAsXml()
    {
        var svg = XElement.Parse(SvgBarChart.Render(
            new ChartSpec(Hostile, Hostile, Hostile, Hostile),
            [Hostile, "plain"],
            [new ChartSeries(Hostile, "#000", [1, 2]), new ChartSeries("other", "#111", [1, 1])]));

        Assert.Equal(Hostile, svg.Attribute("aria-label")?.Value);
        var texts = svg.Descendants(Svg + "text").Select(t => t.Value).ToList();
        Assert.Contains(Hostile, texts); // the category label, the axis titles and the legend
        Assert.Equal(4, texts.Count(t => t == Hostile));
        Assert.DoesNotContain(svg.Descendants(), e => e.Name.LocalName == "script");
    }

    [Fact]
    public void AProblemPageEncodesTheLineAndTheMessage()
    {
        var html = DashboardPage.Problem([SupportLine], Hostile, $"No line {Hostile}.");

        Assert.DoesNotContain("<script", html, StringComparison.OrdinalIgnoreCase);
        var page = ParsePage(html);
        Assert.Contains(page.Descendants("p"), p => p.Value == $"No line {Hostile}.");
        Assert.Empty(Charts(html));
    }

    [Fact]
    public void LateRecordsAreNamedInTheFootnoteOnlyWhenThereAreAny()
    {
        var reads = new ReadCount();
        reads.LateRecords(3);
        var question = new AnalyticsQuestion([SupportLine], Day.AddDays(-2), Day, 20, 5);

        var withLate = DashboardPage.Report([SupportLine], AnalyticsReport.Build(null, question, [At(10, Answered(4_500))], reads));
        var without = DashboardPage.Report([SupportLine], Report(At(10, Answered(4_500))));

        ParsePage(withLate);
        Assert.Contains("3 records were written after their hour's figures were final and are not in them.", withLate, StringComparison.Ordinal);
        Assert.DoesNotContain("were written after", without, StringComparison.Ordinal);
    }

    [Fact]
    public void WithNoCallsEveryChartStillRendersAxesAndSaysSoWithoutNaN()
    {
        var html = DashboardPage.Report([SupportLine], Report());

        ParsePage(html);
        var charts = Charts(html);
        Assert.Equal(5, charts.Count);
        Assert.DoesNotContain("NaN", html, StringComparison.Ordinal);
        Assert.DoesNotContain("Infinity", html, StringComparison.Ordinal);
        Assert.DoesNotContain("∞", html, StringComparison.Ordinal);
        Assert.All(charts, svg =>
        {
            Assert.Contains(svg.Descendants(Svg + "text"), t => t.Attribute("class")?.Value == "empty" && t.Value == "No calls in this period");
            Assert.Single(svg.Descendants(Svg + "line"), l => l.Attribute("class")?.Value == "axis");
            Assert.DoesNotContain(svg.Descendants(Svg + "rect"), r => r.Attribute("class")?.Value == "bar");
        });
        Assert.Equal("0", Figure(html, "calls"));
        Assert.Equal("—", Figure(html, "p50"));
        Assert.Equal("—", Figure(html, "service-level"));
    }

    [Fact]
    public void DistributionBarHeightsAreProportionalToTheirCounts()
    {
        // 2 calls answered within 5 s, 4 within 10 s, 1 after more than 300 s.
        var html = DashboardPage.Report([SupportLine], Report(At(
            10,
            Answered(2_000), Answered(4_900),
            Answered(5_500), Answered(7_000), Answered(8_000), Answered(9_900),
            Answered(400_000))));

        var bars = Bars(Charts(html)[0]);
        Assert.Equal(3, bars.Count);
        var (fast, slower, slowest) = (bars[0], bars[1], bars[2]);
        Assert.Equal(2.0, slower.Height / fast.Height, 3);
        Assert.Equal(0.5, slowest.Height / fast.Height, 3);
        Assert.True(fast.X < slower.X && slower.X < slowest.X);
        Assert.All(bars, b => Assert.Equal(SvgChart.Baseline, b.Y + b.Height, 3)); // all stand on the axis
        Assert.Contains("≤5 s: 2 answered", bars[0].Title, StringComparison.Ordinal);
        Assert.Contains("> 300 s: 1 answered", bars[2].Title, StringComparison.Ordinal);
    }

    [Fact]
    public void HourOfDayBarsStackAnsweredAbandonedAndOtherCalls()
    {
        // 09:00: 3 answered, 1 abandoned; 14:00: 1 answered and 1 voicemail.
        var html = DashboardPage.Report([SupportLine], Report(
            At(9, Answered(3_000), Answered(3_000), Answered(3_000), Abandoned(40_000)),
            At(14, Answered(3_000), Voicemail())));

        var bars = Bars(Charts(html)[3]);
        Assert.Equal(4, bars.Count);
        var (nineAnswered, nineAbandoned, twoAnswered, twoOther) = (bars[0], bars[1], bars[2], bars[3]);
        Assert.Equal(3.0, nineAnswered.Height / nineAbandoned.Height, 3);
        Assert.Equal(nineAnswered.Y, nineAbandoned.Y + nineAbandoned.Height, 3); // abandoned sits on answered
        Assert.Equal(twoAnswered.Height, twoOther.Height, 3);
        Assert.Equal(nineAnswered.X, nineAbandoned.X, 3);
        Assert.True(twoAnswered.X > nineAnswered.X);
        Assert.StartsWith("14:00 · other: 1", twoOther.Title, StringComparison.Ordinal);
    }

    [Fact]
    public void HeadlineFiguresShowTheTotalsInSeconds()
    {
        var html = DashboardPage.Report([SupportLine], Report(At(10, Answered(4_500), Answered(25_000), Abandoned(30_000), Abandoned(2_000), Voicemail())));

        Assert.Equal("5", Figure(html, "calls"));
        Assert.Equal("2", Figure(html, "answered"));
        Assert.Equal("4.5 s", Figure(html, "p50"));
        Assert.Equal("25.0 s", Figure(html, "max"));
        Assert.Equal("1", Figure(html, "short-abandoned"));
        Assert.Equal("1", Figure(html, "voicemail"));
        // Offered: 5 calls less 1 short abandon = 4; 1 answered within 20 s; 1 long abandon.
        Assert.Equal("25%", Figure(html, "service-level"));
        Assert.Equal("25%", Figure(html, "abandoned"));
        var caption = ParsePage(html).Descendants("figcaption").First().Element("p")!.Value;
        Assert.Equal("p50 4.5 s · p90 25.0 s · p95 25.0 s over 2 answered calls.", caption);
    }

    [Fact]
    public void TheQuestionFormKeepsTheCurrentLineDatesAndServiceLevel()
    {
        var other = new AnalyticsLine("+31207654321", TimeZoneInfo.Utc);
        var html = DashboardPage.Report([other, SupportLine], Report(Line, serviceLevelSeconds: 30));

        var form = ParsePage(html).Descendants("form").Single(f => f.Attribute("method")?.Value == "get");
        Assert.Equal("/dashboard", form.Attribute("action")?.Value);
        var options = form.Descendants("option").ToList();
        Assert.Equal(["", "+31207654321", Line], options.Select(o => o.Attribute("value")?.Value));
        Assert.Equal([Line], options.Where(o => o.Attribute("selected") is not null).Select(o => o.Attribute("value")?.Value));
        Assert.Equal("2026-11-21", Input(form, "from"));
        Assert.Equal("2026-11-23", Input(form, "to"));
        Assert.Equal("30", Input(form, "serviceLevelSeconds"));
        Assert.Contains(ParsePage(html).Descendants("form"), f => f.Attribute("action")?.Value == "/dashboard/logout" && f.Attribute("method")?.Value == "post");
    }

    [Fact]
    public void TheSignInFormPostsAPasswordKeyAndShowsTheErrorEncoded()
    {
        var page = ParsePage(DashboardPage.SignIn("Not a key: " + Hostile));

        var form = page.Descendants("form").Single();
        Assert.Equal("/dashboard/login", form.Attribute("action")?.Value);
        Assert.Equal("post", form.Attribute("method")?.Value);
        var key = form.Descendants("input").Single();
        Assert.Equal(("key", "password", "off"), (key.Attribute("name")?.Value, key.Attribute("type")?.Value, key.Attribute("autocomplete")?.Value));
        Assert.Equal("Analyst key", form.Descendants("label").Single(l => l.Attribute("for")?.Value == "key").Value);
        Assert.Equal("Not a key: " + Hostile, page.Descendants("p").Single(p => p.Attribute("role")?.Value == "alert").Value);
        Assert.DoesNotContain(ParsePage(DashboardPage.SignIn(null)).Descendants("p"), p => p.Attribute("role")?.Value == "alert");
    }

    [Fact]
    public void ThePageLoadsNothingFromElsewhereAndRunsNoScript()
    {
        var html = DashboardPage.Report([SupportLine], Report(At(10, Answered(4_500, group: Hostile))));

        var page = ParsePage(html);
        Assert.DoesNotContain(page.Descendants(), e => e.Name.LocalName == "script");
        Assert.DoesNotContain(page.Descendants().Attributes(), a => a.Name.LocalName.StartsWith("on", StringComparison.Ordinal));
        var links = page.Descendants().Attributes().Where(a => a.Name.LocalName is "href" or "src" or "action").Select(a => a.Value).ToList();
        Assert.NotEmpty(links);
        Assert.All(links, link => Assert.True(link.StartsWith('/') || link.StartsWith("data:", StringComparison.Ordinal), link));
    }

    [Fact]
    public void ALineChartBreaksWhereValuesAreMissingAndStillShowsLonePoints()
    {
        var svg = XElement.Parse(SvgLineChart.Render(
            new ChartSpec("t", "x", "y", "none"),
            ["a", "b", "c", "d", "e"],
            [new ChartSeries("p50", "#000", [1, 2, null, 3, double.NaN])],
            [new ChartGuide("target", "#999", 2.5)]));

        var path = svg.Descendants(Svg + "path").Single().Attribute("d")!.Value;
        Assert.Equal(2, path.Count(c => c == 'M'));
        Assert.Equal(1, path.Count(c => c == 'L'));
        Assert.Equal(3, svg.Descendants(Svg + "circle").Count());
        Assert.Single(svg.Descendants(Svg + "line"), l => l.Attribute("class")?.Value == "guide");
        Assert.DoesNotContain("NaN", svg.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void AMeasuredZeroIsDrawnOnTheAxisWhileMissingValuesLeaveTheChartEmpty()
    {
        var spec = new ChartSpec("Abandoned", "day", "%", "No offered calls", Unit: "%");
        var measured = XElement.Parse(SvgBarChart.Render(spec, ["Mon", "Tue"], [new ChartSeries("abandoned", "#000", [0, null])]));
        var missing = XElement.Parse(SvgBarChart.Render(spec, ["Mon", "Tue"], [new ChartSeries("abandoned", "#000", [null, null])]));

        var sliver = Assert.Single(Bars(measured));
        Assert.InRange(sliver.Height, 1, 2);
        Assert.Equal("Mon: 0% abandoned", sliver.Title);
        Assert.DoesNotContain(measured.Descendants(Svg + "text"), t => t.Attribute("class")?.Value == "empty");
        Assert.Empty(Bars(missing));
        Assert.Contains(missing.Descendants(Svg + "text"), t => t.Attribute("class")?.Value == "empty" && t.Value == "No offered calls");
    }

    // ---------------------------------------------------------------------------------------------------------

    private static readonly XNamespace Svg = "http://www.w3.org/2000/svg";

    private sealed record Bar(double X, double Y, double Height, string Title);

    /// <summary>The page as XML: it is written as well-formed HTML, so every tag must close and every entity be XML's.</summary>
    private static XElement ParsePage(string html)
    {
        Assert.StartsWith("<!doctype html>", html, StringComparison.Ordinal);
        return XElement.Parse(html["<!doctype html>".Length..]);
    }

    private static List<XElement> Charts(string html) =>
        SvgElement().Matches(html).Select(m => XElement.Parse(m.Value)).ToList();

    private static List<Bar> Bars(XElement svg) =>
        svg.Descendants(Svg + "rect")
            .Where(r => r.Attribute("class")?.Value == "bar")
            .Select(r => new Bar(Number(r, "x"), Number(r, "y"), Number(r, "height"), r.Element(Svg + "title")?.Value ?? string.Empty))
            .ToList();

    private static double Number(XElement element, string attribute) =>
        double.Parse(element.Attribute(attribute)!.Value, CultureInfo.InvariantCulture);

    private static string Figure(string html, string id) =>
        ParsePage(html).Descendants("div").Single(d => d.Attribute("id")?.Value == "figure-" + id)
            .Elements("div").Single(d => d.Attribute("class")?.Value == "value").Value;

    private static string? Input(XElement form, string name) =>
        form.Descendants("input").Single(i => i.Attribute("name")?.Value == name).Attribute("value")?.Value;

    private static AnalyticsReport Report(params HourRollup[] hours) => Report(null, 20, hours);

    private static AnalyticsReport Report(string? line, int serviceLevelSeconds = 20, params HourRollup[] hours) =>
        AnalyticsReport.Build(line, new AnalyticsQuestion([SupportLine], Day.AddDays(-2), Day, serviceLevelSeconds, 5), hours, new ReadCount());

    /// <summary>The calls that arrived on <see cref="Day"/> in the hour from <paramref name="hour"/>:00 UTC.</summary>
    private static HourRollup At(int hour, params Func<DateTimeOffset, HandoffFacts>[] calls)
    {
        var start = new DateTimeOffset(Day.ToDateTime(new TimeOnly(hour, 0)), TimeSpan.Zero);
        return new HourRollup(Line, start, CallStats.Of(calls.Select((call, i) => call(start.AddMinutes(i)))));
    }

    private static Func<DateTimeOffset, HandoffFacts> Answered(long ms, string group = "Support", string person = "+31612345678") => arrived => new()
    {
        ArrivedAt = arrived,
        Route = "open",
        Answered = new Stamped(arrived.AddMilliseconds(ms), person, group),
    };

    private static Func<DateTimeOffset, HandoffFacts> Abandoned(long waitMs) => arrived => new()
    {
        ArrivedAt = arrived,
        Route = "open",
        Ended = new Stamped(arrived.AddMilliseconds(waitMs), "completed"),
    };

    private static Func<DateTimeOffset, HandoffFacts> Voicemail() => arrived => new()
    {
        ArrivedAt = arrived,
        Route = "open",
        DialEnded = new Stamped(arrived.AddSeconds(15), "no-answer"),
        Voicemail = new Stamped(arrived.AddSeconds(30), "https://api.twilio.com/Recordings/RE1"),
    };

    [GeneratedRegex("<svg\\b.*?</svg>", RegexOptions.Singleline)]
    private static partial Regex SvgElement();
}
