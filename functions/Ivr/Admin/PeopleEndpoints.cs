using Ivr.Hosting;
using Ivr.Presence;
using Ivr.Queue;
using Ivr.Rules;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Ivr.Admin;

/// <summary>Who of a line's people can take a caller now, and marking one away or available.</summary>
internal static class PeopleEndpoints
{
    public static async Task<Results<JsonAnswer<LinePeople>, ValidationProblem, NotFoundProblem>> ListAsync(
        string number, ILineDirectory lines, PresenceBoard presence, WaitingCallers waiting, PendingCallbacks callbacks, TimeProvider time)
    {
        if (LineEndpoints.InvalidNumber(number) is { } invalid)
        {
            return invalid;
        }

        // A new instance knows no line until its first load of the rules: "no such line" before that would be wrong.
        await lines.FirstLoad;
        if (lines.Find(number) is not { } rules)
        {
            return LineEndpoints.NotFound(number);
        }

        var now = time.GetUtcNow();
        return new JsonAnswer<LinePeople>(
            new LinePeople(number, [.. RingOrder.People(rules).Select(p => StateOf(presence.Of(p.Person), p.Groups, now))], [.. waiting.Of(number).Select(c => c.QueuedAt)])
            {
                Callbacks = [.. callbacks.Of(number).Select(c => new CallbackState(c.QueuedAt, c.RequestedAt, c.Attempts, c.NextAttemptAt, c.ExpiresAt, c.IsClaimed(now)))],
            },
            AdminJson.Plain.LinePeople);
    }

    public static async Task<Results<JsonAnswer<PersonState>, ValidationProblem, NotFoundProblem>> SetAsync(
        string number, string person, HttpContext context, ILineDirectory lines, PresenceBoard presence, TimeProvider time)
    {
        if (LineEndpoints.InvalidNumber(number) is { } invalid)
        {
            return invalid;
        }

        var (request, problem) = await JsonBody.ReadAsync(context.Request, AdminJson.Default.PresenceRequest);
        if (request is null)
        {
            return problem!;
        }

        if (request.Presence is not ("away" or "available"))
        {
            return JsonBody.Invalid("presence", $"Give \"away\" or \"available\" (got {(request.Presence is null ? "nothing" : $"'{request.Presence}'")}).");
        }

        await lines.FirstLoad;
        if (lines.Find(number) is not { } rules)
        {
            return LineEndpoints.NotFound(number);
        }

        if (RingOrder.People(rules).FirstOrDefault(p => p.Person == person) is not { Groups: { } groups })
        {
            return new NotFoundProblem("No such person on this line.", $"{person} is not a member of any ring group of line {number}.");
        }

        var now = time.GetUtcNow();
        await presence.ChangeNowAsync(person, PresenceChanges.MarkAway(request.Presence == "away", now), context.RequestAborted);
        return new JsonAnswer<PersonState>(StateOf(presence.Of(person), groups, now), AdminJson.Plain.PersonState);
    }

    private static PersonState StateOf(PersonPresence presence, IReadOnlyList<RingGroup> groups, DateTimeOffset now) =>
        new(presence.Person, [.. groups.Select(g => g.Name)], presence.State(now), presence.IsBusy(now) ? presence.BusySince : null, presence.FreeFrom > now ? presence.FreeFrom : null);
}
