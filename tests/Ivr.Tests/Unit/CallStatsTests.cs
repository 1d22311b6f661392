using Ivr.Analytics;
using Ivr.Handoffs;

namespace Ivr.Tests.Unit;

/// <summary>
/// Call stats built from hand-off records, checked against what the generated call stories say happened: counts per
/// outcome, time to human, abandon waits and the service level, each computed in the test from the raw instants.
/// </summary>
public sealed class CallStatsTests
{
    private static readonly DateTimeOffset Day = new(2026, 11, 23, 0, 0, 0, TimeSpan.Zero);

    private static readonly int[] ServiceLevelSeconds = [0, 1, 5, 10, 15, 20, 30, 45, 60, 90, 120, 300, 600];

    private static readonly int[] ShortAbandonSeconds = [0, 3, 5, 10, 30];

    private static readonly string[] Groups = ["sales", "support", "overflow", "after-hours"];

    private static readonly string[] People = ["+31612345678", "+31687654321", "client:alice", "client:bob", "sip:desk@example.sip.twilio.com"];

    public static TheoryData<int, int> Samples() => new()
    {
        { 1, 1 },
        { 2, 5 },
        { 3, 40 },
        { 4, 300 },
        { 5, 1_000 },
        { 6, 4_000 },
        { 7, 999 },
    };

    [Theory]
    [MemberData(nameof(Samples))]
    public void CountsPerOutcomeAreWhatTheCallsDid(int seed, int count)
    {
        var calls = GeneratedCalls(seed, count);

        var stats = CallStats.Of(calls.Select(c => c.Facts));

        Assert.Equal(count, stats.Calls);
        Assert.Equal(Count(calls, HandoffOutcome.Answered), stats.Answered);
        Assert.Equal(Count(calls, HandoffOutcome.Abandoned), stats.Abandoned);
        Assert.Equal(Count(calls, HandoffOutcome.NoAnswer), stats.NoAnswer);
        Assert.Equal(Count(calls, HandoffOutcome.Busy), stats.Busy);
        Assert.Equal(Count(calls, HandoffOutcome.Failed), stats.Failed);
        Assert.Equal(Count(calls, HandoffOutcome.Voicemail), stats.Voicemail);
        Assert.Equal(Count(calls, HandoffOutcome.Closed), stats.Closed);
        Assert.Equal(Count(calls, HandoffOutcome.InProgress), stats.Undecided);
        Assert.Equal(Count(calls, HandoffOutcome.Answered), stats.TimeToHuman.Count);
        Assert.Equal(Count(calls, HandoffOutcome.Abandoned), stats.AbandonWait.Count);
    }

    [Theory]
    [MemberData(nameof(Samples))]
    public void TimeToHumanAndAbandonWaitsMatchTheExactDurations(int seed, int count)
    {
        var calls = GeneratedCalls(seed, count);
        var timesToHuman = calls.Where(c => c.Outcome == HandoffOutcome.Answered).Select(c => c.TimeToHumanMs!.Value).ToArray();
        var abandonWaits = calls.Where(c => c.Outcome == HandoffOutcome.Abandoned).Select(c => c.WaitMs!.Value).ToArray();

        var stats = CallStats.Of(calls.Select(c => c.Facts));

        Assert.Equal(timesToHuman.Sum(), stats.TimeToHuman.SumMs);
        Assert.Equal(abandonWaits.Sum(), stats.AbandonWait.SumMs);
        foreach (var percent in new double[] { 0, 10, 25, 50, 75, 80, 90, 95, 99, 100 })
        {
            ExactDurations.AssertPercentile(timesToHuman, percent, stats.TimeToHuman.Percentile(percent));
            ExactDurations.AssertPercentile(abandonWaits, percent, stats.AbandonWait.Percentile(percent));
        }

        for (var seconds = 0; seconds <= 600; seconds++)
        {
            Assert.Equal(ExactDurations.CountAtMost(timesToHuman, seconds * 1000L), stats.AnsweredWithin(seconds));
        }
    }

