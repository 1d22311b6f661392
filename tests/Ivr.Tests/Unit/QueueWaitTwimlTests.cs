using System.Globalization;
using System.Xml.Linq;
using Ivr.Rules;
using Ivr.Twilio.Twiml;
using Ivr.Voice;

namespace Ivr.Tests.Unit;

/// <summary>
/// What a caller waiting in a line's queue hears each time Twilio asks the wait URL again: their place now and then,
/// music or a short silence, and, from the line's limit on, the way out of the queue.
/// </summary>
public sealed class QueueWaitTwimlTests
{
    private const string Line = "+31201234567";
    private const string Music = "https://cdn.example.com/hold.mp3?a=1&b=2";

    [Theory]
    [InlineData(120, 120)]
    [InlineData(120, 121)]
    [InlineData(120, 5000)]
    [InlineData(3600, 3600)]
    public void FromTheLinesLimitOnTheCallerLeavesTheQueueAndHearsNothingMore(int maxWait, int waited)
    {
        var line = Rules(new() { Enabled = true, MaxWaitSeconds = maxWait, Music = Music });

        var verbs = Verbs(line, position: 1, waited, average: 30);

        Assert.Equal(["Leave"], verbs.Select(v => v.Name.LocalName));
    }

    [Theory]
    [InlineData(120, 0)]
    [InlineData(120, 60)]
    [InlineData(120, 105)]
    [InlineData(120, 110)]
    [InlineData(120, 119)]
    [InlineData(30, 29)]
    public void BeforeTheLimitTheSilenceIsNeverLongerThanWhatIsLeft(int maxWait, int waited)
    {
        var line = Rules(new() { Enabled = true, MaxWaitSeconds = maxWait });

        var verbs = Verbs(line, position: 1, waited, average: 30);

        Assert.DoesNotContain(verbs, v => v.Name.LocalName == "Leave");
        var pause = Assert.Single(verbs, v => v.Name.LocalName == "Pause");
        var length = int.Parse(pause.Attribute("length")!.Value, CultureInfo.InvariantCulture);
        Assert.InRange(length, 1, maxWait - waited);
        Assert.True(length <= 60, "a short silence, so the limit is checked again soon");
        Assert.Same(pause, verbs.Last());
    }

    [Fact]
    public void WithHoldMusicTheCallerHearsItInsteadOfSilence()
    {
        var line = Rules(new() { Enabled = true, Music = Music });

        var verbs = Verbs(line, position: 2, waited: 20, average: 60);

        var play = Assert.Single(verbs, v => v.Name.LocalName == "Play");
        Assert.Equal(Music, play.Value);
        Assert.DoesNotContain(verbs, v => v.Name.LocalName == "Pause");
        Assert.Same(play, verbs.Last());
    }

