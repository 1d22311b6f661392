using System.Collections.Concurrent;

namespace Ivr.Storage;

/// <summary>
/// Which keys an instance's memory changed after a read of storage began. That read may have fetched their rows before
/// the change reached storage, so for them memory is newer than what the read brings back, and the read leaves them be.
/// A change is noted once storage holds it (its write has finished): a read that begins later sees it there.
/// </summary>
internal sealed class ChangesSinceRead
{
    private readonly ConcurrentDictionary<string, long> changedAt = new(StringComparer.Ordinal);
    private long clock;

    /// <summary>Notes that memory's copy of <paramref name="key"/> changed, as storage now has it.</summary>
    public void Changed(string key)
    {
        var at = Interlocked.Increment(ref clock);
        changedAt.AddOrUpdate(key, at, (_, earlier) => Math.Max(earlier, at));
    }

    /// <summary>Call before a read's request goes out; its result is the read's start for the other methods.</summary>
    public long ReadStarts() => Interlocked.Read(ref clock);

    /// <summary>Whether memory's <paramref name="key"/> changed after the read begun at <paramref name="readStart"/> went out.</summary>
    public bool ChangedSince(long readStart, string key) => changedAt.TryGetValue(key, out var at) && at > readStart;

    /// <summary>Once a read is applied: changes from before it began matter to no later read, which finds them in storage.</summary>
    public void Forget(long readStart)
    {
        foreach (var entry in changedAt)
        {
            if (entry.Value <= readStart)
            {
                changedAt.TryRemove(entry);
            }
        }
    }
}