    [Theory]
    [MemberData(nameof(Samples))]
    public void ServiceLevelIsAnsweredWithinTheTargetOverEveryCallExceptClosedUndecidedAndShortAbandons(int seed, int count)
    {
        var calls = GeneratedCalls(seed, count);

        var stats = CallStats.Of(calls.Select(c => c.Facts));

        foreach (var cutoff in ShortAbandonSeconds)
        {
            var shortAbandons = calls.LongCount(c => c.Outcome == HandoffOutcome.Abandoned && c.WaitMs <= cutoff * 1000L);
            var offered = calls.Count
                - Count(calls, HandoffOutcome.Closed)
                - Count(calls, HandoffOutcome.InProgress)
                - shortAbandons;
            Assert.Equal(shortAbandons, stats.ShortAbandoned(cutoff));
            Assert.Equal(offered, stats.Offered(cutoff));

            foreach (var target in ServiceLevelSeconds)
            {
                var within = calls.LongCount(c => c.Outcome == HandoffOutcome.Answered && c.TimeToHumanMs <= target * 1000L);
                var serviceLevel = stats.ServiceLevel(target, cutoff);
                if (offered == 0)
                {
                    Assert.Null(serviceLevel);
                    continue;
                }

                Assert.NotNull(serviceLevel);
                Assert.Equal(Math.Round(100.0 * within / offered, 2), serviceLevel.Value);
                Assert.InRange((decimal)serviceLevel.Value, (100m * within / offered) - 0.005m, (100m * within / offered) + 0.005m);

                var figures = PeriodFigures.Of(stats, target, cutoff);
                Assert.Equal(calls.Count, figures.Calls);
                Assert.Equal(shortAbandons, figures.ShortAbandoned);
                Assert.Equal(offered, figures.Offered);
                Assert.Equal(within, figures.AnsweredWithinServiceLevel);
                Assert.Equal(serviceLevel, figures.ServiceLevelPercent);
                Assert.Equal(Math.Round(100.0 * (Count(calls, HandoffOutcome.Abandoned) - shortAbandons) / offered, 2), figures.AbandonedPercent);
            }
        }
    }

    [Theory]
    [MemberData(nameof(Samples))]
    public void EachRingGroupAndEachPersonHasTheTimesToHumanOfTheCallsTheyAnswered(int seed, int count)
    {
        var calls = GeneratedCalls(seed, count);
        var answered = calls.Where(c => c.Outcome == HandoffOutcome.Answered).ToList();

        var stats = CallStats.Of(calls.Select(c => c.Facts));

        AssertPerName(answered.GroupBy(c => c.Group!), stats.ByGroup);
        AssertPerName(answered.GroupBy(c => c.Person!), stats.ByPerson);
    }

    [Theory]
    [MemberData(nameof(Samples))]
    public void StatsOfAnyPartitionAddUpToTheStatsOfAllTheCalls(int seed, int count)
    {
        var calls = GeneratedCalls(seed, count);
        var random = new Random(seed + 7);
        var all = CallStats.Of(calls.Select(c => c.Facts));

        foreach (var partCount in new[] { 1, 2, 3, 7, 24, 200 })
        {
            var parts = Enumerable.Range(0, partCount).Select(_ => new List<HandoffFacts>()).ToArray();
            foreach (var call in calls)
            {
                parts[random.Next(partCount)].Add(call.Facts);
            }

            var partStats = parts.Select(CallStats.Of).ToList();
            var before = partStats.Select(Snapshot).ToList();

            var added = new CallStats();
            foreach (var part in partStats)
            {
                added.Add(part);
            }

            var addedBackwards = new CallStats();
            foreach (var part in Enumerable.Reverse(partStats))
            {
                addedBackwards.Add(part);
            }

            Assert.Equal(Snapshot(all), Snapshot(added));
            Assert.Equal(Snapshot(all), Snapshot(addedBackwards));
            Assert.Equal(Snapshot(all), Snapshot(CallStats.Sum(partStats)));
            Assert.Equal(before, partStats.Select(Snapshot).ToList()); // adding reads the parts, never changes them
            Assert.Equal(Count(calls, HandoffOutcome.Answered), added.Answered);
            Assert.Equal(Count(calls, HandoffOutcome.Abandoned), added.Abandoned);
            Assert.Equal(Count(calls, HandoffOutcome.Closed), added.Closed);
            Assert.Equal(Count(calls, HandoffOutcome.InProgress), added.Undecided);
            Assert.Equal(calls.Count, added.Calls);
        }
    }

