using System.Globalization;
using System.Text;

namespace Ivr.Dashboard;

/// <summary>
/// One line per series across the categories, with dashed guides (targets). A missing value breaks the line rather
/// than pretending it was zero; a point with no neighbour still shows as a dot.
/// </summary>
internal static class SvgLineChart
{
    /// <summary>With more points than this, dots would crowd the line: only isolated points get one.</summary>
    private const int MaxDots = 62;

    public static string Render(
        ChartSpec spec, IReadOnlyList<string> categories, IReadOnlyList<ChartSeries> series, IReadOnlyList<ChartGuide> guides, IReadOnlyList<string>? labels = null)
    {
        var values = series.SelectMany(s => Enumerable.Range(0, categories.Count).Select(i => SvgChart.At(s, i))).OfType<double>().ToList();
        var chart = new SvgChart(spec, categories.Count, values.Concat(guides.Select(g => g.Value)).DefaultIfEmpty(0).Max());
        foreach (var guide in guides)
        {
            var y = SvgChart.N(chart.Y(guide.Value));
            chart.Body.Append(CultureInfo.InvariantCulture,
                $"<line class=\"guide\" x1=\"{SvgChart.N(SvgChart.Left)}\" x2=\"{SvgChart.N(SvgChart.Right)}\" y1=\"{y}\" y2=\"{y}\" stroke=\"{guide.Color}\" stroke-width=\"1.5\" stroke-dasharray=\"6 4\"><title>{SvgChart.Encode(guide.Name)}</title></line>");
        }

        foreach (var line in series)
        {
            Draw(chart, categories, line);
        }

        var legend = series.Select(s => new LegendEntry(s.Name, s.Color, LegendMark.Line))
            .Concat(guides.Select(g => new LegendEntry(g.Name, g.Color, LegendMark.Dashed)))
            .ToList();
        return chart.Finish(labels ?? categories, series.Count > 1 || guides.Count > 0 ? legend : [], empty: values.Count == 0);
    }

    private static void Draw(SvgChart chart, IReadOnlyList<string> categories, ChartSeries line)
    {
        var path = new StringBuilder();
        var dots = new StringBuilder();
        for (var i = 0; i < categories.Count; i++)
        {
            if (SvgChart.At(line, i) is not { } value)
            {
                continue;
            }

            var (x, y) = (SvgChart.N(chart.X(i)), SvgChart.N(chart.Y(value)));
            var joined = i > 0 && SvgChart.At(line, i - 1) is not null;
            path.Append(CultureInfo.InvariantCulture, $"{(joined ? 'L' : 'M')}{x} {y} ");
            var isolated = !joined && (i + 1 >= categories.Count || SvgChart.At(line, i + 1) is null);
            var radius = isolated ? 3.5 : categories.Count <= MaxDots ? 2.5 : 0;
            if (radius > 0)
            {
                dots.Append(CultureInfo.InvariantCulture,
                    $"<circle class=\"point\" cx=\"{x}\" cy=\"{y}\" r=\"{SvgChart.N(radius)}\" fill=\"{line.Color}\"><title>{SvgChart.Encode($"{categories[i]} · {line.Name}: {chart.Value(value)}")}</title></circle>");
            }
        }

        if (path.Length > 0)
        {
            chart.Body.Append(CultureInfo.InvariantCulture,
                $"<path class=\"series\" d=\"{path.ToString().TrimEnd()}\" fill=\"none\" stroke=\"{line.Color}\" stroke-width=\"2.25\" stroke-linejoin=\"round\" stroke-linecap=\"round\"><title>{SvgChart.Encode(line.Name)}</title></path>");
        }

        chart.Body.Append(dots);
    }
}
