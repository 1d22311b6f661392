namespace Ivr.Storage;

/// <summary>
/// Reads what all instances stored into an instance's memory: first a short while after the start, then at every
/// interval, until the host stops. A read storage fails is reported and simply comes again at the next interval: until
/// then the memory keeps what it had.
/// </summary>
internal static class PeriodicRead
{
    public static async Task RunAsync(
        TimeSpan firstAfter, TimeSpan interval, TimeProvider time, Func<CancellationToken, Task> read, Action<Exception> failed, CancellationToken stoppingToken)
    {
        try
        {
            await Task.Delay(firstAfter, time, stoppingToken);
            while (true)
            {
                try
                {
                    await read(stoppingToken);
                }
                catch (Exception ex) when (StorageFailures.IsTroubleOrTimedOut(ex, stoppingToken))
                {
                    failed(ex);
                }

                await Task.Delay(interval, time, stoppingToken);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Stopping.
        }
    }
}