    [Fact]
    public void AHandCountedDayHasTheServiceLevelWorkedOutOnPaper()
    {
        HandoffFacts[] calls =
        [
            Answered(Day.AddHours(9), 2_000, "sales", "client:alice"),
            Answered(Day.AddHours(10), 15_000, "sales", "client:bob"),
            Answered(Day.AddHours(11), 20_000, "support", "client:alice"), // exactly 20 s is within 20 s
            Answered(Day.AddHours(12), 20_001, "support", "client:alice"),
            Abandoned(Day.AddHours(13), 3_000), // short with a 5 s cutoff
            Abandoned(Day.AddHours(14), 40_000),
            new() { ArrivedAt = Day.AddHours(22), Route = HandoffFacts.ClosedRoute, Ended = new Stamped(Day.AddHours(22).AddSeconds(30), "completed") },
            new() { ArrivedAt = Day.AddHours(15), Route = "open" },
            new() { ArrivedAt = Day.AddHours(16), Route = "open", DialEnded = new Stamped(Day.AddHours(16).AddSeconds(25), "no-answer") },
        ];

        var stats = CallStats.Of(calls);

        // Offered: 9 calls − 1 closed − 1 undecided − 1 short abandon = 6; answered within 20 s: 3 → 50 %.
        Assert.Equal(9, stats.Calls);
        Assert.Equal(6, stats.Offered(5));
        Assert.Equal(3, stats.AnsweredWithin(20));
        Assert.Equal(50.0, stats.ServiceLevel(20, 5));
        // Within 15 s: 2 of 6 → 33.33 %; within 1 s: none.
        Assert.Equal(33.33, stats.ServiceLevel(15, 5));
        Assert.Equal(0.0, stats.ServiceLevel(1, 5));
        // With no short-abandon cutoff, both abandons are offered: 3 of 7 within 20 s → 42.86 %.
        Assert.Equal(42.86, stats.ServiceLevel(20, 0));
        Assert.Equal(3, stats.ByGroup.Values.Sum(h => h.CountAtMost(20_000)));
        Assert.Equal("sales support", string.Join(' ', stats.ByGroup.Keys));
        Assert.Equal("client:alice client:bob", string.Join(' ', stats.ByPerson.Keys));
        Assert.Equal(3, stats.ByPerson["client:alice"].Count);
        Assert.Equal(20_001, stats.TimeToHuman.MaxMs);
        Assert.Equal(15_000, stats.TimeToHuman.Percentile(50)); // rank 2 of 4
    }

    [Fact]
    public void WithNothingOfferedThereIsNoServiceLevel()
    {
        var stats = CallStats.Of(
        [
            new HandoffFacts { ArrivedAt = Day, Route = HandoffFacts.ClosedRoute },
            new HandoffFacts { ArrivedAt = Day, Route = "open" },
            Abandoned(Day, 2_000),
        ]);

        Assert.Equal(0, stats.Offered(5));
        Assert.Null(stats.ServiceLevel(20, 5));
        Assert.Null(PeriodFigures.Of(stats, 20, 5).AbandonedPercent);
        Assert.Equal(1, stats.Offered(1)); // a 2 s abandon is not short with a 1 s cutoff
        Assert.Equal(0.0, stats.ServiceLevel(20, 1));
        Assert.Null(new CallStats().ServiceLevel(20, 5));
    }

    [Fact]
    public async Task CallsAddUpPerLocalHourAndTheNightTheClocksGoBackHasTwoTwoOClockHours()
    {
        var zone = TimeZoneInfo.FindSystemTimeZoneById("Europe/Amsterdam");
        // 25 October 2026: 00:30 UTC is 02:30 CEST (+02:00), 01:30 UTC is 02:30 CET (+01:00).
        var firstTwoOClock = new DateTimeOffset(2026, 10, 25, 0, 30, 0, TimeSpan.Zero);
        var secondTwoOClock = new DateTimeOffset(2026, 10, 25, 1, 30, 0, TimeSpan.Zero);
        (HandoffKey, HandoffFacts)[] records =
        [
            (new HandoffKey("+31201234567", firstTwoOClock, "CA1"), Answered(firstTwoOClock, 4_000, "sales", "client:alice")),
            (new HandoffKey("+31201234567", firstTwoOClock.AddMinutes(10), "CA2"), Abandoned(firstTwoOClock.AddMinutes(10), 9_000)),
            (new HandoffKey("+31201234567", secondTwoOClock, "CA3"), Answered(secondTwoOClock, 30_000, "sales", "client:bob")),
            (new HandoffKey("+31201234567", secondTwoOClock.AddHours(1), "CA4"), new HandoffFacts { ArrivedAt = secondTwoOClock.AddHours(1), Route = "open" }),
        ];

        var hours = await CallStats.ByLocalHourAsync(records.ToAsyncEnumerable(), zone);

        Assert.Equal(3, hours.Count);
        var keys = hours.Keys.ToList();
        Assert.Equal(new DateTimeOffset(2026, 10, 25, 2, 0, 0, TimeSpan.FromHours(2)), keys[0]);
        Assert.Equal(TimeSpan.FromHours(2), keys[0].Offset);
        Assert.Equal(new DateTimeOffset(2026, 10, 25, 2, 0, 0, TimeSpan.FromHours(1)), keys[1]);
        Assert.Equal(TimeSpan.FromHours(1), keys[1].Offset);
        Assert.Equal(new DateTimeOffset(2026, 10, 25, 3, 0, 0, TimeSpan.FromHours(1)), keys[2]);
        Assert.Equal((1L, 1L, 0L), (hours[keys[0]].Answered, hours[keys[0]].Abandoned, hours[keys[0]].Undecided));
        Assert.Equal((1L, 0L, 0L), (hours[keys[1]].Answered, hours[keys[1]].Abandoned, hours[keys[1]].Undecided));
        Assert.Equal((0L, 0L, 1L), (hours[keys[2]].Answered, hours[keys[2]].Abandoned, hours[keys[2]].Undecided));
    }

