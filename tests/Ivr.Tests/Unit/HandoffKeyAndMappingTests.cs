using Azure.Data.Tables;
using Ivr.Handoffs;
using Ivr.Routing;
using Ivr.Rules;
using Ivr.Voice;
using Microsoft.AspNetCore.Http;

namespace Ivr.Tests.Unit;

public sealed class HandoffKeyAndMappingTests
{
    private const string Line = "+31201234567";
    private const string CallSid = "CA0123456789abcdef0123456789abcdef";
    private static readonly DateTimeOffset Arrived = new(2026, 11, 23, 10, 15, 2, 123, TimeSpan.Zero);

    /// <summary>The record's columns as documented for analysts.</summary>
    private static readonly string[] DocumentedColumns =
    [
        "CallSid", "Line", "ArrivedAt", "CallerHash", "Route", "AnsweredAt", "AnsweredBy", "AnsweredGroup", "TimeToHumanMs",
        "DialEndedAt", "DialStatus", "VoicemailAt", "VoicemailUrl", "EndedAt", "EndStatus", "Outcome", "WaitMs",
    ];

    [Fact]
    public void TheRowKeyIsTheUtcArrivalToTheMillisecondThenTheCallSid()
    {
        var key = new HandoffKey(Line, Arrived, CallSid);

        Assert.Equal("20261123T101502123Z_CA0123456789abcdef0123456789abcdef", key.RowKey);
        Assert.Equal(Line, key.PartitionKey);
    }

    [Fact]
    public void TheRowKeyUsesUtcWhateverTheInstantsOffset()
    {
        // 00:30:00.007 on 1 January 2026 in UTC+02:00 is 22:30:00.007 on 31 December 2025 in UTC.
        var key = new HandoffKey(Line, new DateTimeOffset(2026, 1, 1, 0, 30, 0, 7, TimeSpan.FromHours(2)), CallSid);

        Assert.Equal("20251231T223000007Z_" + CallSid, key.RowKey);
    }

