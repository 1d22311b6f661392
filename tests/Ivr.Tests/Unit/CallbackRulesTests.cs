using Ivr.Rules;

namespace Ivr.Tests.Unit;

/// <summary>The queue's callback settings: defaults as the issue gives them, and each bad value named by its path.</summary>
public sealed class CallbackRulesTests
{
    [Fact]
    public void AnEnabledCallbackTakesTheDefaultsForWhatItLeavesOut()
    {
        var callback = Read(new CallbackDocument { Enabled = true }).Rules!.Queue!.Callback!;

        Assert.Equal(new CallbackRules(TimeSpan.FromSeconds(30), TimeSpan.FromHours(24), 3, TimeSpan.FromMinutes(5)), callback);
    }

    [Fact]
    public void ACallbackThatIsOffOrAbsentOffersNothing()
    {
        Assert.Null(Read(new CallbackDocument { Enabled = false, Attempts = 2 }).Rules!.Queue!.Callback);
        Assert.Null(Read(null).Rules!.Queue!.Callback);
    }

    [Theory]
    [InlineData("offerAfterSeconds", -1)]
    [InlineData("offerAfterSeconds", 3601)]
    [InlineData("expiresAfterHours", 0)]
    [InlineData("expiresAfterHours", 169)]
    [InlineData("attempts", 0)]
    [InlineData("attempts", 11)]
    [InlineData("retryAfterMinutes", 0)]
    [InlineData("retryAfterMinutes", 241)]
    public void AValueOutOfRangeIsNamedByItsPathEvenWhenTheCallbackIsOff(string field, int value)
    {
        var document = field switch
        {
            "offerAfterSeconds" => new CallbackDocument { OfferAfterSeconds = value },
            "expiresAfterHours" => new CallbackDocument { ExpiresAfterHours = value },
            "attempts" => new CallbackDocument { Attempts = value },
            _ => new CallbackDocument { RetryAfterMinutes = value },
        };

        var errors = Read(document).Errors;

        Assert.Equal(["queue.callback." + field], errors.Keys);
    }

    private static (LineRules? Rules, IReadOnlyDictionary<string, string[]> Errors) Read(CallbackDocument? callback) =>
        LineRulesReader.Read("+31201234567", new LineRulesDocument
        {
            Name = "Support",
            TimeZone = "Europe/Amsterdam",
            RingGroups = [new() { Name = "Support", Members = ["+31612345678"] }],
            Queue = new() { Enabled = true, Callback = callback },
        });
}
