namespace Ivr.Handoffs;

/// <summary>Settings under <c>Handoffs</c>.</summary>
internal sealed class HandoffOptions
{
    public const string Section = "Handoffs";

    /// <summary>
    /// How long the writer gathers updates before writing (<c>Handoffs__BatchWindow</c>): longer means fewer,
    /// fuller transactions; records appear that much later. Nothing waits on it but analytics. A full transaction's
    /// worth of updates (<see cref="HandoffQueue.FullBatch"/>) is written without waiting for the rest of it.
    /// </summary>
    public TimeSpan BatchWindow { get; set; } = TimeSpan.FromMilliseconds(250);
}
