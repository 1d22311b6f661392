using Ivr.Analytics;
using Ivr.Rules;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;

namespace Ivr.Tests.Unit;

/// <summary>
/// The analytics question as read from a query string, for lines already known (so no storage is read): dates outside
/// 2000-01-01 … 2199-12-31 are refused, naming the parameter, before any period is worked out from them.
/// </summary>
public sealed class AnalyticsRequestTests
{
    private static readonly AnalyticsLine[] Lines = [new("+31201234567", TimeZoneInfo.FindSystemTimeZoneById("Europe/Amsterdam"))];

    [Theory]
    [InlineData("?from=9999-12-31", "from")]
    [InlineData("?from=0001-01-01", "from")]
    [InlineData("?to=0001-01-01", "to")]
    [InlineData("?to=9999-12-31", "to")]
    [InlineData("?from=0001-01-01&to=0001-01-01", "from,to")]
    [InlineData("?from=1999-12-31&to=2000-01-01", "from")]
    [InlineData("?from=2199-12-31&to=2200-01-01", "to")]
    [InlineData("?from=9999-12-31&serviceLevelSeconds=99999999999", "from,serviceLevelSeconds")]
    public async Task ADateOutsideTheRangeIsA400NamingItsParameter(string query, string fields)
    {
        var (_, question, invalid, unknown) = await ReadAsync(query);

        Assert.Null(question);
        Assert.Null(unknown);
        var validation = Assert.IsType<ValidationProblem>(invalid);
        Assert.Equal(fields.Split(','), validation.ProblemDetails.Errors.Keys.Order(StringComparer.Ordinal));
    }

    [Theory]
    [InlineData("?from=2000-01-01&to=2000-01-01", "2000-01-01", "2000-01-01")]
    [InlineData("?from=2199-12-31&to=2199-12-31", "2199-12-31", "2199-12-31")]
    [InlineData("?from=2000-01-01", "2000-01-01", "2000-01-07")] // a week from 'from'
    [InlineData("?to=2000-01-03", "2000-01-01", "2000-01-03")] // the week before 'to' stops at the first day
    [InlineData("?to=2000-01-07", "2000-01-01", "2000-01-07")]
    [InlineData("?to=2000-01-08", "2000-01-02", "2000-01-08")]
    public async Task TheDaysAtTheEdgesOfTheRangeMakeAQuestionThatStaysInIt(string query, string from, string to)
    {
        var (_, question, invalid, unknown) = await ReadAsync(query);

        Assert.Null(invalid);
        Assert.Null(unknown);
        Assert.Equal((DateOnly.Parse(from, System.Globalization.CultureInfo.InvariantCulture), DateOnly.Parse(to, System.Globalization.CultureInfo.InvariantCulture)), (question!.From, question.To));
        Assert.True(DateLimits.Contains(question.From) && DateLimits.Contains(question.To));
    }

    private static Task<(string? Line, AnalyticsQuestion? Question, ValidationProblem? Invalid, Ivr.Hosting.NotFoundProblem? Unknown)> ReadAsync(string query)
    {
        var context = new DefaultHttpContext();
        context.Request.QueryString = new QueryString(query);
        // The lines are given, so the request never reads storage and needs no AnalyticsLines.
        var request = new AnalyticsRequest(null!, Options.Create(new AnalyticsOptions()), TimeProvider.System);
        return request.ReadAsync(context.Request, Lines, CancellationToken.None);
    }
}
