using System.Globalization;
using System.Text;
using Ivr.Analytics;
using static Ivr.Dashboard.DashboardFormat;

namespace Ivr.Dashboard;

/// <summary>
/// The dashboard's HTML: the sign-in form, the report and the problem page. Plain forms and inline SVG, no script and
/// no outside resources, as the content security policy demands. Every text from data (line numbers, ring-group and
/// person names, messages) is HTML-encoded.
/// </summary>
internal static class DashboardPage
{
    public const string Heading = "Ivr — time to human";

    public static string SignIn(string? error)
    {
        var html = Open("Sign in · " + Heading, "sign-in");
        html.Append(CultureInfo.InvariantCulture, $"<main class=\"sign-in-card\"><h1>{SvgChart.Encode(Heading)}</h1>");
        html.Append("<p class=\"muted\">Sign in with your analyst key to see how fast callers reach a person.</p>");
        if (error is not null)
        {
            html.Append(CultureInfo.InvariantCulture, $"<p class=\"error\" role=\"alert\">{SvgChart.Encode(error)}</p>");
        }

        html.Append(CultureInfo.InvariantCulture, $"<form method=\"post\" action=\"{DashboardEndpoints.Path}/login\">");
        html.Append("<label for=\"key\">Analyst key</label>");
        html.Append("<input id=\"key\" name=\"key\" type=\"password\" autocomplete=\"off\" required=\"required\" autofocus=\"autofocus\"/>");
        html.Append("<button type=\"submit\">Sign in</button></form></main>");
        return Close(html);
    }

    public static string Problem(IReadOnlyList<AnalyticsLine> lines, string? line, string message)
    {
        var html = Open(Heading, "report");
        Header(html, null);
        html.Append("<main>");
        Question(html, lines, line, null, null, null);
        html.Append(CultureInfo.InvariantCulture,
            $"<div class=\"problem\" role=\"alert\"><h2>No figures</h2><p>{SvgChart.Encode(message)}</p><p><a href=\"{DashboardEndpoints.Path}\">Show all lines over the last {Count(AnalyticsLimits.DefaultPeriodDays)} days</a></p></div>");
        html.Append("</main>");
        return Close(html);
    }

    public static string Report(IReadOnlyList<AnalyticsLine> lines, AnalyticsReport report)
    {
        var html = Open(Heading, "report");
        var scope = $"{report.Line ?? "All lines"} · {LongDate(report.From)} – {LongDate(report.To)}";
        Header(html, scope);
        html.Append("<main>");
        Question(html, lines, report.Line, report.From, report.To, report.ServiceLevelSeconds);
        DashboardFigures.Headline(html, report);
        html.Append("<section class=\"charts\" aria-label=\"Charts\">");
        DashboardCharts.Render(html, report);
        html.Append("</section>");
        DashboardFigures.Tables(html, report);
        DashboardFigures.Footnote(html, report);
        html.Append("</main>");
        return Close(html);
    }

    private static StringBuilder Open(string title, string bodyClass)
    {
        var html = new StringBuilder(32 * 1024);
        html.Append("<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"/>");
        html.Append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"/>");
        // An empty icon, so the browser does not ask the server for /favicon.ico.
        html.Append("<link rel=\"icon\" href=\"data:,\"/>");
        html.Append(CultureInfo.InvariantCulture, $"<title>{SvgChart.Encode(title)}</title><style>{DashboardStyle.Css}</style></head>");
        html.Append(CultureInfo.InvariantCulture, $"<body class=\"{bodyClass}\">");
        return html;
    }

    private static string Close(StringBuilder html) => html.Append("</body></html>").ToString();

    private static void Header(StringBuilder html, string? scope)
    {
        html.Append(CultureInfo.InvariantCulture, $"<header class=\"top\"><div><h1>{SvgChart.Encode(Heading)}</h1>");
        if (scope is not null)
        {
            html.Append(CultureInfo.InvariantCulture, $"<p class=\"scope\">{SvgChart.Encode(scope)}</p>");
        }

        html.Append(CultureInfo.InvariantCulture,
            $"</div><form method=\"post\" action=\"{DashboardEndpoints.Path}/logout\"><button type=\"submit\" class=\"quiet\">Sign out</button></form></header>");
    }

    /// <summary>The question as a GET form, so every view is a link an analyst can share or bookmark.</summary>
    private static void Question(StringBuilder html, IReadOnlyList<AnalyticsLine> lines, string? line, DateOnly? from, DateOnly? to, int? serviceLevelSeconds)
    {
        html.Append(CultureInfo.InvariantCulture, $"<form class=\"question\" method=\"get\" action=\"{DashboardEndpoints.Path}\">");
        html.Append("<label>Line<select name=\"line\"><option value=\"\">All lines</option>");
        foreach (var option in lines)
        {
            var selected = string.Equals(option.Number, line, StringComparison.Ordinal) ? " selected=\"selected\"" : string.Empty;
            var number = SvgChart.Encode(option.Number);
            html.Append(CultureInfo.InvariantCulture, $"<option value=\"{number}\"{selected}>{number}</option>");
        }

        html.Append("</select></label>");
        html.Append(CultureInfo.InvariantCulture, $"<label>From<input type=\"date\" name=\"from\" value=\"{(from is { } f ? Date(f) : string.Empty)}\"/></label>");
        html.Append(CultureInfo.InvariantCulture, $"<label>To<input type=\"date\" name=\"to\" value=\"{(to is { } t ? Date(t) : string.Empty)}\"/></label>");
        html.Append(CultureInfo.InvariantCulture,
            $"<label>Service level (s)<input type=\"number\" name=\"serviceLevelSeconds\" min=\"1\" max=\"{Count(AnalyticsLimits.MaxThresholdSeconds)}\" step=\"1\" value=\"{(serviceLevelSeconds is { } sl ? Count(sl) : string.Empty)}\"/></label>");
        html.Append("<button type=\"submit\">Show</button></form>");
    }
}
