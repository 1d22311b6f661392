using System.Text.RegularExpressions;

namespace Ivr.Rules;

internal enum RingTargetKind
{
    Number,
    Client,
    Sip,
}

/// <summary>A person Ivr can ring: a phone number, a Twilio Client identity or a SIP address.</summary>
internal sealed partial record RingTarget(RingTargetKind Kind, string Address)
{
    private const string ClientPrefix = "client:";

    /// <summary>Reads <c>+31612345678</c>, <c>client:alice</c> or <c>sip:alice@example.sip.twilio.com</c>.</summary>
    public static bool TryParse(string? text, out RingTarget target)
    {
        target = null!;
        if (PhoneNumber.IsE164(text))
        {
            target = new RingTarget(RingTargetKind.Number, text!);
        }
        else if (text is not null && text.StartsWith(ClientPrefix, StringComparison.Ordinal) && ClientIdentity().IsMatch(text[ClientPrefix.Length..]))
        {
            target = new RingTarget(RingTargetKind.Client, text[ClientPrefix.Length..]);
        }
        else if (text is not null && SipUri().IsMatch(text))
        {
            target = new RingTarget(RingTargetKind.Sip, text);
        }

        return target is not null;
    }

    /// <summary>The form Twilio reports back as the dialled party's <c>To</c>.</summary>
    public override string ToString() => Kind == RingTargetKind.Client ? ClientPrefix + Address : Address;

    [GeneratedRegex(@"^[A-Za-z0-9_.-]{1,256}\z")]
    private static partial Regex ClientIdentity();

    [GeneratedRegex(@"^sips?:[^\s<>""]{3,250}\z")]
    private static partial Regex SipUri();
}
