using Ivr.Voice;

namespace Ivr.Tests.Unit;

public sealed class MomentsTests
{
    /// <summary>Twilio's whole-second Timestamp of the event.</summary>
    private static readonly DateTimeOffset Stamp = new(2026, 11, 23, 10, 15, 3, TimeSpan.Zero);

    [Fact]
    public void WithoutATwilioTimestampTheEventHappenedWhenItWasReceived()
    {
        var received = new DateTimeOffset(2026, 11, 23, 10, 15, 33, 456, TimeSpan.Zero);

        Assert.Equal(received, Moments.EventTime(received, null));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(456)]
    [InlineData(999)]
    public void APromptDeliveryKeepsTheMillisecondItWasReceived(int millisecond)
    {
        var received = new DateTimeOffset(2026, 11, 23, 10, 15, 3, millisecond, TimeSpan.Zero);

        Assert.Equal(received, Moments.EventTime(received, Stamp));
    }

    [Theory]
    [InlineData(4, 0)]
    [InlineData(33, 456)]
    public void ALateDeliveryIsMovedBackToTheLastMillisecondOfTwiliosSecond(int second, int millisecond)
    {
        var received = new DateTimeOffset(2026, 11, 23, 10, 15, second, millisecond, TimeSpan.Zero);

        Assert.Equal(new DateTimeOffset(2026, 11, 23, 10, 15, 3, 999, TimeSpan.Zero), Moments.EventTime(received, Stamp));
    }

    [Fact]
    public void ADeliveryReceivedBeforeTwiliosStampKeepsOurOwnClock()
    {
        // Our clock running behind Twilio's: the event still cannot have happened after we received it.
        var received = new DateTimeOffset(2026, 11, 23, 10, 15, 2, 700, TimeSpan.Zero);

        Assert.Equal(received, Moments.EventTime(received, Stamp));
    }

    [Fact]
    public void NowIsTruncatedToTheMillisecond()
    {
        // 10:15:03 plus 1,234,567 ticks (123.4567 ms).
        var time = new FixedTime(Stamp.AddTicks(1_234_567));

        var now = Moments.Now(time);

        Assert.Equal(new DateTimeOffset(2026, 11, 23, 10, 15, 3, 123, TimeSpan.Zero), now);
        Assert.Equal(0, now.Ticks % TimeSpan.TicksPerMillisecond);
        Assert.Equal(TimeSpan.Zero, now.Offset);
    }

    [Fact]
    public void NowNeverRoundsUpIntoTheNextMillisecond()
    {
        // One tick short of 10:15:04.
        var time = new FixedTime(Stamp.AddSeconds(1).AddTicks(-1));

        Assert.Equal(new DateTimeOffset(2026, 11, 23, 10, 15, 3, 999, TimeSpan.Zero), Moments.Now(time));
    }

    [Fact]
    public void NowOnAWholeMillisecondIsUnchanged()
    {
        var instant = new DateTimeOffset(2026, 11, 23, 10, 15, 3, 42, TimeSpan.Zero);

        Assert.Equal(instant, Moments.Now(new FixedTime(instant)));
    }

    private sealed class FixedTime(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }
}
