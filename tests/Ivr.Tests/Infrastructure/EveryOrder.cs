using Ivr.Handoffs;

namespace Ivr.Tests.Infrastructure;

/// <summary>Hand-off facts merged in every order they may arrive, and as often: the record must be the same.</summary>
internal static class EveryOrder
{
    /// <summary>
    /// Merges the deltas in every order (left fold and right fold), with each delta delivered twice and with all
    /// delivered twice, checks each result equals the first, and returns it.
    /// </summary>
    public static HandoffFacts Merge(params HandoffFacts[] deltas) => Merge(deltas, _ => { });

    /// <summary>As above, also running <paramref name="check"/> on the record each order gives.</summary>
    public static HandoffFacts Merge(HandoffFacts[] deltas, Action<HandoffFacts> check)
    {
        var expected = deltas.Aggregate(new HandoffFacts(), (record, delta) => record.Merge(delta));
        var deliveries = new List<HandoffFacts[]> { deltas };
        deliveries.AddRange(deltas.Select(d => deltas.Append(d).ToArray()));
        if (deltas.Length <= 4)
        {
            deliveries.Add([.. deltas, .. deltas]);
        }

        var orders = 0;
        foreach (var delivery in deliveries)
        {
            foreach (var order in Permutations(delivery))
            {
                var leftFold = order.Aggregate(new HandoffFacts(), (record, delta) => record.Merge(delta));
                var rightFold = Enumerable.Reverse(order).Aggregate(new HandoffFacts(), (record, delta) => delta.Merge(record));
                Assert.Equal(expected, leftFold);
                Assert.Equal(expected, rightFold);
                check(leftFold);
                check(rightFold);
                orders++;
            }
        }

        // n! orders of the deltas alone, (n + 1)! for each duplicated delta, and (2n)! for all duplicated.
        var n = deltas.Length;
        Assert.Equal(Factorial(n) + (n * Factorial(n + 1)) + (n <= 4 ? Factorial(2 * n) : 0), orders);
        return expected;
    }

    private static IEnumerable<HandoffFacts[]> Permutations(HandoffFacts[] items)
    {
        if (items.Length <= 1)
        {
            yield return items;
            yield break;
        }

        for (var i = 0; i < items.Length; i++)
        {
            var rest = items.Take(i).Concat(items.Skip(i + 1)).ToArray();
            foreach (var tail in Permutations(rest))
            {
                yield return [items[i], .. tail];
            }
        }
    }

    private static int Factorial(int n) => n <= 1 ? 1 : n * Factorial(n - 1);
}