    private static long Count(IEnumerable<GeneratedCall> calls, string outcome) => calls.LongCount(c => c.Outcome == outcome);

    private static void AssertPerName(IEnumerable<IGrouping<string, GeneratedCall>> expected, SortedDictionary<string, DurationHistogram> actual)
    {
        var groups = expected.ToDictionary(g => g.Key, g => g.Select(c => c.TimeToHumanMs!.Value).ToArray(), StringComparer.Ordinal);
        Assert.Equal(groups.Keys.Order(StringComparer.Ordinal), actual.Keys);
        foreach (var (name, times) in groups)
        {
            var histogram = actual[name];
            Assert.Equal(times.Length, histogram.Count);
            Assert.Equal(times.Sum(), histogram.SumMs);
            foreach (var percent in new double[] { 50, 90, 95 })
            {
                ExactDurations.AssertPercentile(times, percent, histogram.Percentile(percent));
            }

            foreach (var seconds in ServiceLevelSeconds)
            {
                Assert.Equal(ExactDurations.CountAtMost(times, seconds * 1000L), histogram.CountAtMost(seconds * 1000L));
            }
        }
    }

    /// <summary>Everything a stats object holds, as comparable text.</summary>
    private static string Snapshot(CallStats stats) => string.Join(
        "\n",
        new[]
        {
            $"{stats.Answered} {stats.Abandoned} {stats.NoAnswer} {stats.Busy} {stats.Failed} {stats.Voicemail} {stats.Closed} {stats.Undecided}",
            stats.TimeToHuman.Serialize(),
            stats.AbandonWait.Serialize(),
        }
        .Concat(stats.ByGroup.Select(g => $"group {g.Key}={g.Value.Serialize()}"))
        .Concat(stats.ByPerson.Select(p => $"person {p.Key}={p.Value.Serialize()}")));

    private static HandoffFacts Answered(DateTimeOffset arrived, long afterMs, string group, string person) => new()
    {
        ArrivedAt = arrived,
        Route = "open",
        Answered = new Stamped(arrived.AddMilliseconds(afterMs), person, group),
        DialEnded = new Stamped(arrived.AddMilliseconds(afterMs + 60_000), "completed"),
    };

    private static HandoffFacts Abandoned(DateTimeOffset arrived, long afterMs) => new()
    {
        ArrivedAt = arrived,
        Route = "open",
        Ended = new Stamped(arrived.AddMilliseconds(afterMs), "completed"),
    };

