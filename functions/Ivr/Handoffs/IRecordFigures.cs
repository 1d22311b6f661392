namespace Ivr.Handoffs;

/// <summary>
/// What the writer needs to know of the figures made from the records (analytics' rollups): when a record's figures
/// are final, so that a write after that is counted as late instead of silently missing from them.
/// </summary>
internal interface IRecordFigures
{
    /// <summary>The instant after which a change to the record of <paramref name="key"/> no longer reaches the figures; null when nothing is final.</summary>
    DateTimeOffset? FinalAt(HandoffKey key);

    /// <summary>Notes that the record of <paramref name="key"/> was written at <paramref name="writtenAt"/>, after <see cref="FinalAt"/>.</summary>
    Task NoteLateAsync(HandoffKey key, DateTimeOffset writtenAt, CancellationToken cancellationToken);
}

/// <summary>No figures are made from the records (analytics is not part of the app): no write is ever late.</summary>
internal sealed class NoRecordFigures : IRecordFigures
{
    public DateTimeOffset? FinalAt(HandoffKey key) => null;

    public Task NoteLateAsync(HandoffKey key, DateTimeOffset writtenAt, CancellationToken cancellationToken) => Task.CompletedTask;
}