    [Fact]
    public void RowKeysSortByArrivalTime()
    {
        DateTimeOffset[] chronological =
        [
            new(2025, 12, 31, 23, 59, 59, 999, TimeSpan.Zero),
            new(2026, 1, 1, 0, 0, 0, 0, TimeSpan.Zero),
            new(2026, 1, 1, 0, 0, 0, 1, TimeSpan.Zero),
            new(2026, 1, 1, 9, 59, 59, 999, TimeSpan.Zero),
            new(2026, 1, 1, 10, 0, 0, 0, TimeSpan.Zero),
            new(2026, 9, 30, 23, 0, 0, 0, TimeSpan.Zero),
            new(2026, 10, 1, 2, 0, 0, 0, TimeSpan.FromHours(2)), // 00:00 UTC on 1 October, an hour later
            new(2026, 11, 23, 10, 15, 2, 123, TimeSpan.Zero),
        ];
        // CallSids in the opposite order, so only the instant can put the keys in order.
        var keys = chronological.Select((at, i) => new HandoffKey(Line, at, $"CA{9 - i:D32}").RowKey).ToArray();

        Assert.Equal(keys, Enumerable.Reverse(keys).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void TheInstantIsWrittenAsItsCustomDateFormatWouldWriteIt()
    {
        var random = new Random(20261202);
        var instants = Enumerable.Range(0, 2000)
            .Select(_ => new DateTimeOffset(random.NextInt64(DateTime.MinValue.Ticks, DateTime.MaxValue.Ticks), TimeSpan.Zero))
            .Concat([DateTimeOffset.MinValue, DateTimeOffset.MaxValue, new DateTimeOffset(2026, 1, 1, 0, 30, 0, 7, TimeSpan.FromHours(2))]);

        Assert.All(instants, instant => Assert.Equal(
            instant.UtcDateTime.ToString(HandoffKey.InstantFormat, System.Globalization.CultureInfo.InvariantCulture),
            HandoffKey.FormatInstant(instant)));
    }

    [Fact]
    public void ARowKeyReadsBackIntoTheSameKey()
    {
        var key = new HandoffKey(Line, Arrived, CallSid);

        Assert.Equal(key, HandoffKey.FromRowKey(Line, key.RowKey));
    }

    [Theory]
    [InlineData("")]
    [InlineData("garbage")]
    [InlineData("_" + CallSid)]
    [InlineData("20261123T101502123Z")]
    [InlineData("2026-11-23T10:15:02.123Z_" + CallSid)]
    [InlineData("20261123T101502Z_" + CallSid)]
    [InlineData("20261131T101502123Z_" + CallSid)]
    public void ARowKeyThatIsNotOursReadsAsNothing(string rowKey)
    {
        Assert.Null(HandoffKey.FromRowKey(Line, rowKey));
    }

    [Fact]
    public void AnInstantReadsBackAsUtc()
    {
        var instant = HandoffKey.ParseInstant("20261123T101502123Z");

        Assert.Equal(Arrived, instant);
        Assert.Equal(TimeSpan.Zero, instant!.Value.Offset);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("nonsense")]
    [InlineData("20261123T101502Z")]
    [InlineData("20261123T101502123")]
    [InlineData("20261123T1015021234Z")]
    [InlineData("20261323T101502123Z")]
    [InlineData("20261123T251502123Z")]
    [InlineData(" 20261123T101502123Z")]
    [InlineData("20261123T101502123Z ")]
    [InlineData("2026-11-23T10:15:02.123Z")]
    [InlineData("20261123t101502123z")]
    public void TextThatIsNotAnInstantReadsAsNothing(string? text)
    {
        Assert.Null(HandoffKey.ParseInstant(text));
    }

    [Fact]
    public void AFullRecordRoundTripsThroughItsTableEntity()
    {
        var facts = new HandoffFacts
        {
            ArrivedAt = Arrived,
            CallerHash = "3f1a9c",
            Route = "people",
            Answered = new Stamped(Arrived.AddMilliseconds(4_500), "+31612345678"),
            DialEnded = new Stamped(Arrived.AddMinutes(2), "completed"),
            Voicemail = new Stamped(Arrived.AddMinutes(3), "https://api.twilio.com/Recordings/RE1"),
            Ended = new Stamped(Arrived.AddMinutes(4), "completed"),
        };

        var entity = HandoffEntityMap.ToEntity(new HandoffKey(Line, Arrived, CallSid), facts);

        Assert.Equal(facts, HandoffEntityMap.ToFacts(entity));
    }

    [Fact]
    public void ASparseRecordRoundTripsThroughItsTableEntity()
    {
        var facts = new HandoffFacts { ArrivedAt = Arrived, Ended = new Stamped(Arrived.AddSeconds(3), "") };

        var entity = HandoffEntityMap.ToEntity(new HandoffKey(Line, Arrived, CallSid), facts);

        Assert.Equal(facts, HandoffEntityMap.ToFacts(entity));
    }

    [Fact]
    public void TheEntityHasEveryDocumentedColumnThatHasAValue()
    {
        var answeredAt = Arrived.AddMilliseconds(4_500);
        var dialEndedAt = Arrived.AddMinutes(2);
        var endedAt = Arrived.AddMinutes(2).AddMilliseconds(400);
        var facts = new HandoffFacts
        {
            ArrivedAt = Arrived,
            CallerHash = "3f1a9c",
            Route = "people",
            Answered = new Stamped(answeredAt, "+31612345678", "support"),
            DialEnded = new Stamped(dialEndedAt, "completed"),
            Ended = new Stamped(endedAt, "completed"),
        };

        var entity = HandoffEntityMap.ToEntity(new HandoffKey(Line, Arrived, CallSid), facts);

        Assert.Equal(Line, entity.PartitionKey);
        Assert.Equal("20261123T101502123Z_" + CallSid, entity.RowKey);
        Assert.Equal(
            DocumentedColumns.Except(["VoicemailAt", "VoicemailUrl", "WaitMs"]).Order(StringComparer.Ordinal),
            entity.Keys.Except(["PartitionKey", "RowKey"]).Order(StringComparer.Ordinal));
        Assert.Equal(CallSid, entity.GetString("CallSid"));
        Assert.Equal(Line, entity.GetString("Line"));
        Assert.Equal(Arrived, entity.GetDateTimeOffset("ArrivedAt"));
        Assert.Equal("3f1a9c", entity.GetString("CallerHash"));
        Assert.Equal("people", entity.GetString("Route"));
        Assert.Equal(answeredAt, entity.GetDateTimeOffset("AnsweredAt"));
        Assert.Equal("+31612345678", entity.GetString("AnsweredBy"));
        Assert.Equal("support", entity.GetString("AnsweredGroup"));
        Assert.Equal(4_500, entity.GetInt64("TimeToHumanMs"));
        Assert.Equal(dialEndedAt, entity.GetDateTimeOffset("DialEndedAt"));
        Assert.Equal("completed", entity.GetString("DialStatus"));
        Assert.Null(entity.GetDateTimeOffset("VoicemailAt"));
        Assert.Null(entity.GetString("VoicemailUrl"));
        Assert.Equal(endedAt, entity.GetDateTimeOffset("EndedAt"));
        Assert.Equal("completed", entity.GetString("EndStatus"));
        Assert.Equal("answered", entity.GetString("Outcome"));
        Assert.Null(entity.GetInt64("WaitMs"));
    }

    [Fact]
    public void TheEntityOfAnUnansweredCallCarriesItsWait()
    {
        var facts = new HandoffFacts
        {
            ArrivedAt = Arrived,
            DialEnded = new Stamped(Arrived.AddSeconds(20), "no-answer"),
            Voicemail = new Stamped(Arrived.AddSeconds(48), "https://api.twilio.com/Recordings/RE1"),
        };

        var entity = HandoffEntityMap.ToEntity(new HandoffKey(Line, Arrived, CallSid), facts);

        Assert.Equal("voicemail", entity.GetString("Outcome"));
        Assert.Equal(20_000, entity.GetInt64("WaitMs"));
        Assert.Equal("https://api.twilio.com/Recordings/RE1", entity.GetString("VoicemailUrl"));
        Assert.Null(entity.GetInt64("TimeToHumanMs"));
    }

    [Fact]
    public void AJustArrivedCallsEntityCarriesOnlyItsArrivalColumns()
    {
        var facts = new HandoffFacts { ArrivedAt = Arrived, CallerHash = "3f1a9c", Route = "open" };

        var entity = HandoffEntityMap.ToEntity(new HandoffKey(Line, Arrived, CallSid), facts);

        Assert.Equal(
            ["ArrivedAt", "CallSid", "CallerHash", "Line", "Outcome", "PartitionKey", "Route", "RowKey"],
            entity.Keys.Order(StringComparer.Ordinal));
        Assert.Equal("in-progress", entity.GetString("Outcome"));
    }

    [Fact]
    public void AnEntityWithoutArrivalFactsTakesItsArrivalFromTheKey()
    {
        var entity = HandoffEntityMap.ToEntity(new HandoffKey(Line, Arrived, CallSid), new HandoffFacts { Ended = new Stamped(Arrived.AddSeconds(9), "completed") });

        Assert.Equal(Arrived, entity.GetDateTimeOffset("ArrivedAt"));
    }

    [Fact]
    public void AnEmptyEntityReadsAsNoFacts()
    {
        Assert.Equal(new HandoffFacts(), HandoffEntityMap.ToFacts(new TableEntity(Line, "20261123T101502123Z_" + CallSid)));
    }

    [Theory]
    [InlineData("+31201234567", "+31201234567")]
    [InlineData("sip:support@example.sip.twilio.com", "unknown")]
    [InlineData("client:alice", "unknown")]
    [InlineData("0201234567", "unknown")]
    [InlineData("", "unknown")]
    [InlineData(null, "unknown")]
    public void ACallsPartitionIsTheCalledE164NumberOrOneSharedBucket(string? calledNumber, string partition)
    {
        Assert.Equal(partition, LineKey.For(calledNumber));
        Assert.True(LineKey.IsValid(partition));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("Unknown")]
    [InlineData(" 31201234567")]
    [InlineData("0201234567")]
    public void OnlyE164NumbersAndTheSharedBucketAreLineKeys(string? line)
    {
        Assert.False(LineKey.IsValid(line));
    }

    [Fact]
    public void CallbackUrlsForACallWithNoKnownKeyCarryNoKeySoTheWriterLooksTheRecordUp()
    {
        var urls = CallbackUrls.For(null);

        Assert.Equal("/api/voice/voicemail", urls.Voicemail);
        Assert.Null(CallbackUrls.KeyFrom(Request(urls.Voicemail), CallSid));
    }

    [Fact]
    public void CallbackUrlsCarryTheEscapedLineAndTheArrivalInstant()
    {
        var urls = CallbackUrls.For(new HandoffKey(Line, Arrived, CallSid));

        const string query = "?line=%2B31201234567&arrived=20261123T101502123Z";
        Assert.Equal("/api/voice/dial-ended" + query, urls.DialEnded);
        Assert.Equal("/api/voice/leg-status" + query, urls.LegStatus);
        Assert.Equal("/api/voice/voicemail" + query, urls.Voicemail);
    }

    [Theory]
    [InlineData("+31201234567")]
    [InlineData("unknown")]
    public void ACallbackUrlLeadsBackToTheCallsRecord(string line)
    {
        var key = new HandoffKey(line, Arrived, CallSid);
        var request = Request(CallbackUrls.For(key).DialEnded);

        Assert.Equal(key, CallbackUrls.KeyFrom(request, CallSid));
    }

    [Fact]
    public void ACallbackUrlCarriesTheWholeRouteBackEvenWhenItIsLongerThanItsBuffer()
    {
        // A SIP address of some 200 characters (escaped, several times that) does not fit the stack buffer the URL is made in.
        var sticky = new RingTarget(RingTargetKind.Sip, "sip:" + new string('a', 180) + "@office.example.sip.twilio.com");
        var route = new CallRoute(Step: 12, Choice: '7', Sticky: sticky, CallerHash: new string('f', 64));
        var key = new HandoffKey(Line, Arrived, CallSid);

        var urls = CallbackUrls.For(key, route).InGroup("Sales & support");
        var request = Request(urls.DialEnded);

        Assert.Equal(route, CallbackUrls.RouteFrom(request));
        Assert.Equal(key, CallbackUrls.KeyFrom(request, CallSid));
        Assert.Equal("Sales & support", CallbackUrls.GroupFrom(request));
    }

    [Theory]
    [InlineData("/api/voice/dial-ended")]
    [InlineData("/api/voice/dial-ended?line=%2B31201234567")]
    [InlineData("/api/voice/dial-ended?arrived=20261123T101502123Z")]
    [InlineData("/api/voice/dial-ended?line=+31201234567&arrived=20261123T101502123Z")]
    [InlineData("/api/voice/dial-ended?line=%2B31201234567&arrived=2026-11-23")]
    [InlineData("/api/voice/dial-ended?line=sales&arrived=20261123T101502123Z")]
    public void ACallbackUrlWithoutAWellFormedKeyLeadsNowhere(string url)
    {
        Assert.Null(CallbackUrls.KeyFrom(Request(url), CallSid));
    }

    private static HttpRequest Request(string pathAndQuery)
    {
        var queryStart = pathAndQuery.IndexOf('?', StringComparison.Ordinal);
        var context = new DefaultHttpContext();
        context.Request.Path = queryStart < 0 ? pathAndQuery : pathAndQuery[..queryStart];
        context.Request.QueryString = queryStart < 0 ? QueryString.Empty : new QueryString(pathAndQuery[queryStart..]);
        return context.Request;
    }
}