    [Fact]
    public void OnTheFirstRequestTheCallerHearsTheirPlaceAndTheRoughWaitBeforeTheMusic()
    {
        var line = Rules(new() { Enabled = true, Music = Music });

        var verbs = Verbs(line, position: 3, waited: 0, average: 600);

        Assert.Equal(["Say", "Play"], verbs.Select(v => v.Name.LocalName));
        var said = verbs[0].Value;
        Assert.Contains("3", said, StringComparison.Ordinal);
        Assert.Contains("10 minutes", said, StringComparison.Ordinal);
        Assert.DoesNotContain("{", said, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(100, "2 minutes")]
    [InlineData(150, "3 minutes")]
    [InlineData(269, "4 minutes")]
    [InlineData(1800, "30 minutes")]
    public void TheRoughWaitIsInWholeMinutesRoundedToTheNearest(int average, string minutes)
    {
        var said = Verbs(Rules(new() { Enabled = true }), position: 1, waited: 0, average).First().Value;

        Assert.Contains(minutes, said, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(null, 60, "a minute")]
    [InlineData(null, 89, "a minute")]
    [InlineData("nl-NL", 30, "een minuut")]
    [InlineData("de-DE", 75, "eine Minute")]
    public void AWaitOfAboutAMinuteIsSaidInTheSingular(string? language, int average, string aMinute)
    {
        var said = Verbs(Rules(new() { Enabled = true }, language), position: 2, waited: 0, average).First().Value;

        Assert.Contains(aMinute, said, StringComparison.Ordinal);
        Assert.DoesNotContain("1 ", said, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(10)]
    [InlineData(29)]
    public void AWaitUnderHalfAMinuteIsNotGivenAsNoMinutes(int average)
    {
        var said = Verbs(Rules(new() { Enabled = true }), position: 1, waited: 0, average).First().Value;

        Assert.DoesNotContain("minute", said, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("0", said, StringComparison.Ordinal);
        Assert.Contains("1", said, StringComparison.Ordinal);
    }

    [Fact]
    public void ADutchLineSaysThePlaceInDutchInItsVoice()
    {
        var line = Rules(new() { Enabled = true }, language: "nl-NL", voice: "Polly.Lotte");
        var english = Rules(new() { Enabled = true });

        var say = Verbs(line, position: 3, waited: 0, average: 300).First();
        var englishSay = Verbs(english, position: 3, waited: 0, average: 300).First();

        Assert.Equal("Say", say.Name.LocalName);
        Assert.Equal("nl-NL", say.Attribute("language")?.Value);
        Assert.Equal("Polly.Lotte", say.Attribute("voice")?.Value);
        Assert.Contains("3", say.Value, StringComparison.Ordinal);
        Assert.Contains("5 minuten", say.Value, StringComparison.Ordinal);
        Assert.Contains("nummer", say.Value, StringComparison.OrdinalIgnoreCase);
        Assert.NotEqual(englishSay.Value, say.Value);
        Assert.Null(englishSay.Attribute("language"));
    }

    [Fact]
    public void AGermanLineSaysThePlaceInGerman()
    {
        var say = Verbs(Rules(new() { Enabled = true }, language: "de-DE"), position: 2, waited: 0, average: 240).First();

        Assert.Equal("de-DE", say.Attribute("language")?.Value);
        Assert.Contains("2", say.Value, StringComparison.Ordinal);
        Assert.Contains("4 Minuten", say.Value, StringComparison.Ordinal);
    }

    [Fact]
    public void ALineThatDoesNotAnnounceThePlaceNeverSaysIt()
    {
        var line = Rules(new() { Enabled = true, AnnouncePosition = false, MaxWaitSeconds = 600 });

        for (var waited = 0; waited < 600; waited += 5)
        {
            Assert.DoesNotContain(Verbs(line, position: 4, waited, average: 120), v => v.Name.LocalName == "Say");
        }
    }

    [Fact]
    public void WithoutAPlaceFromTwilioNothingIsAnnounced()
    {
        var verbs = Verbs(Rules(new() { Enabled = true }), position: 0, waited: 0, average: 0);

        Assert.Equal(["Pause"], verbs.Select(v => v.Name.LocalName));
    }

    /// <summary>
    /// Twilio asks the wait URL again as soon as its TwiML ends. Played out over ten minutes, with each announcement
    /// taking a few seconds to say, the caller hears their place first thing and then about once a minute: not every
    /// few seconds (there would be no music), not rarely.
    /// </summary>
    [Theory]
    [InlineData(0)]
    [InlineData(3)]
    [InlineData(6)]
    [InlineData(9)]
    public void TheCallerHearsTheirPlaceAtOnceAndThenAboutOnceAMinute(int secondsToSayIt)
    {
        var line = Rules(new() { Enabled = true, MaxWaitSeconds = 600 });
        var announcedAt = new List<int>();
        var waited = 0;
        for (var requests = 0; requests < 1000; requests++)
        {
            var verbs = Verbs(line, position: 2, waited, average: 300);
            if (verbs is [{ Name.LocalName: "Leave" }])
            {
                break;
            }

            if (verbs.Any(v => v.Name.LocalName == "Say"))
            {
                announcedAt.Add(waited);
                waited += secondsToSayIt;
            }

            waited += int.Parse(verbs.Single(v => v.Name.LocalName == "Pause").Attribute("length")!.Value, CultureInfo.InvariantCulture);
        }

        Assert.True(waited >= 600, "the simulated caller reached the limit");
        Assert.Equal(0, announcedAt[0]);
        Assert.InRange(announcedAt.Count, 8, 11);
        Assert.All(announcedAt.Zip(announcedAt.Skip(1), (a, b) => b - a), gap => Assert.InRange(gap, 45, 90));
    }

    private static LineRules Rules(QueueDocument queue, string? language = null, string? voice = null)
    {
        var (rules, errors) = LineRulesReader.Read(Line, new LineRulesDocument
        {
            TimeZone = "Europe/Amsterdam",
            Language = language,
            Voice = voice,
            RingGroups = [new() { Name = "Desk", Members = ["+31612345678"] }],
            Queue = queue,
        });
        Assert.Empty(errors);
        Assert.NotNull(rules!.Queue);
        return rules;
    }

    private static List<XElement> Verbs(LineRules line, int position, int waited, int average) =>
        [.. XDocument.Parse(TwimlWriter.ToXml(VoiceTwiml.ForWaiting(line, line.Queue!, position, waited, average))).Root!.Elements()];
}
