namespace Ivr.Tests.Infrastructure;

/// <summary>Waits for something a test cannot be told of directly, looking every 10 ms; the test fails if it never comes.</summary>
internal static class Poll
{
    public static async Task UntilAsync(Func<Task<bool>> condition, TimeSpan timeout, string failure)
    {
        var deadline = Environment.TickCount64 + (long)timeout.TotalMilliseconds;
        while (!await condition())
        {
            Assert.True(Environment.TickCount64 < deadline, failure);
            await Task.Delay(10);
        }
    }

    public static Task UntilAsync(Func<bool> condition, TimeSpan timeout, string failure) =>
        UntilAsync(() => Task.FromResult(condition()), timeout, failure);
}
