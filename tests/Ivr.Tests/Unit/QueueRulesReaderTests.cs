using Ivr.Rules;

namespace Ivr.Tests.Unit;

/// <summary>
/// A line's queue and its people's wrap-up as admins write them: what is left out takes its default, what is out of
/// range is named by its JSON path (<c>queue.maxWaitSeconds</c>, <c>queue.music</c>, <c>wrapUpSeconds</c>) and gives no rules.
/// </summary>
public sealed class QueueRulesReaderTests
{
    private const string Line = "+31201234567";

    [Fact]
    public void ALineWithoutAQueueFieldHasNoQueueAndNoWrapUp()
    {
        var (rules, errors) = LineRulesReader.Read(Line, Minimal());

        Assert.Empty(errors);
        Assert.NotNull(rules);
        Assert.Null(rules.Queue);
        Assert.Equal(0, rules.WrapUpSeconds);
    }

    [Fact]
    public void AnEnabledQueueWithNothingElseWaitsTenMinutesAndAnnouncesThePlaceInSilence()
    {
        var (rules, errors) = LineRulesReader.Read(Line, Minimal() with { Queue = new() { Enabled = true } });

        Assert.Empty(errors);
        Assert.Equal(new QueueRules(MaxWaitSeconds: 600, AnnouncePosition: true, Music: null), rules?.Queue);
    }

    [Fact]
    public void AnEnabledQueueKeepsTheFieldsItWasGiven()
    {
        var document = Minimal() with
        {
            Queue = new() { Enabled = true, MaxWaitSeconds = 45, AnnouncePosition = false, Music = "  https://cdn.example.com/hold/jazz.mp3?v=2  " },
        };

        var (rules, errors) = LineRulesReader.Read(Line, document);

        Assert.Empty(errors);
        Assert.Equal(new QueueRules(45, false, "https://cdn.example.com/hold/jazz.mp3?v=2"), rules?.Queue);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(null)]
    public void AQueueThatIsNotEnabledIsNoQueue(bool? enabled)
    {
        var document = Minimal() with { Queue = new() { Enabled = enabled, MaxWaitSeconds = 120, Music = "https://example.com/hold.mp3" } };

        var (rules, errors) = LineRulesReader.Read(Line, document);

        Assert.Empty(errors);
        Assert.NotNull(rules);
        Assert.Null(rules.Queue);
    }

    [Theory]
    [InlineData(30)]
    [InlineData(31)]
    [InlineData(3599)]
    [InlineData(3600)]
    public void AMaximumWaitFromThirtySecondsToAnHourIsValid(int seconds)
    {
        var (rules, errors) = LineRulesReader.Read(Line, Minimal() with { Queue = new() { Enabled = true, MaxWaitSeconds = seconds } });

        Assert.Empty(errors);
        Assert.Equal(seconds, rules?.Queue?.MaxWaitSeconds);
    }

