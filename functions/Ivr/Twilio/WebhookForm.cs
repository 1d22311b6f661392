using System.Buffers;
using System.Collections;
using System.Text;
using System.Text.Unicode;
using Ivr.Hosting;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Primitives;

namespace Ivr.Twilio;

/// <summary>
/// A webhook's <c>application/x-www-form-urlencoded</c> body, read straight into its fields in the order sent: every
/// webhook reads a form of a few dozen fields once, and the framework's reader costs a content-type parse, a growing
/// dictionary and a pipeline of its own for it. Decoded as ASP.NET Core's reader decodes (<c>+</c> is a space,
/// <c>%XX</c> a byte, the bytes UTF-8; escapes that make no UTF-8 stay as written, NUL is refused). Names keep their
/// exact spelling for the signature; lookups ignore case, as <see cref="FormCollection"/>'s do.
/// </summary>
internal sealed class WebhookForm : IFormCollection
{
    private static readonly FormFileCollection NoFiles = [];

    private readonly string[] names;
    private readonly string[] values;
    private readonly int[] shapes;
    private int[]? distinct;

    private WebhookForm(string[] names, string[] values, int count)
    {
        this.names = names;
        this.values = values;
        Fields = count;
        shapes = new int[count];
        for (var i = 0; i < count; i++)
        {
            shapes[i] = Shape(names[i]);
        }
    }

    /// <summary>How many fields the body held, repeats included.</summary>
    public int Fields { get; }

    /// <summary>The fields as Twilio signs them.</summary>
    public SignedFields Signed() => SignedFields.Of(names, values, Fields);

    /// <summary>
    /// The request's form, read once: later calls, and <see cref="HttpRequest.ReadFormAsync(CancellationToken)"/>,
    /// get the same one. Bodies of another type or charset go to the framework's reader; none is an empty form.
    /// Throws <see cref="InvalidDataException"/> past the field limits of <see cref="RequestLimits"/>.
    /// </summary>
    public static async ValueTask<IFormCollection> ReadAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        if (request.HttpContext.Features.Get<IFormFeature>()?.Form is { } read)
        {
            return read;
        }

        if (!IsUtf8UrlEncoded(request.ContentType))
        {
            return request.HasFormContentType ? await request.ReadFormAsync(cancellationToken) : FormCollection.Empty;
        }

