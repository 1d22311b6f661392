using System.Globalization;
using Ivr.Hosting;
using Ivr.Routing;
using Ivr.Rules;
using Ivr.Twilio.Twiml;
using Ivr.Voice;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Ivr.Admin;

/// <summary>
/// "What happens if this number calls the line at this moment?" Runs the very code an incoming call runs and returns
/// the TwiML Ivr would answer, the dials in order, and the path through the rules, for the saved rules or a draft.
/// </summary>
internal static class DryRunEndpoint
{
    /// <summary>Stands in for Twilio's CallSid; it appears in no URL, so the TwiML is the real one.</summary>
    private const string DryRunCallSid = "CA00000000000000000000000000000000";

    public static async Task<Results<JsonAnswer<DryRunResult>, ValidationProblem>> RunAsync(string number, HttpContext context, LineRulesStore store, CallPlanner planner, TimeProvider time)
    {
        var (request, problem) = await JsonBody.ReadAsync(context.Request, AdminJson.Default.DryRunRequest);
        if (request is null)
        {
            return problem!;
        }

        var errors = new FieldErrors();
        LineRules? rules = null;
        if (request.Rules is not null)
        {
            rules = DryRunEndpoint.ReadDraft(number, request.Rules, errors);
        }
        else if (LineEndpoints.InvalidNumber(number) is { } invalid)
        {
            return invalid;
        }
        else if ((await store.GetAsync(number, context.RequestAborted))?.Document is { } saved)
        {
            rules = LineRulesReader.Read(number, saved, stored: true).Rules;
        }

        if (request.From is not null && !PhoneNumber.IsE164(request.From))
        {
            errors.Add("from", $"'{request.From}' is not an E.164 number such as +31612345678.");
        }

        if (request.Digits is not null && Menu.Digit(request.Digits) is null)
        {
            errors.Add("digits", "Give one digit 0-9, as the caller would press it.");
        }

        var at = DryRunInstant.Read(errors, request.At, rules?.TimeZone, time.GetUtcNow());
        if (errors.Count > 0)
        {
            return JsonBody.Invalid(errors.ToDictionary());
        }

        var (plan, route, key, _) = await IncomingCall.AnswerAsync(planner, rules, number, request.From, DryRunCallSid, at, explain: true, context.RequestAborted);
        var twiml = TwimlWriter.ToXml(VoiceTwiml.ForIncoming(plan, key, route));

        string? afterMenu = null;
        if (request.Digits is [var pressed] && plan.Menu is not null)
        {
            var chosen = planner.Plan(plan.Line, number, request.From, at, pressed, route.Sticky, explain: true);
            plan = chosen with { Path = [.. plan.Path, .. chosen.Path.Except(plan.Path)] };
            afterMenu = TwimlWriter.ToXml(VoiceTwiml.ForStep(chosen, route with { Choice = pressed }, key));
        }

        return new JsonAnswer<DryRunResult>(
            new DryRunResult(
                number,
                rules?.TimeZone.Id,
                rules is null ? null : TimeZoneInfo.ConvertTime(at, rules.TimeZone).DateTime.ToString("yyyy-MM-dd'T'HH:mm:ss", CultureInfo.InvariantCulture),
                IncomingCall.RouteName(plan.Kind),
                plan.Path,
                twiml,
                plan.Steps.Select(s => new DryRunStep(s.Targets.Select(t => t.ToString()).ToList(), s.TimeoutSeconds, s.Description)).ToList(),
                plan.Ending.Kind switch
                {
                    EndingKind.Voicemail => "voicemail",
                    EndingKind.Queue => "queue",
                    _ => "goodbye",
                },
                afterMenu,
                rules is null ? null : TextsOf(rules)),
            AdminJson.Plain.DryRunResult);
    }

    private static DryRunTexts TextsOf(LineRules rules) =>
        new(rules.Texts.LeaveAMessage, rules.Texts.Goodbye, rules.Texts.ThanksForTheMessage, rules.Texts.Closed, rules.Texts.ScreeningFor(rules.Name));

    /// <summary>Draft rules sent with a request: their errors go into <paramref name="errors"/> under <c>rules.</c>, as the request names them.</summary>
    internal static LineRules? ReadDraft(string number, LineRulesDocument document, FieldErrors errors)
    {
        var (draft, draftErrors) = LineRulesReader.Read(number, document);
        foreach (var (field, messages) in draftErrors)
        {
            foreach (var message in messages)
            {
                errors.Add("rules." + field, message);
            }
        }

        return draft;
    }
}