    [Theory]
    [InlineData(29, true)]
    [InlineData(3601, true)]
    [InlineData(0, true)]
    [InlineData(-600, true)]
    [InlineData(int.MaxValue, true)]
    [InlineData(10, false)] // A queue that is off is still checked, so switching it on later cannot fail.
    public void AMaximumWaitOutsideThirtySecondsToAnHourIsNamedAndGivesNoRules(int seconds, bool enabled)
    {
        var (rules, errors) = LineRulesReader.Read(Line, Minimal() with { Queue = new() { Enabled = enabled, MaxWaitSeconds = seconds } });

        Assert.Null(rules);
        Assert.Equal(["queue.maxWaitSeconds"], errors.Keys);
        Assert.Contains(seconds.ToString(System.Globalization.CultureInfo.InvariantCulture), Assert.Single(errors["queue.maxWaitSeconds"]), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("http://example.com/hold.mp3")]
    [InlineData("ftp://example.com/hold.mp3")]
    [InlineData("file:///var/music/hold.mp3")]
    [InlineData("javascript:alert(1)")]
    [InlineData("hold.mp3")]
    [InlineData("/music/hold.mp3")]
    [InlineData("example.com/hold.mp3")]
    [InlineData("https://exa mple.com/hold.mp3")]
    [InlineData("https://")]
    [InlineData("https://user:secret@example.com/hold.mp3")]
    [InlineData("not a url")]
    [InlineData("")]
    [InlineData("   ")]
    public void HoldMusicThatIsNotAnHttpsUrlIsNamedAndGivesNoRules(string music)
    {
        var (rules, errors) = LineRulesReader.Read(Line, Minimal() with { Queue = new() { Enabled = true, Music = music } });

        Assert.Null(rules);
        Assert.Equal(["queue.music"], errors.Keys);
        Assert.All(errors["queue.music"], message => Assert.False(string.IsNullOrWhiteSpace(message)));
    }

    [Fact]
    public void HoldMusicWithAnOverlongUrlIsNamed()
    {
        var music = "https://example.com/" + new string('a', 1000) + ".mp3";

        var (rules, errors) = LineRulesReader.Read(Line, Minimal() with { Queue = new() { Enabled = true, Music = music } });

        Assert.Null(rules);
        Assert.Equal(["queue.music"], errors.Keys);
    }

    [Theory]
    [InlineData("https://example.com/hold.mp3")]
    [InlineData("https://cdn.example.com:8443/a/b/hold.wav")]
    [InlineData("HTTPS://Example.COM/Hold.MP3")]
    [InlineData("https://example.com/hold.mp3?token=a%20b&x=1")]
    public void HoldMusicAtAnHttpsUrlIsKept(string music)
    {
        var (rules, errors) = LineRulesReader.Read(Line, Minimal() with { Queue = new() { Enabled = true, Music = music } });

        Assert.Empty(errors);
        Assert.Equal(music, rules?.Queue?.Music);
    }

    [Fact]
    public void EveryQueueProblemIsNamedInOneGo()
    {
        var document = Minimal() with
        {
            Queue = new() { Enabled = true, MaxWaitSeconds = 4000, Music = "http://example.com/hold.mp3" },
            WrapUpSeconds = 700,
        };

        var (rules, errors) = LineRulesReader.Read(Line, document);

        Assert.Null(rules);
        Assert.Equal(["queue.maxWaitSeconds", "queue.music", "wrapUpSeconds"], errors.Keys.Order(StringComparer.Ordinal));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(30)]
    [InlineData(600)]
    public void AWrapUpFromNoneToTenMinutesIsValidWithOrWithoutAQueue(int seconds)
    {
        var (withoutQueue, errors) = LineRulesReader.Read(Line, Minimal() with { WrapUpSeconds = seconds });
        var (withQueue, queueErrors) = LineRulesReader.Read(Line, Minimal() with { WrapUpSeconds = seconds, Queue = new() { Enabled = true } });

        Assert.Empty(errors);
        Assert.Empty(queueErrors);
        Assert.Equal(seconds, withoutQueue?.WrapUpSeconds);
        Assert.Equal(seconds, withQueue?.WrapUpSeconds);
    }

    [Theory]
    [InlineData(-1)]
    [InlineData(601)]
    [InlineData(3600)]
    [InlineData(int.MinValue)]
    public void AWrapUpOutsideNoneToTenMinutesIsNamedAndGivesNoRules(int seconds)
    {
        var (rules, errors) = LineRulesReader.Read(Line, Minimal() with { WrapUpSeconds = seconds });

        Assert.Null(rules);
        Assert.Equal(["wrapUpSeconds"], errors.Keys);
    }

    private static LineRulesDocument Minimal() => new()
    {
        TimeZone = "Europe/Amsterdam",
        RingGroups = [new() { Name = "Desk", Members = ["+31612345678"] }],
    };
}
