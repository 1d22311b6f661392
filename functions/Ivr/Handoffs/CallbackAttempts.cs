namespace Ivr.Handoffs;

/// <summary>
/// The attempts to call a caller back, each by its number (1, 2, …) with its moment and result (<c>no-answer</c>,
/// <c>busy</c>, <c>machine</c> …). A value: equal when the attempts are, and merged attempt by attempt.
/// </summary>
internal sealed class CallbackAttempts : IEquatable<CallbackAttempts>
{
    private readonly Stamped?[] byNumber;

    private CallbackAttempts(Stamped?[] byNumber) => this.byNumber = byNumber;

    /// <summary>Attempt numbers run from 1 to this.</summary>
    public int Count => byNumber.Length;

    public Stamped? this[int number] => number >= 1 && number <= byNumber.Length ? byNumber[number - 1] : null;

    public static CallbackAttempts One(int number, Stamped attempt)
    {
        var byNumber = new Stamped?[number];
        byNumber[number - 1] = attempt;
        return new CallbackAttempts(byNumber);
    }

    public static CallbackAttempts? Merge(CallbackAttempts? a, CallbackAttempts? b)
    {
        if (a is null || b is null)
        {
            return a ?? b;
        }

        var merged = new Stamped?[Math.Max(a.Count, b.Count)];
        for (var n = 1; n <= merged.Length; n++)
        {
            merged[n - 1] = Stamped.Earliest(a[n], b[n]);
        }

        return new CallbackAttempts(merged);
    }

    public CallbackAttempts Map(Func<Stamped, Stamped> change) => new([.. byNumber.Select(s => s is null ? null : change(s))]);

    public bool Equals(CallbackAttempts? other) => other is not null && byNumber.SequenceEqual(other.byNumber);

    public override bool Equals(object? obj) => Equals(obj as CallbackAttempts);

    public override int GetHashCode() => byNumber.Aggregate(byNumber.Length, (hash, s) => HashCode.Combine(hash, s));
}