    /// <summary>
    /// Random calls of every kind, each built by merging its callbacks' facts in a random order, with the outcome and
    /// durations the story was written to have.
    /// </summary>
    private static List<GeneratedCall> GeneratedCalls(int seed, int count)
    {
        var random = new Random(seed);
        var distribution = RawDurations.Distributions[seed % RawDurations.Distributions.Length];
        var calls = new List<GeneratedCall>(count);
        for (var i = 0; i < count; i++)
        {
            var arrived = Day.AddMilliseconds(random.NextInt64(0, 24L * 3_600_000));
            var arrival = new HandoffFacts
            {
                ArrivedAt = arrived,
                CallerHash = random.Next().ToString("x8", System.Globalization.CultureInfo.InvariantCulture),
                Route = random.Next(10) == 0 ? "fallback" : "open",
            };
            DateTimeOffset After(long ms) => arrived.AddMilliseconds(ms);
            var deltas = new List<HandoffFacts> { arrival };
            var roll = random.Next(100);
            GeneratedCall call;
            if (roll < 48)
            {
                // Answered, now and then after an overflow, now and then stamped a little before the arrival.
                var afterMs = random.Next(25) == 0 ? -random.Next(1, 1_000) : RawDurations.Next(distribution, random);
                var group = Groups[random.Next(Groups.Length)];
                var person = People[random.Next(People.Length)];
                var closed = roll < 3;
                if (closed)
                {
                    deltas[0] = arrival with { Route = HandoffFacts.ClosedRoute };
                }

                if (!closed && random.Next(3) == 0)
                {
                    deltas.Add(new HandoffFacts { DialEnded = new Stamped(After(afterMs / 2), "no-answer") });
                }

                deltas.Add(new HandoffFacts { Answered = new Stamped(After(afterMs), person, group) });
                deltas.Add(new HandoffFacts { DialEnded = new Stamped(After(Math.Max(afterMs, 0) + 90_000), "completed") });
                if (random.Next(2) == 0)
                {
                    deltas.Add(new HandoffFacts { Ended = new Stamped(After(Math.Max(afterMs, 0) + 90_500), "completed") });
                }

                call = new GeneratedCall(HandoffOutcome.Answered, Math.Max(0, afterMs), null, group, person);
            }
            else if (roll < 63)
            {
                // Abandoned: many within a few seconds (misdials), some exactly on the cutoffs.
                long waitMs = random.Next(4) switch
                {
                    0 => random.Next(0, 10_001),
                    1 => ShortAbandonSeconds[random.Next(ShortAbandonSeconds.Length)] * 1000L + random.Next(-1, 2),
                    _ => RawDurations.Next(distribution, random),
                };
                waitMs = Math.Max(0, waitMs);
                switch (random.Next(3))
                {
                    case 0:
                        deltas.Add(new HandoffFacts { Ended = new Stamped(After(waitMs), "completed") });
                        break;
                    case 1:
                        deltas.Add(new HandoffFacts { DialEnded = new Stamped(After(Math.Max(0, waitMs - 80)), "canceled") });
                        deltas.Add(new HandoffFacts { Ended = new Stamped(After(waitMs), "completed") });
                        break;
                    default:
                        // The final status has not come in: the wait runs until the canceled dial ended.
                        deltas.Add(new HandoffFacts { DialEnded = new Stamped(After(waitMs), "canceled") });
                        break;
                }

                call = new GeneratedCall(HandoffOutcome.Abandoned, null, waitMs, null, null);
            }
            else if (roll < 80)
            {
                var (status, outcome) = random.Next(4) switch
                {
                    0 => ("no-answer", HandoffOutcome.NoAnswer),
                    1 => ("busy", HandoffOutcome.Busy),
                    2 => ("failed", HandoffOutcome.Failed),
                    _ => ("no-answer", HandoffOutcome.Voicemail),
                };
                var waitMs = random.NextInt64(0, 60_000);
                deltas.Add(new HandoffFacts { DialEnded = new Stamped(After(waitMs), status) });
                if (outcome == HandoffOutcome.Voicemail)
                {
                    deltas.Add(new HandoffFacts { Voicemail = new Stamped(After(waitMs + 30_000), "https://api.twilio.com/Recordings/RE" + i) });
                }

                if (random.Next(2) == 0)
                {
                    deltas.Add(new HandoffFacts { Ended = new Stamped(After(waitMs + 31_000), "completed") });
                }

                call = new GeneratedCall(outcome, null, waitMs, null, null);
            }
            else if (roll < 92)
            {
                deltas[0] = arrival with { Route = HandoffFacts.ClosedRoute };
                if (random.Next(2) == 0)
                {
                    deltas.Add(new HandoffFacts { Voicemail = new Stamped(After(20_000), "https://api.twilio.com/Recordings/RE" + i) });
                }

                if (random.Next(2) == 0)
                {
                    deltas.Add(new HandoffFacts { Ended = new Stamped(After(25_000), "completed") });
                }

                call = new GeneratedCall(HandoffOutcome.Closed, null, null, null, null);
            }
            else
            {
                // Still ringing: only the arrival is known.
                call = new GeneratedCall(HandoffOutcome.InProgress, null, null, null, null);
            }

            var facts = deltas.OrderBy(_ => random.Next()).Aggregate(new HandoffFacts(), (record, delta) => record.Merge(delta));
            calls.Add(call with { Facts = facts });
        }

        return calls;
    }

    private sealed record GeneratedCall(string Outcome, long? TimeToHumanMs, long? WaitMs, string? Group, string? Person)
    {
        public HandoffFacts Facts { get; init; } = new();
    }
}
