namespace Ivr.Analytics;

/// <summary>How many table entities an analytics answer read: the figure that shows rollups doing their job.</summary>
internal sealed class ReadCount
{
    private long rollups;
    private long records;

    public long Rollups => Interlocked.Read(ref rollups);

    public long Records => Interlocked.Read(ref records);

    public void RollupRead() => Interlocked.Increment(ref rollups);

    public void RecordRead() => Interlocked.Increment(ref records);
}
