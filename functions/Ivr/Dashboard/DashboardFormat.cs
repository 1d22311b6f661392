using System.Globalization;

namespace Ivr.Dashboard;

/// <summary>How the dashboard writes its figures: invariant numbers, and "—" where there is nothing to measure.</summary>
internal static class DashboardFormat
{
    public const string Missing = "—";

    public static string Count(long value) => value.ToString(CultureInfo.InvariantCulture);

    /// <summary>Milliseconds as seconds with one decimal, e.g. <c>4.5 s</c>.</summary>
    public static string Seconds(long? ms) => ms is { } value ? (value / 1000.0).ToString("0.0", CultureInfo.InvariantCulture) + " s" : Missing;

    public static string Percent(double? percent) =>
        percent is { } value && double.IsFinite(value) ? value.ToString("0.#", CultureInfo.InvariantCulture) + "%" : Missing;

    public static string Date(DateOnly day) => day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    public static string LongDate(DateOnly day) => day.ToString("d MMM yyyy", CultureInfo.InvariantCulture);
}
