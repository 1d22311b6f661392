using System.Globalization;

namespace Ivr.Hosting;

/// <summary>The <c>Retry-After</c> of a refused request (429): whole seconds, rounded up, at least one.</summary>
internal static class RetryAfterHeader
{
    /// <summary>Sets it on <paramref name="response"/> and returns the seconds, for the words that go with it.</summary>
    public static int Set(HttpResponse response, TimeSpan retryAfter)
    {
        var seconds = Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds));
        response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
        return seconds;
    }
}
