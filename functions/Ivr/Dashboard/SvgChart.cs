using System.Globalization;
using System.Net;
using System.Text;

namespace Ivr.Dashboard;

/// <summary>
/// What a chart says about itself: its accessible name, what its axes measure, the unit of its values, and the text
/// shown when there is nothing to draw. The value axis starts at 0 and reaches <see cref="FixedMax"/> when given,
/// else a round number at or above the data (and at least <see cref="MinimumMax"/>).
/// </summary>
internal sealed record ChartSpec(
    string Title, string XAxis, string YAxis, string EmptyText, string Unit = "", bool WholeNumbers = false, double? FixedMax = null, double MinimumMax = 1);

/// <summary>One series: a legend name, a colour and a value per category (null: nothing there).</summary>
internal sealed record ChartSeries(string Name, string Color, IReadOnlyList<double?> Values);

/// <summary>A dashed horizontal line at a value, such as a target.</summary>
internal sealed record ChartGuide(string Name, string Color, double Value);

/// <summary>How a legend entry is drawn: a filled box (bars), a line (series) or a dashed line (guides).</summary>
internal enum LegendMark
{
    Box,
    Line,
    Dashed,
}

internal sealed record LegendEntry(string Name, string Color, LegendMark Mark);

/// <summary>
/// The canvas every chart shares: a fixed 640×260 view box (CSS scales it to its container), a value axis with round
/// ticks and grid lines, category labels thinned out so they never overlap, axis titles and a legend. Each chart adds
/// its shapes between <see cref="SvgChart(ChartSpec, int, double)"/> and <see cref="Finish"/>. Text is HTML-encoded,
/// which is also well-formed XML; numbers use the invariant culture and are never NaN or infinite.
/// </summary>
internal sealed class SvgChart
{
    public const int Width = 640;
    public const int Height = 260;

    private const double PlotLeft = 50;
    private const double PlotRight = Width - 12;
    private const double PlotTop = 34;
    private const double PlotBottom = Height - 48;
    private const double CharWidth = 6.2;
    private const double LabelCharWidth = 6;

    private readonly StringBuilder svg = new();
    private readonly ChartSpec spec;
    private readonly int categories;
    private readonly double max;
    private readonly double step;

    public SvgChart(ChartSpec spec, int categories, double dataMax)
    {
        this.spec = spec;
        this.categories = categories;
        (max, step) = Scale(spec, dataMax);
        svg.Append(CultureInfo.InvariantCulture, $"<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {Width} {Height}\" role=\"img\" aria-label=\"{Encode(spec.Title)}\" class=\"chart-svg\">");
        svg.Append(CultureInfo.InvariantCulture, $"<title>{Encode(spec.Title)}</title>");
        for (var tick = 0; tick <= Ticks; tick++)
        {
            var y = Y(tick * step);
            svg.Append(CultureInfo.InvariantCulture, $"<line class=\"grid\" x1=\"{N(PlotLeft)}\" x2=\"{N(PlotRight)}\" y1=\"{N(y)}\" y2=\"{N(y)}\"/>");
            svg.Append(CultureInfo.InvariantCulture, $"<text class=\"tick\" x=\"{N(PlotLeft - 8)}\" y=\"{N(y + 4)}\" text-anchor=\"end\">{N(tick * step)}</text>");
        }
    }

    /// <summary>The width of one category's slot.</summary>
    public double Band => (PlotRight - PlotLeft) / Math.Max(1, categories);

    public static double Baseline => PlotBottom;

    public static double Left => PlotLeft;

    public static double Right => PlotRight;

    /// <summary>Where the shapes go: drawn above the grid, below the axes and labels.</summary>
    public StringBuilder Body => svg;

    private int Ticks => (int)Math.Round(max / step);

    /// <summary>The horizontal centre of category <paramref name="index"/>.</summary>
    public double X(int index) => PlotLeft + (Band * (index + 0.5));

    /// <summary>The height of <paramref name="value"/>, clamped to the axis.</summary>
    public double Y(double value) =>
        PlotBottom - (Math.Clamp(double.IsFinite(value) ? value : 0, 0, max) / max * (PlotBottom - PlotTop));

    /// <summary>A value with the chart's unit, for tooltips.</summary>
    public string Value(double value) =>
        value.ToString(spec.WholeNumbers ? "0" : "0.#", CultureInfo.InvariantCulture) + spec.Unit;

