namespace Ivr.Analytics;

/// <summary>How many table entities an analytics answer read: the figure that shows rollups doing their job.</summary>
internal sealed class ReadCount
{
    private long rollups;
    private long records;
    private long late;

    public long Rollups => Interlocked.Read(ref rollups);

    public long Records => Interlocked.Read(ref records);

    /// <summary>Records of the period written after their hour's figures were final: not in the figures.</summary>
    public long Late => Interlocked.Read(ref late);

    public void LateRecords(long count) => Interlocked.Add(ref late, count);

    public void RollupRead() => Interlocked.Increment(ref rollups);

    public void RecordRead() => Interlocked.Increment(ref records);
}
