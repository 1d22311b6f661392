namespace Ivr.Handoffs;

/// <summary>How a callback ended: the values of the record's <c>CallbackResult</c> column.</summary>
internal static class CallbackEnd
{
    public const string Connected = "callback-connected";
    public const string Failed = "callback-failed";
    public const string Expired = "callback-expired";
}
