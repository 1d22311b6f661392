namespace Ivr.Handoffs;

/// <summary>Settings under <c>Handoffs</c>.</summary>
internal sealed class HandoffOptions
{
    public const string Section = "Handoffs";

    /// <summary>
    /// How long the writer gathers updates before writing (<c>Handoffs__BatchWindow</c>): longer means fewer,
    /// fuller transactions; records appear that much later. Nothing waits on it but analytics.
    /// </summary>
    public TimeSpan BatchWindow { get; set; } = TimeSpan.FromMilliseconds(250);
}