    public string Finish(IReadOnlyList<string> labels, IReadOnlyList<LegendEntry> legend, bool empty)
    {
        svg.Append(CultureInfo.InvariantCulture, $"<line class=\"axis\" x1=\"{N(PlotLeft)}\" x2=\"{N(PlotRight)}\" y1=\"{N(PlotBottom)}\" y2=\"{N(PlotBottom)}\"/>");

        // Show every k-th label so that the widest one still fits its slots.
        var widest = labels.Count == 0 ? 0 : labels.Max(l => l.Length);
        var every = Math.Max(1, (int)Math.Ceiling(((widest * LabelCharWidth) + 6) / Band));
        for (var i = 0; i < labels.Count; i += every)
        {
            svg.Append(CultureInfo.InvariantCulture, $"<text class=\"label\" x=\"{N(X(i))}\" y=\"{N(PlotBottom + 14)}\" text-anchor=\"middle\">{Encode(labels[i])}</text>");
        }

        svg.Append(CultureInfo.InvariantCulture, $"<text class=\"axis-title\" x=\"{N((PlotLeft + PlotRight) / 2)}\" y=\"{Height - 8}\" text-anchor=\"middle\">{Encode(spec.XAxis)}</text>");
        svg.Append(CultureInfo.InvariantCulture, $"<text class=\"axis-title\" transform=\"translate(14 {N((PlotTop + PlotBottom) / 2)}) rotate(-90)\" text-anchor=\"middle\">{Encode(spec.YAxis)}</text>");
        Legend(legend);
        if (empty)
        {
            svg.Append(CultureInfo.InvariantCulture, $"<text class=\"empty\" x=\"{N((PlotLeft + PlotRight) / 2)}\" y=\"{N((PlotTop + PlotBottom) / 2)}\" text-anchor=\"middle\">{Encode(spec.EmptyText)}</text>");
        }

        svg.Append("</svg>");
        return svg.ToString();
    }

    /// <summary>Text for HTML and SVG alike: <c>&lt; &gt; &amp; " '</c> become references XML also knows.</summary>
    public static string Encode(string text) => WebUtility.HtmlEncode(text);

    /// <summary>A coordinate or tick value: invariant, at most two decimals.</summary>
    public static string N(double value) => (double.IsFinite(value) ? value : 0).ToString("0.##", CultureInfo.InvariantCulture);

    /// <summary>A value of a series at a category, or null when missing or not a finite number.</summary>
    public static double? At(ChartSeries series, int index) =>
        index < series.Values.Count && series.Values[index] is { } value && double.IsFinite(value) ? value : null;

    private void Legend(IReadOnlyList<LegendEntry> legend)
    {
        var x = PlotLeft;
        foreach (var entry in legend)
        {
            var mark = entry.Mark switch
            {
                LegendMark.Box => $"<rect x=\"{N(x)}\" y=\"9\" width=\"10\" height=\"10\" rx=\"2\" fill=\"{entry.Color}\"/>",
                LegendMark.Dashed => $"<line x1=\"{N(x)}\" x2=\"{N(x + 14)}\" y1=\"14\" y2=\"14\" stroke=\"{entry.Color}\" stroke-width=\"2\" stroke-dasharray=\"4 3\"/>",
                _ => $"<line x1=\"{N(x)}\" x2=\"{N(x + 14)}\" y1=\"14\" y2=\"14\" stroke=\"{entry.Color}\" stroke-width=\"2.5\"/>",
            };
            var textX = x + (entry.Mark == LegendMark.Box ? 15 : 19);
            svg.Append(CultureInfo.InvariantCulture, $"<g class=\"legend\">{mark}<text x=\"{N(textX)}\" y=\"18\">{Encode(entry.Name)}</text></g>");
            x = textX + (entry.Name.Length * CharWidth) + 16;
        }
    }

    /// <summary>The axis top and tick step: 1, 2 or 5 × a power of ten, about five ticks; whole steps for counts.</summary>
    private static (double Max, double Step) Scale(ChartSpec spec, double dataMax)
    {
        if (spec.FixedMax is { } fixedMax && fixedMax > 0 && double.IsFinite(fixedMax))
        {
            return (fixedMax, fixedMax / 5);
        }

        var top = Math.Max(double.IsFinite(dataMax) ? dataMax : 0, spec.MinimumMax > 0 ? spec.MinimumMax : 1);
        var raw = top / 5;
        var magnitude = Math.Pow(10, Math.Floor(Math.Log10(raw)));
        var normalized = raw / magnitude;
        var step = (normalized <= 1 ? 1 : normalized <= 2 ? 2 : normalized <= 5 ? 5 : 10) * magnitude;
        if (spec.WholeNumbers)
        {
            step = Math.Max(1, Math.Round(step));
        }

        // The epsilon keeps 0.3 / 0.1 = 2.9999… from gaining a tick.
        return (Math.Ceiling((top / step) - 1e-9) * step, step);
    }
}
