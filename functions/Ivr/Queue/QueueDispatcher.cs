using Ivr.Presence;
using Ivr.Rules;
using Ivr.Storage;
using Ivr.Twilio;

namespace Ivr.Queue;

/// <summary>
/// Gives waiting callers to people who are free. Whenever someone may have become free or a caller started waiting
/// (and at least every <see cref="SweepInterval"/>, in case a notice was missed), it offers each line's turns to its
/// free people, in the order its ring groups list them: one offer per caller on hold, and one per pending callback,
/// whichever has waited longer first. An offer is a call Ivr places to the person; when they take it, Twilio bridges
/// them to the caller who has waited longest on hold, or Ivr dials the callback's caller. A person (and a callback) is
/// reserved in storage under an ETag before the call is placed, so across all instances a person gets at most one
/// offer at a time, and a callback is offered to one person at a time.
/// </summary>
internal sealed partial class QueueDispatcher(
    WaitingCallers waiting,
    PendingCallbacks callbacks,
    CallbackRecords records,
    PresenceBoard presence,
    PresenceSignal signal,
    ILineDirectory lines,
    IServiceProvider services,
    Microsoft.Extensions.Options.IOptions<TwilioOptions> twilio,
    IOfferUrls urls,
    TimeProvider time,
    ILogger<QueueDispatcher> logger) : BackgroundService
{
    public static readonly TimeSpan SweepInterval = TimeSpan.FromSeconds(1);

    /// <summary>An offer not settled by its status callback this long after it rang out has lapsed.</summary>
    private static readonly TimeSpan OfferSlack = TimeSpan.FromSeconds(60);

    /// <summary>After Twilio refused to place a call for a line, its next try waits this long.</summary>
    private static readonly TimeSpan BackOff = TimeSpan.FromSeconds(5);

    private readonly Dictionary<string, DateTimeOffset> backedOff = new(StringComparer.Ordinal);

    private bool warnedUnconfigured;

    // Made on the first offer, not at start: the HTTP client and its resilience pipeline cost a Native AOT cold start
    // tens of milliseconds, and most instances never place a call.
    private TwilioCalls? calls;

    private TwilioCalls Calls => calls ??= services.GetRequiredService<TwilioCalls>();

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            await signal.WaitAsync(SweepInterval, time, stoppingToken);
            try
            {
                await SweepAsync(stoppingToken);
            }
            catch (Exception ex) when (StorageFailures.IsTroubleOrTimedOut(ex, stoppingToken))
            {
                LogSweepFailed(logger, ex.GetType().Name);
            }
        }
    }

    /// <summary>
    /// One round of offers; returns how many were placed. Each line's turns go by place in line: a caller on hold and a
    /// callback waiting since earlier come first, whichever they are, and the line whose first turn is oldest goes first.
    /// </summary>
    public async Task<int> SweepAsync(CancellationToken cancellationToken)
    {
        await callbacks.RefreshAsync(cancellationToken);
        var now = time.GetUtcNow();
        await ExpireAsync(now, cancellationToken);
        var placed = 0;
        foreach (var (rules, turns) in TurnsByLine(now))
        {
            if (backedOff.GetValueOrDefault(rules.Number) > now)
            {
                continue;
            }

            if (string.IsNullOrEmpty(twilio.Value.AccountSid))
            {
                WarnUnconfigured(rules.Number);
                continue;
            }

            // Next in ring-group order on top.
            var people = new Stack<(string Person, int TimeoutSeconds)>(People(rules).Reverse());
            foreach (var turn in turns)
            {
                var offered = await OfferTurnAsync(rules, turn, people, cancellationToken);
                if (offered == false)
                {
                    break;
                }

                placed += offered == true ? 1 : 0;
            }
        }

        return placed;
    }

    /// <summary>Each line with someone's turn due, with its turns by place in line: held callers not yet offered, and due callbacks.</summary>
    private List<(LineRules Rules, IReadOnlyList<Turn> Turns)> TurnsByLine(DateTimeOffset now)
    {
        var lineTurns = new List<(LineRules Rules, IReadOnlyList<Turn> Turns)>();
        var held = waiting.ByLine().ToDictionary(l => l.Line, l => l.Callers, StringComparer.Ordinal);
        foreach (var line in held.Keys.Union(callbacks.All().Select(c => c.Line), StringComparer.Ordinal))
        {
            if (lines.Find(line) is not { Queue: not null } rules)
            {
                continue;
            }

            var lineCallbacks = callbacks.Of(line);
            var due = LineHours.IsOpen(rules, now) ? lineCallbacks.Where(c => c.IsDue(now)) : [];
            // An offer to a held caller takes whoever is first in Twilio's queue: skip as many as such offers are on their way.
            var heldOffers = Math.Max(0, OutstandingOffers(rules, now) - lineCallbacks.Count(c => c.IsClaimed(now)));
            List<Turn> turns =
            [
                .. (held.GetValueOrDefault(line) ?? []).Skip(heldOffers).Select(c => new Turn(c.QueuedAt, null)),
                .. due.Select(c => new Turn(c.QueuedAt, c)),
            ];
            if (turns.Count > 0)
            {
                lineTurns.Add((rules, [.. turns.OrderBy(t => t.Place)]));
            }
        }

        lineTurns.Sort((a, b) => a.Turns[0].Place.CompareTo(b.Turns[0].Place));
        return lineTurns;
    }

    /// <summary>
    /// Offers one turn to the next of <paramref name="people"/> who is free: true when offered, null when the turn was
    /// gone (a callback another instance took), false when nobody is free or Twilio refused.
    /// </summary>
    private async Task<bool?> OfferTurnAsync(LineRules rules, Turn turn, Stack<(string Person, int TimeoutSeconds)> people, CancellationToken cancellationToken)
    {
        while (people.TryPop(out var next))
        {
            var (person, timeoutSeconds) = next;
            var now = time.GetUtcNow();
            if (!presence.Of(person).CanBeOffered(now))
            {
                continue;
            }

            var until = now + TimeSpan.FromSeconds(timeoutSeconds) + OfferSlack;
            if (await presence.ChangeNowAsync(person, PresenceChanges.Claim(rules.Number, until, now), cancellationToken) is null)
            {
                continue; // Taken by another instance, or no longer free.
            }

            if (turn.Callback is { } callback
                && await callbacks.ChangeAsync(callback.Line, callback.CallSid, CallbackChanges.Claim(person, until, now), cancellationToken) is null)
            {
                // Another instance has it, or it ended: the person stays free for the next turn.
                await presence.ChangeNowAsync(person, PresenceChanges.NotPlaced(time.GetUtcNow()), cancellationToken);
                people.Push(next);
                return null;
            }

            var call = turn.Callback is { } claimed
                ? new OutgoingCall(person, rules.Number, urls.CallbackOffer(rules.Number, claimed.CallSid), urls.CallbackOfferStatus(rules.Number, claimed.CallSid), timeoutSeconds)
                : new OutgoingCall(person, rules.Number, urls.Offer(rules.Number), urls.OfferStatus(rules.Number), timeoutSeconds);
            if (await PlaceAsync(rules, person, call, cancellationToken))
            {
                return true;
            }

            if (turn.Callback is { } unplaced)
            {
                await callbacks.ChangeAsync(unplaced.Line, unplaced.CallSid, CallbackChanges.Release(person), cancellationToken);
            }

            backedOff[rules.Number] = time.GetUtcNow() + BackOff;
            return false;
        }

        return false;
    }

    private async Task<bool> PlaceAsync(LineRules rules, string person, OutgoingCall call, CancellationToken cancellationToken)
    {
        try
        {
            var sid = await Calls.CreateAsync(call, cancellationToken);
            presence.Note(person, PresenceChanges.Placed(sid, time.GetUtcNow()));
            LogOffered(logger, rules.Number, sid);
            return true;
        }
        catch (Exception ex) when (ex is TwilioApiException or HttpRequestException or Polly.Timeout.TimeoutRejectedException
            || ex is TaskCanceledException && !cancellationToken.IsCancellationRequested)
        {
            // Whether a call that timed out was placed is unknown; its status callback, if any, settles the person.
            presence.Note(person, PresenceChanges.NotPlaced(time.GetUtcNow()));
            LogOfferFailed(logger, rules.Number, ex.Message);
            return false;
        }
    }

    /// <summary>Ends the callbacks whose time is up, deleting their numbers, and tells their records.</summary>
    private async Task ExpireAsync(DateTimeOffset now, CancellationToken cancellationToken)
    {
        foreach (var callback in callbacks.All().Where(c => c.ExpiresAt <= now && !c.IsClaimed(now)))
        {
            if (await callbacks.ChangeAsync(callback.Line, callback.CallSid, CallbackChanges.Expire(now), cancellationToken) is { } expired)
            {
                records.Ended(expired, now);
            }
        }
    }

    /// <summary>Someone's turn: a held caller (whoever is first in Twilio's queue) or a callback.</summary>
    private sealed record Turn(DateTimeOffset Place, PendingCallback? Callback);

    /// <summary>
    /// The line's offers on their way to a waiting caller: ringing, or taken and not yet put through (Twilio asks the
    /// queue's url a moment after the person's <c>&lt;Dial&gt;&lt;Queue&gt;</c>; until then the caller is still listed).
    /// </summary>
    private int OutstandingOffers(LineRules rules, DateTimeOffset now)
    {
        var count = 0;
        foreach (var (person, _) in People(rules))
        {
            var p = presence.Of(person);
            if (p.IsOffered(now) && p.OfferLine == rules.Number)
            {
                count++;
            }
        }

        return count;
    }

    /// <summary>Each person of the line once, in the order its ring groups list them, with how long an offer rings them.</summary>
    private static IEnumerable<(string Person, int TimeoutSeconds)> People(LineRules rules) =>
        RingOrder.People(rules).Select(p => (p.Person, p.Groups[0].RingTimeoutSeconds));

    private void WarnUnconfigured(string line)
    {
        if (!warnedUnconfigured)
        {
            warnedUnconfigured = true;
            LogUnconfigured(logger, line);
        }
    }

    [LoggerMessage(EventId = 2401, Level = LogLevel.Information, Message = "Offered a waiting caller of line {Line} to a person (call {OfferSid}).")]
    private static partial void LogOffered(ILogger logger, string line, string offerSid);

    [LoggerMessage(EventId = 2402, Level = LogLevel.Error, Message = "Could not place the offer of a waiting caller of line {Line}: {Reason}. Trying again shortly.")]
    private static partial void LogOfferFailed(ILogger logger, string line, string reason);

    [LoggerMessage(EventId = 2403, Level = LogLevel.Error, Message = "Callers wait in the queue of line {Line}, but Twilio__AccountSid is not set, so Ivr cannot call a free person to take them; they wait until the queue's limit.")]
    private static partial void LogUnconfigured(ILogger logger, string line);

    [LoggerMessage(EventId = 2404, Level = LogLevel.Warning, Message = "A round of queue offers stopped early ({Reason}); the next round tries again.")]
    private static partial void LogSweepFailed(ILogger logger, string reason);
}
