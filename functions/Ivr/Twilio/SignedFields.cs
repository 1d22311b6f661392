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
        // Sorting (name, value) pairs puts a name's values in ordinal order, and a repeated pair next to its twin.
        var order = new int[count];
        var chars = 0;
        for (var i = 0; i < order.Length; i++)
        {
            order[i] = i;
            chars += names[i].Length + values[i].Length;
        }

        order.AsSpan().Sort(new ByNameThenValue(names, values));
        var buffer = ArrayPool<byte>.Shared.Rent(Encoding.UTF8.GetMaxByteCount(chars));
        var length = 0;
        for (var k = 0; k < order.Length; k++)
        {
            var (i, previous) = (order[k], k > 0 ? order[k - 1] : -1);
            if (previous >= 0 && names[i] == names[previous] && values[i] == values[previous])
            {
                continue;
            }

            length += Encoding.UTF8.GetBytes(names[i], buffer.AsSpan(length));
            length += Encoding.UTF8.GetBytes(values[i], buffer.AsSpan(length));
        }

        return new SignedFields(buffer, length);
    }

    public void Dispose() => ArrayPool<byte>.Shared.Return(buffer);

    private readonly struct ByNameThenValue(string[] names, string[] values) : IComparer<int>
    {
        public int Compare(int x, int y) =>
            string.CompareOrdinal(names[x], names[y]) is var byName and not 0 ? byName : string.CompareOrdinal(values[x], values[y]);
    }
}