        var reader = request.BodyReader;
        while (true)
        {
            var result = await reader.ReadAsync(cancellationToken);
            var body = result.Buffer;
            if (body.Length > RequestLimits.MaxBodyBytes)
            {
                reader.AdvanceTo(body.End);
                throw new BadHttpRequestException("The request body is too large.", StatusCodes.Status413PayloadTooLarge);
            }

            if (!result.IsCompleted)
            {
                reader.AdvanceTo(body.Start, body.End);
                continue;
            }

            try
            {
                var form = Parse(body);
                request.HttpContext.Features.Set<IFormFeature>(new ReadFeature(form));
                return form;
            }
            finally
            {
                reader.AdvanceTo(body.End);
            }
        }
    }

    /// <summary>Parses a whole urlencoded body.</summary>
    public static WebhookForm Parse(ReadOnlySequence<byte> body)
    {
        if (body.IsSingleSegment)
        {
            return Parse(body.FirstSpan);
        }

        var copy = ArrayPool<byte>.Shared.Rent((int)body.Length);
        try
        {
            body.CopyTo(copy);
            return Parse(copy.AsSpan(0, (int)body.Length));
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(copy);
        }
    }

    /// <inheritdoc cref="Parse(ReadOnlySequence{byte})"/>
    public static WebhookForm Parse(ReadOnlySpan<byte> body)
    {
        // Sized for every '&'-separated part (the limit caps it), so the arrays never grow.
        var capacity = Math.Min(body.Count((byte)'&') + 1, RequestLimits.MaxFormFields + 1);
        var names = new string[capacity];
        var values = new string[capacity];
        var count = 0;
        while (!body.IsEmpty)
        {
            var end = body.IndexOf((byte)'&');
            var part = end < 0 ? body : body[..end];
            body = end < 0 ? default : body[(end + 1)..];
            if (part.IsEmpty)
            {
                continue;
            }

            if (count == RequestLimits.MaxFormFields)
            {
                throw new InvalidDataException($"The form has more than {RequestLimits.MaxFormFields} fields.");
            }

            var equals = part.IndexOf((byte)'=');
            var name = equals < 0 ? part : part[..equals];
            var value = equals < 0 ? default : part[(equals + 1)..];
            if (name.Length > RequestLimits.MaxFormKeyBytes || value.Length > RequestLimits.MaxFormValueBytes)
            {
                throw new InvalidDataException($"A form field's name or value is longer than {RequestLimits.MaxFormKeyBytes} or {RequestLimits.MaxFormValueBytes} bytes.");
            }

            names[count] = Decode(name);
            values[count] = Decode(value);
            count++;
        }

        return new WebhookForm(names, values, count);
    }

    public StringValues this[string key] => TryGetValue(key, out var found) ? found : StringValues.Empty;

    public int Count => Distinct().Length;

    public ICollection<string> Keys => Array.ConvertAll(Distinct(), i => names[i]);

    public IFormFileCollection Files => NoFiles;

    public bool ContainsKey(string key) => IndexOf(key, 0) >= 0;

    public bool TryGetValue(string key, out StringValues value)
    {
        var first = IndexOf(key, 0);
        if (first < 0)
        {
            value = StringValues.Empty;
            return false;
        }

        value = ValuesFrom(first);
        return true;
    }

    public IEnumerator<KeyValuePair<string, StringValues>> GetEnumerator()
    {
        foreach (var first in Distinct())
        {
            yield return new(names[first], ValuesFrom(first));
        }
    }

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    private int IndexOf(string key, int start)
    {
        var shape = Shape(key);
        for (var i = start; i < Fields; i++)
        {
            if (shapes[i] == shape && string.Equals(names[i], key, StringComparison.OrdinalIgnoreCase))
            {
                return i;
            }
        }

        return -1;
    }

    /// <summary>Every value of the name at <paramref name="first"/>, its first occurrence.</summary>
    private StringValues ValuesFrom(int first)
    {
        var next = IndexOf(names[first], first + 1);
        if (next < 0)
        {
            return new StringValues(values[first]);
        }

        var all = new List<string> { values[first] };
        for (; next >= 0; next = IndexOf(names[first], next + 1))
        {
            all.Add(values[next]);
        }

        return new StringValues([.. all]);
    }

    /// <summary>
    /// A name's length and its first and last characters in upper case: equal for names equal ignoring case (which
    /// compares characters as <see cref="char.ToUpperInvariant"/> does; halves of a surrogate pair, which it folds
    /// as pairs, count as 0), and rarely for others, so a lookup compares a few dozen integers rather than strings.
    /// </summary>
    private static int Shape(string name) =>
        name.Length == 0 ? 0 : (name.Length << 16) ^ (Fold(name[0]) << 8) ^ Fold(name[^1]);

    private static int Fold(char c) => char.IsSurrogate(c) ? 0 : char.ToUpperInvariant(c);

    /// <summary>The first occurrence of each name: only the dictionary-style members need them.</summary>
    private int[] Distinct() => distinct ??= Enumerable.Range(0, Fields).Where(i => IndexOf(names[i], 0) == i).ToArray();

    /// <summary>A name or value as ASP.NET Core's reader decodes it.</summary>
    private static string Decode(ReadOnlySpan<byte> raw)
    {
        if (raw.IndexOfAny((byte)'+', (byte)'%') < 0)
        {
            return Checked(Encoding.UTF8.GetString(raw));
        }

        var rented = raw.Length > 256 ? ArrayPool<byte>.Shared.Rent(raw.Length) : null;
        var bytes = rented is null ? stackalloc byte[raw.Length] : rented.AsSpan(0, raw.Length);
        try
        {
            var length = 0;
            for (var i = 0; i < raw.Length; i++)
            {
                var b = raw[i];
                if (b == '+')
                {
                    b = (byte)' ';
                }
                else if (b == '%' && i + 2 < raw.Length && HexValue(raw[i + 1]) is var high and >= 0 && HexValue(raw[i + 2]) is var low and >= 0)
                {
                    b = (byte)((high << 4) | low);
                    i += 2;
                }

                bytes[length++] = b;
            }

            // Escapes that do not make UTF-8 stay as written, as ASP.NET Core's form reader leaves them.
            return Utf8.IsValid(bytes[..length])
                ? Checked(Encoding.UTF8.GetString(bytes[..length]))
                : Checked(Uri.UnescapeDataString(Encoding.UTF8.GetString(raw).Replace('+', ' ')));
        }
        finally
        {
            if (rented is not null)
            {
                ArrayPool<byte>.Shared.Return(rented);
            }
        }
    }

    /// <summary>No NUL characters, which ASP.NET Core's form reader refuses too: Twilio never sends one.</summary>
    private static string Checked(string text) =>
        text.Contains('\0', StringComparison.Ordinal) ? throw new InvalidDataException("A form field contains a NUL character.") : text;

    private static int HexValue(byte b) => b switch
    {
        >= (byte)'0' and <= (byte)'9' => b - '0',
        >= (byte)'a' and <= (byte)'f' => b - 'a' + 10,
        >= (byte)'A' and <= (byte)'F' => b - 'A' + 10,
        _ => -1,
    };

    /// <summary><c>application/x-www-form-urlencoded</c>, with no charset or UTF-8's (what Twilio sends).</summary>
    internal static bool IsUtf8UrlEncoded(string? contentType)
    {
        const string UrlEncoded = "application/x-www-form-urlencoded";
        var type = contentType.AsSpan().Trim();
        if (!type.StartsWith(UrlEncoded, StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        var rest = type[UrlEncoded.Length..].TrimStart();
        if (rest.IsEmpty)
        {
            return true;
        }

        if (rest[0] != ';')
        {
            return false;
        }

        var parameters = rest[1..].Trim();
        return parameters.IsEmpty
            || parameters.Equals("charset=utf-8", StringComparison.OrdinalIgnoreCase)
            || parameters.Equals("charset=\"utf-8\"", StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>
    /// The request's form feature once Ivr has read the form: it only hands the form back (the framework's
    /// <see cref="FormFeature"/> would parse the content type again to say it has one).
    /// </summary>
    private sealed class ReadFeature(IFormCollection form) : IFormFeature
    {
        public bool HasFormContentType => true;

        public IFormCollection? Form { get; set; } = form;

        public IFormCollection ReadForm() => Form ?? FormCollection.Empty;

        public Task<IFormCollection> ReadFormAsync(CancellationToken cancellationToken) => Task.FromResult(ReadForm());
    }
}
