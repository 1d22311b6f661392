using System.Globalization;
using Ivr.Admin;
using Ivr.Hosting;
using Ivr.Routing;
using Ivr.Rules;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Ivr.AdminConsole;

/// <summary>"Which week, and which rules?" <see cref="Rules"/> plans a draft instead of the saved rules; <see cref="WeekOf"/> is any day of the week (default this week).</summary>
internal sealed record WeekRequest
{
    public string? WeekOf { get; init; }

    public LineRulesDocument? Rules { get; init; }
}

/// <summary>The week view of a line's saved rules or a draft (<see cref="WeekView"/>); a draft's errors are named as the dry run names them.</summary>
internal static class WeekEndpoint
{
    public static async Task<Results<JsonAnswer<WeekPlan>, ValidationProblem, NotFoundProblem>> RunAsync(
        string number, HttpContext context, LineRulesStore store, CallPlanner planner, TimeProvider time)
    {
        var (request, problem) = await JsonBody.ReadAsync(context.Request, ConsoleJson.Default.WeekRequest);
        if (request is null)
        {
            return problem!;
        }

        if (LineEndpoints.InvalidNumber(number) is { } invalid)
        {
            return invalid;
        }

        var errors = new FieldErrors();
        LineRules? rules = null;
        if (request.Rules is not null)
        {
            rules = DryRunEndpoint.ReadDraft(number, request.Rules, errors);
        }
        else if ((await store.GetAsync(number, context.RequestAborted))?.Document is { } saved)
        {
            rules = LineRulesReader.Read(number, saved, stored: true).Rules;
        }

        DateOnly? weekOf = null;
        if (request.WeekOf is not null)
        {
            if (DateOnly.TryParseExact(request.WeekOf, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day) && day.Year is >= 2000 and <= 2199)
            {
                weekOf = day;
            }
            else
            {
                errors.Add("weekOf", $"Give a day as yyyy-MM-dd from 2000-01-01 to 2199-12-31 (got '{request.WeekOf}').");
            }
        }

        if (errors.Count > 0)
        {
            return JsonBody.Invalid(errors.ToDictionary());
        }

        if (rules is null)
        {
            return LineEndpoints.NotFound(number);
        }

        var today = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(time.GetUtcNow(), rules.TimeZone).DateTime);
        return new JsonAnswer<WeekPlan>(WeekView.Build(planner, rules, WeekView.MondayOf(weekOf ?? today)), ConsoleJson.Plain.WeekPlan);
    }
}
