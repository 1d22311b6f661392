using Ivr.Routing;
using Microsoft.Extensions.Options;

namespace Ivr.Tests.Unit;

public sealed class RouterTests
{
    private const string SupportLine = "+31201234567";
    private const string Fallback = "+31209999999";
    private static readonly DateTimeOffset Monday = new(2026, 11, 23, 10, 15, 2, TimeSpan.Zero);

    private static LineRule Line(WhenNobodyAnswers whenNobodyAnswers = WhenNobodyAnswers.Voicemail, params RingTarget[] ring) => new()
    {
        Number = SupportLine,
        Name = "Support",
        Ring = ring.Length == 0 ? [new RingTarget(RingTargetKind.Number, "+31612345678"), new RingTarget(RingTargetKind.Client, "alice")] : ring,
        WhenNobodyAnswers = whenNobodyAnswers,
    };

    [Fact]
    public void ACallToALineWithoutARuleRingsTheFallbackNumber()
    {
        var decision = Router.Decide(null, "+31207777777", Monday, Fallback);

        var fallback = Assert.IsType<RingFallback>(decision);
        Assert.Equal(Fallback, fallback.Number);
        Assert.Contains("+31207777777", fallback.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void ACallWithoutACalledNumberRingsTheFallbackNumber()
    {
        var decision = Router.Decide(null, null, Monday, Fallback);

        Assert.Equal(Fallback, Assert.IsType<RingFallback>(decision).Number);
    }

    [Fact]
    public void ACallToALineWithPeopleRingsThosePeople()
    {
        var line = Line();

        var decision = Router.Decide(line, SupportLine, Monday, Fallback);

        var people = Assert.IsType<RingPeople>(decision);
        Assert.Same(line, people.Line);
    }

    [Fact]
    public void ALineWithNobodyToRingFallsBackRatherThanRingingNoOne()
    {
        var line = Line() with { Ring = [] };

        var decision = Router.Decide(line, SupportLine, Monday, Fallback);

        Assert.Equal(Fallback, Assert.IsType<RingFallback>(decision).Number);
    }

    [Theory]
    [InlineData("completed", null)]
    [InlineData("completed", true)]
    [InlineData("completed", false)]
    [InlineData("answered", null)]
    [InlineData(null, true)]
    [InlineData("no-answer", true)]
    public void AConnectedDialEndsTheCallForEveryKindOfLine(string? dialCallStatus, bool? bridged)
    {
        Assert.Equal(AfterDial.HangUp, Router.AfterDialEnded(Line(WhenNobodyAnswers.Voicemail), dialCallStatus, bridged));
        Assert.Equal(AfterDial.HangUp, Router.AfterDialEnded(Line(WhenNobodyAnswers.Goodbye), dialCallStatus, bridged));
        Assert.Equal(AfterDial.HangUp, Router.AfterDialEnded(null, dialCallStatus, bridged));
    }

    [Theory]
    [InlineData("no-answer")]
    [InlineData("busy")]
    [InlineData("failed")]
    [InlineData("canceled")]
    public void NobodyAnsweringOnAVoicemailLineTakesAMessage(string dialCallStatus)
    {
        Assert.Equal(AfterDial.TakeVoicemail, Router.AfterDialEnded(Line(WhenNobodyAnswers.Voicemail), dialCallStatus, false));
        Assert.Equal(AfterDial.TakeVoicemail, Router.AfterDialEnded(Line(WhenNobodyAnswers.Voicemail), dialCallStatus, null));
    }

    [Theory]
    [InlineData("no-answer")]
    [InlineData("busy")]
    [InlineData("failed")]
    [InlineData("canceled")]
    public void NobodyAnsweringOnAGoodbyeLineSaysGoodbye(string dialCallStatus)
    {
        Assert.Equal(AfterDial.SayGoodbye, Router.AfterDialEnded(Line(WhenNobodyAnswers.Goodbye), dialCallStatus, false));
    }

    [Theory]
    [InlineData("no-answer")]
    [InlineData("busy")]
    [InlineData("failed")]
    [InlineData("canceled")]
    public void NobodyAnsweringTheFallbackNumberSaysGoodbyeBecauseNoLineReadsItsVoicemail(string dialCallStatus)
    {
        Assert.Equal(AfterDial.SayGoodbye, Router.AfterDialEnded(null, dialCallStatus, false));
    }

    [Theory]
    [InlineData("+31612345678", "Number", "+31612345678")]
    [InlineData("+12", "Number", "+12")]
    [InlineData("+123456789012345", "Number", "+123456789012345")]
    [InlineData("client:alice", "Client", "alice")]
    [InlineData("client:agent_42.nl-NL", "Client", "agent_42.nl-NL")]
    [InlineData("sip:alice@example.sip.twilio.com", "Sip", "sip:alice@example.sip.twilio.com")]
    [InlineData("sips:alice@example.sip.twilio.com;transport=tls", "Sip", "sips:alice@example.sip.twilio.com;transport=tls")]
    public void RingTargetsAreReadFromTheirTextForm(string text, string kind, string address)
    {
        Assert.True(RingTarget.TryParse(text, out var target));

        Assert.Equal(new RingTarget(Enum.Parse<RingTargetKind>(kind), address), target);
        Assert.Equal(text, target.ToString());
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("+0612345678")]
    [InlineData("0612345678")]
    [InlineData("31612345678")]
    [InlineData("+1234567890123456")]
    [InlineData("+1")]
    [InlineData("+31 6 1234 5678")]
    [InlineData(" +31612345678")]
    [InlineData("client:")]
    [InlineData("client:a b")]
    [InlineData("client:<alice>")]
    [InlineData("Client:alice")]
    [InlineData("sip:")]
    [InlineData("sip:a b@example.com")]
    [InlineData("http://x")]
    [InlineData("alice")]
    public void TextThatIsNoRingTargetIsRejected(string? text)
    {
        Assert.False(RingTarget.TryParse(text, out _));
    }

    [Theory]
    [InlineData("+31612345678\n")]
    [InlineData("client:alice\n")]
    [InlineData("sip:alice@example.sip.twilio.com\n")]
    public void ATrailingNewlineMakesTextNoRingTarget(string text)
    {
        Assert.False(RingTarget.TryParse(text, out _));
    }

    [Fact]
    public void AWellFormedLineConfigurationIsValid()
    {
        var options = new LinesOptions
        {
            Lines =
            {
                Settings(SupportLine, "+31612345678", "client:alice"),
                Settings("+31207654321", "sip:sales@example.sip.twilio.com"),
            },
        };
        options.Lines[0].RingTimeoutSeconds = 5;
        options.Lines[1].RingTimeoutSeconds = 600;

        Assert.True(new LinesOptionsValidator().Validate(null, options).Succeeded);
    }

    [Fact]
    public void NoLinesAtAllIsValidBecauseEveryCallThenGoesToTheFallback()
    {
        Assert.True(new LinesOptionsValidator().Validate(null, new LinesOptions()).Succeeded);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("020 123 4567")]
    [InlineData("+0201234567")]
    public void ALineWithoutAnE164NumberIsNamedByItsSettingKey(string? number)
    {
        var failures = Failures(new LinesOptions { Lines = { Settings(number, "+31612345678") } });

        var failure = Assert.Single(failures);
        Assert.StartsWith("Lines__0__Number ", failure, StringComparison.Ordinal);
    }

    [Fact]
    public void ALineWithNobodyToRingIsNamedByItsSettingKey()
    {
        var failures = Failures(new LinesOptions { Lines = { Settings(SupportLine) } });

        Assert.StartsWith("Lines__0__Ring ", Assert.Single(failures), StringComparison.Ordinal);
    }

    [Fact]
    public void ALineRingingMoreThanTenPeopleIsNamedByItsSettingKey()
    {
        var eleven = Enumerable.Range(10, 11).Select(i => $"+316123456{i}").ToArray();

        var failures = Failures(new LinesOptions { Lines = { Settings(SupportLine, eleven) } });

        Assert.StartsWith("Lines__0__Ring ", Assert.Single(failures), StringComparison.Ordinal);
    }

    [Fact]
    public void ABadRingTargetIsNamedByItsLineAndPosition()
    {
        var options = new LinesOptions
        {
            Lines =
            {
                Settings(SupportLine, "+31612345678"),
                Settings("+31207654321", "0612345678", "client:bob"),
            },
        };

        var failure = Assert.Single(Failures(options));

        Assert.StartsWith("Lines__1__Ring__0 ", failure, StringComparison.Ordinal);
        Assert.Contains("'0612345678'", failure, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(4)]
    [InlineData(601)]
    [InlineData(0)]
    [InlineData(-20)]
    public void ARingTimeoutOutsideTwiliosLimitsIsNamedByItsSettingKey(int seconds)
    {
        var line = Settings(SupportLine, "+31612345678");
        line.RingTimeoutSeconds = seconds;

        var failure = Assert.Single(Failures(new LinesOptions { Lines = { line } }));

        Assert.StartsWith("Lines__0__RingTimeoutSeconds ", failure, StringComparison.Ordinal);
    }

    [Fact]
    public void ARepeatedLineNumberIsNamedByTheSecondLine()
    {
        var options = new LinesOptions
        {
            Lines =
            {
                Settings(SupportLine, "+31612345678"),
                Settings(SupportLine, "+31687654321"),
            },
        };

        var failure = Assert.Single(Failures(options));

        Assert.StartsWith("Lines__1__Number ", failure, StringComparison.Ordinal);
        Assert.Contains(SupportLine, failure, StringComparison.Ordinal);
    }

    [Fact]
    public void EveryProblemIsReportedAtOnce()
    {
        var broken = Settings("nope", "nobody");
        broken.RingTimeoutSeconds = 1;

        var failures = Failures(new LinesOptions { Lines = { broken } });

        Assert.Equal(
            ["Lines__0__Number", "Lines__0__RingTimeoutSeconds", "Lines__0__Ring__0"], // ordinal order: 'T' < '_'
            failures.Select(f => f[..f.IndexOf(' ', StringComparison.Ordinal)]).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void ALineNumberWithATrailingNewlineIsRejected()
    {
        var failures = Failures(new LinesOptions { Lines = { Settings(SupportLine + "\n", "+31612345678") } });

        Assert.StartsWith("Lines__0__Number ", Assert.Single(failures), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("0201234567")]
    public void AFallbackNumberThatIsNotE164IsNamedByItsSettingKey(string? number)
    {
        var result = new IvrOptionsValidator().Validate(null, new IvrOptions { FallbackNumber = number });

        Assert.True(result.Failed);
        Assert.StartsWith("Ivr__FallbackNumber ", Assert.Single(result.Failures!), StringComparison.Ordinal);
    }

    [Fact]
    public void TheLineDirectoryFindsALineByItsExactNumber()
    {
        var options = new LinesOptions { Lines = { Settings(SupportLine, "+31612345678", "client:alice") } };
        var directory = new ConfiguredLineDirectory(Options.Create(options));

        var line = directory.Find(SupportLine);

        Assert.NotNull(line);
        Assert.Equal(
            [new RingTarget(RingTargetKind.Number, "+31612345678"), new RingTarget(RingTargetKind.Client, "alice")],
            line.Ring);
        Assert.Equal(SupportLine, line.Name);
        Assert.Null(directory.Find("+31207654321"));
        Assert.Null(directory.Find(null));
    }

    private static LineSettings Settings(string? number, params string[] ring)
    {
        var settings = new LineSettings { Number = number };
        settings.Ring.AddRange(ring);
        return settings;
    }

    private static List<string> Failures(LinesOptions options)
    {
        var result = new LinesOptionsValidator().Validate(null, options);
        Assert.True(result.Failed);
        return result.Failures!.ToList();
    }
}
