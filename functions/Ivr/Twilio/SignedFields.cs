using System.Buffers;
using System.Text;
using Microsoft.Extensions.Primitives;

namespace Ivr.Twilio;

/// <summary>
/// The form fields as Twilio signs them, UTF-8: names in ordinal order, each followed by its value. Encoded into
/// a pooled buffer, since every webhook needs it once and never keeps it.
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
        // Sorted by name, ties kept in the order given (a form has none; a hand-built list may).
        var fields = form.Select((field, index) => (field.Key, field.Value, Index: index)).ToArray();
        Array.Sort(fields, static (a, b) => string.CompareOrdinal(a.Key, b.Key) is var byName and not 0 ? byName : a.Index.CompareTo(b.Index));

        var chars = 0;
        foreach (var (name, values, _) in fields)
        {
            foreach (var value in values)
            {
                chars += name.Length + (value?.Length ?? 0);
            }
        }

        var buffer = ArrayPool<byte>.Shared.Rent(Encoding.UTF8.GetMaxByteCount(chars));
        var length = 0;
        foreach (var (name, values, _) in fields)
        {
            if (values.Count == 1)
            {
                length += Append(buffer, length, name, values[0]);
                continue;
            }

            foreach (var value in values.Select(v => v ?? string.Empty).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal))
            {
                length += Append(buffer, length, name, value);
            }
        }

        return new SignedFields(buffer, length);
    }

    public void Dispose() => ArrayPool<byte>.Shared.Return(buffer);

    private static int Append(byte[] buffer, int offset, string name, string? value)
    {
        var written = Encoding.UTF8.GetBytes(name, buffer.AsSpan(offset));
        return written + Encoding.UTF8.GetBytes(value ?? string.Empty, buffer.AsSpan(offset + written));
    }
}
