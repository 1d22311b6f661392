using System.Buffers;
using System.Text;
using Microsoft.Extensions.Primitives;

namespace Ivr.Twilio;

/// <summary>
/// The form fields as Twilio signs them, UTF-8: names in ordinal order, each followed by its value; a name sent
/// with several values signs each distinct value once, in ordinal order. Encoded into a pooled buffer, since every
/// webhook needs it once and never keeps it.
/// </summary>
internal readonly struct SignedFields : IDisposable
{
    private readonly byte[] buffer;
    private readonly int length;

    private SignedFields(byte[] buffer, int length)
    {
        this.buffer = buffer;
        this.length = length;
    }

    public ReadOnlySpan<byte> Bytes => buffer.AsSpan(0, length);

    public static SignedFields Of(IEnumerable<KeyValuePair<string, StringValues>> form)
    {
        var capacity = form.TryGetNonEnumeratedCount(out var fields) ? fields : 16;
        var (names, values, count) = (new string[capacity], new string[capacity], 0);
        foreach (var (name, fieldValues) in form)
        {
            foreach (var value in fieldValues)
            {
                if (count == names.Length)
                {
                    Array.Resize(ref names, count * 2 + 1);
                    Array.Resize(ref values, count * 2 + 1);
                }

                (names[count], values[count]) = (name, value ?? string.Empty);
                count++;
            }
        }

        return Of(names, values, count);
    }

    /// <summary>The first <paramref name="count"/> fields of parallel name and value arrays.</summary>
    public static SignedFields Of(string[] names, string[] values, int count)
    {
        // Sorted by name and a name's values in ordinal order, which puts a repeated pair next to its twin. The
        // sort works on pooled copies: every webhook signs once.
        var sortedNames = ArrayPool<string>.Shared.Rent(count);
        var order = ArrayPool<int>.Shared.Rent(count);
        try
        {
            var chars = 0;
            for (var i = 0; i < count; i++)
            {
                (sortedNames[i], order[i]) = (names[i], i);
                chars += names[i].Length + values[i].Length;
            }

            var byName = sortedNames.AsSpan(0, count);
            var fields = order.AsSpan(0, count);
            byName.Sort(fields, StringComparer.Ordinal);
            SortRepeatedNamesByValue(byName, fields, values);
            var buffer = ArrayPool<byte>.Shared.Rent(Encoding.UTF8.GetMaxByteCount(chars));
            var length = 0;
            for (var k = 0; k < count; k++)
            {
                var (i, previous) = (fields[k], k > 0 ? fields[k - 1] : -1);
                if (previous >= 0 && names[i] == names[previous] && values[i] == values[previous])
                {
                    continue;
                }

                length += Encoding.UTF8.GetBytes(names[i], buffer.AsSpan(length));
                length += Encoding.UTF8.GetBytes(values[i], buffer.AsSpan(length));
            }

            return new SignedFields(buffer, length);
        }
        finally
        {
            ArrayPool<string>.Shared.Return(sortedNames, clearArray: true);
            ArrayPool<int>.Shared.Return(order);
        }
    }

    /// <summary>Orders the values of each name sent more than once (rare: Twilio sends every name once).</summary>
    private static void SortRepeatedNamesByValue(ReadOnlySpan<string> sortedNames, Span<int> fields, string[] values)
    {
        for (int start = 0, end; start < sortedNames.Length; start = end)
        {
            for (end = start + 1; end < sortedNames.Length && sortedNames[end] == sortedNames[start]; end++)
            {
            }

            if (end - start > 1)
            {
                fields[start..end].Sort(new ByValue(values));
            }
        }
    }

    public void Dispose() => ArrayPool<byte>.Shared.Return(buffer);

    private sealed class ByValue(string[] values) : IComparer<int>
    {
        public int Compare(int x, int y) => string.CompareOrdinal(values[x], values[y]);
    }
}
