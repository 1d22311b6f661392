using System.Globalization;
using System.Text;

namespace Ivr.Tests.Hostile;

/// <summary>
/// Seeded generators of hostile text: odd Unicode, control characters, markup, injection attempts, huge values.
/// Every generator takes the test's <see cref="Random"/>, so a failure reproduces from its seed.
/// </summary>
internal static class HostileText
{
    /// <summary>Strings attackers and broken clients send, and that once broke someone's parser.</summary>
    public static readonly string[] Classics =
    [
        "",
        " ",
        "\t",
        "\0",
        "\r\n",
        "null",
        "undefined",
        "true",
        "-1",
        "0",
        "NaN",
        "Infinity",
        "1e309",
        "99999999999999999999999999",
        "<Dial>+1</Dial>",
        "1</Gather><Dial>",
        "\"><Hangup/>",
        "]]>",
        "<![CDATA[x]]>",
        "&amp;&lt;&#0;&#x1F;",
        "<?xml version=\"1.0\"?><Response/>",
        "' or '1' eq '1",
        "+31201234567' or PartitionKey ne '",
        "%2B31201234567",
        "%00",
        "%FF%FE",
        "../../etc/passwd",
        "C:\\Windows\\win.ini",
        "a/b#c?d\\e",
        "${jndi:ldap://x}",
        "{{7*7}}",
        "\u202Eevil\u202C",
        "\uFEFF",
        "\uD800",
        "\uDFFF\uD800",
        "\U0001F4DE",
        "\u0085\u2028\u2029",
        "Ａ１２３",
        "+３１２０１２３４５６７",
        "\u0661\u0662\u0663",
        "CA" + new string('0', 32),
        "CA" + new string('F', 32),
        "+31201234567\n",
        "+31201234567\u0000",
    ];

    /// <summary>A string of one of many shapes: classic, random ASCII, random Unicode (with lone surrogates), control characters.</summary>
    public static string Any(Random random, int maxLength = 40) => random.Next(8) switch
    {
        0 => Classics[random.Next(Classics.Length)],
        1 => Ascii(random, random.Next(maxLength + 1)),
        2 => Unicode(random, random.Next(maxLength + 1)),
        3 => Controls(random, random.Next(1, Math.Max(2, maxLength / 4))),
        4 => Classics[random.Next(Classics.Length)] + Ascii(random, random.Next(5)),
        5 => Digits(random, random.Next(0, 25)),
        6 => (random.Next(2) == 0 ? "+" : "") + Digits(random, random.Next(1, 20)),
        _ => Mixed(random, random.Next(maxLength + 1)),
    };

    public static string Ascii(Random random, int length)
    {
        var text = new StringBuilder(length);
        for (var i = 0; i < length; i++)
        {
            text.Append((char)random.Next(0x20, 0x7F));
        }

        return text.ToString();
    }

    public static string Digits(Random random, int length)
    {
        var text = new StringBuilder(length);
        for (var i = 0; i < length; i++)
        {
            text.Append((char)('0' + random.Next(10)));
        }

        return text.ToString();
    }

    /// <summary>Any UTF-16 code units, lone surrogates and noncharacters included.</summary>
    public static string Unicode(Random random, int length)
    {
        var text = new StringBuilder(length);
        for (var i = 0; i < length; i++)
        {
            text.Append((char)random.Next(0, 0x10000));
        }

        return text.ToString();
    }

    public static string Controls(Random random, int length)
    {
        var text = new StringBuilder(length);
        for (var i = 0; i < length; i++)
        {
            text.Append(random.Next(4) == 0 ? (char)random.Next(0x7F, 0xA0) : (char)random.Next(0, 0x20));
        }

        return text.ToString();
    }

    /// <summary>Printable text mixed with markup and quote characters and the odd control or surrogate.</summary>
    public static string Mixed(Random random, int length)
    {
        const string specials = "<>&\"'=/\\#?%+;:[]{}() \t\r\n\0";
        var text = new StringBuilder(length);
        for (var i = 0; i < length; i++)
        {
            text.Append(random.Next(10) switch
            {
                < 5 => (char)random.Next(0x20, 0x7F),
                < 8 => specials[random.Next(specials.Length)],
                8 => (char)random.Next(0x80, 0x3000),
                _ => (char)random.Next(0xD800, 0xE000),
            });
        }

        return text.ToString();
    }

    /// <summary>A CallSid that is wrong in one way: prefix, length, case, alphabet, padding.</summary>
    public static string BadCallSid(Random random)
    {
        var hex = Hex(random, 32);
        return random.Next(12) switch
        {
            0 => "ca" + hex,
            1 => "AC" + hex,
            2 => "CA" + hex[..31],
            3 => "CA" + hex + "0",
            4 => "CA" + hex[..31] + "g",
            5 => " CA" + hex,
            6 => "CA" + hex + "\n",
            7 => "CA" + hex + "\0",
            8 => "CA" + hex[..16] + "\uFF10" + hex[17..],
            9 => "CA",
            10 => "CA" + new string('a', 10_000),
            _ => Any(random),
        };
    }

    public static string CallSid(Random random) => "CA" + Hex(random, 32);

    public static string Hex(Random random, int length)
    {
        var bytes = new byte[(length + 1) / 2];
        random.NextBytes(bytes);
        return Convert.ToHexStringLower(bytes)[..length];
    }

    /// <summary>Timestamps Twilio would send, and absurd ones: years 0001 and 9999, offsets past ±14 h, the wrong weekday.</summary>
    public static string Timestamp(Random random) => random.Next(14) switch
    {
        0 => "Mon, 01 Jan 0001 00:00:00 +0000",
        1 => "Fri, 31 Dec 9999 23:59:59 +0000",
        2 => "Fri, 31 Dec 9999 23:59:59 -1400",
        3 => "Mon, 01 Jan 0001 00:00:00 +1400",
        4 => "Mon, 23 Nov 2026 10:15:03 +9999",
        5 => "Mon, 23 Nov 2026 10:15:03 -2400",
        6 => "Tue, 23 Nov 2026 10:15:03 +0000",
        7 => "Mon, 23 Nov 2026 10:15:60 +0000",
        8 => "Mon, 30 Feb 2026 10:15:03 +0000",
        9 => "Mon, 23 Nov 2026 10:15:03 +00000000",
        10 => "Sat, 01 Jan 1000 00:00:00 GMT",
        11 => new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero).AddSeconds(random.Next()).ToString("ddd, dd MMM yyyy HH:mm:ss '+0000'", CultureInfo.InvariantCulture),
        12 => "Mon, 23 Nov 2026 10:15:03 +0000" + Any(random, 5),
        _ => Any(random),
    };

    /// <summary>DialCallDuration values: whole seconds, overflow, signs, fractions, exponents, other digit systems.</summary>
    public static string Duration(Random random) => random.Next(12) switch
    {
        0 => random.Next().ToString(CultureInfo.InvariantCulture),
        1 => "2147483647",
        2 => "2147483648",
        3 => "-1",
        4 => "+5",
        5 => "1e3",
        6 => "4.5",
        7 => "0x10",
        8 => "00000000000000000000000000042",
        9 => "\u0664\u0662",
        10 => new string('9', 5_000),
        _ => Any(random),
    };

    public static string Bridged(Random random) => random.Next(8) switch
    {
        0 => "true",
        1 => "false",
        2 => "TRUE",
        3 => " true ",
        4 => "1",
        5 => "yes",
        6 => "true\0",
        _ => Any(random),
    };
}
