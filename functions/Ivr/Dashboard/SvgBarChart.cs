using System.Globalization;

namespace Ivr.Dashboard;

/// <summary>
/// A bar per category; with several series the bars stack, in series order from the bottom up. A null value is "nothing
/// measured"; the chart is empty (and says so) when no category has a value.
/// </summary>
internal static class SvgBarChart
{
    private const double BarShare = 0.72;
    private const double MaxBarWidth = 44;
    private const double ZeroHeight = 1.5;

    /// <summary>Up to this many bars, a single series writes each value above its bar.</summary>
    private const int MaxValueLabels = 16;

    /// <param name="spec">What the chart is.</param>
    /// <param name="categories">Each bar's name, for tooltips.</param>
    /// <param name="stack">The series; negative and missing values draw nothing.</param>
    /// <param name="labels">Shorter names under the bars; the categories when null.</param>
    public static string Render(ChartSpec spec, IReadOnlyList<string> categories, IReadOnlyList<ChartSeries> stack, IReadOnlyList<string>? labels = null)
    {
        var totals = categories.Select((_, i) => stack.Sum(series => Height(series, i))).ToList();
        var chart = new SvgChart(spec, categories.Count, totals.DefaultIfEmpty(0).Max());
        var width = Math.Min(chart.Band * BarShare, MaxBarWidth);
        for (var i = 0; i < categories.Count; i++)
        {
            var bottom = 0.0;
            foreach (var series in stack)
            {
                if (SvgChart.At(series, i) is not { } value || value < 0 || (value == 0 && stack.Count > 1))
                {
                    continue;
                }

                // A measured zero (0% abandoned) gets a sliver on the axis, so it does not read as "no data".
                var (y0, y1) = (chart.Y(bottom), value == 0 ? SvgChart.Baseline - ZeroHeight : chart.Y(bottom + value));
                bottom += value;
                var tooltip = stack.Count > 1 ? $"{categories[i]} · {series.Name}: {chart.Value(value)}" : $"{categories[i]}: {chart.Value(value)} {series.Name}";
                chart.Body.Append(CultureInfo.InvariantCulture,
                    $"<rect class=\"bar\" x=\"{SvgChart.N(chart.X(i) - (width / 2))}\" y=\"{SvgChart.N(y1)}\" width=\"{SvgChart.N(width)}\" height=\"{SvgChart.N(y0 - y1)}\" fill=\"{series.Color}\"><title>{SvgChart.Encode(tooltip)}</title></rect>");
                if (stack.Count == 1 && categories.Count <= MaxValueLabels)
                {
                    chart.Body.Append(CultureInfo.InvariantCulture,
                        $"<text class=\"value-label\" x=\"{SvgChart.N(chart.X(i))}\" y=\"{SvgChart.N(y1 - 4)}\" text-anchor=\"middle\">{SvgChart.Encode(chart.Value(value))}</text>");
                }
            }
        }

        var legend = stack.Count > 1 ? stack.Select(s => new LegendEntry(s.Name, s.Color, LegendMark.Box)).ToList() : [];
        var empty = !stack.Any(series => Enumerable.Range(0, categories.Count).Any(i => SvgChart.At(series, i) is >= 0));
        return chart.Finish(labels ?? categories, legend, empty);
    }

    private static double Height(ChartSeries series, int index) => SvgChart.At(series, index) is > 0 and var value ? value : 0;
}
