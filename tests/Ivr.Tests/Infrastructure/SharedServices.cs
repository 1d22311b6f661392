namespace Ivr.Tests.Infrastructure;

/// <summary>
/// The one Azurite and the one twilio oracle of a test run, shared by the test classes that run side by side (each
/// test uses tables of its own): started for the first fixture that needs them, stopped when the last one is done.
/// </summary>
internal static class SharedServices
{
    private static readonly SemaphoreSlim Gate = new(1, 1);
    private static int users;
    private static (Azurite Azurite, TwilioOracle Oracle)? running;

    public static async Task<(Azurite Azurite, TwilioOracle Oracle)> AcquireAsync()
    {
        await Gate.WaitAsync();
        try
        {
            if (running is null)
            {
                var azurite = new Azurite();
                var oracle = new TwilioOracle();
                try
                {
                    await Task.WhenAll(azurite.InitializeAsync(), oracle.InitializeAsync());
                }
                catch
                {
                    await StopAsync(azurite, oracle);
                    throw;
                }

                running = (azurite, oracle);
            }

            users++;
            return running.Value;
        }
        finally
        {
            Gate.Release();
        }
    }

    public static async Task ReleaseAsync()
    {
        await Gate.WaitAsync();
        try
        {
            if (--users == 0 && running is var (azurite, oracle))
            {
                running = null;
                await StopAsync(azurite, oracle);
            }
        }
        finally
        {
            Gate.Release();
        }
    }

    private static async Task StopAsync(Azurite azurite, TwilioOracle oracle)
    {
        await oracle.DisposeAsync();
        await azurite.DisposeAsync();
    }
}
