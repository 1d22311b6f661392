using Azure;
using Polly;
using Polly.CircuitBreaker;
using Polly.Timeout;

namespace Ivr.Storage;

/// <summary>Which storage failures are worth retrying, decided in one place.</summary>
internal static class StorageFailures
{
    /// <summary>No response, timeouts, throttling and server errors pass; conflicts and bad requests do not.</summary>
    public static bool IsTransient(Exception exception) => exception switch
    {
        RequestFailedException failed => failed.Status is 0 or 408 or 429 or >= 500,
        HttpRequestException or TimeoutRejectedException or IOException => true,
        _ => false,
    };

    /// <summary>Storage is unreachable or the circuit is open: wait before trying again.</summary>
    public static bool IsOutage(Exception exception) => IsTransient(exception) || exception is BrokenCircuitException or IsolatedCircuitException;

    /// <summary>Anything storage answered with an error, or could not be reached for: what an API turns into 503.</summary>
    public static bool IsTrouble(Exception exception) => exception is RequestFailedException || IsOutage(exception);

    /// <summary>
    /// As <see cref="IsTrouble(Exception)"/>, and a cancellation the caller did not ask for (<paramref name="requested"/>
    /// is not cancelled): how the Azure SDK ends a request storage never answered, past its network timeout.
    /// </summary>
    public static bool IsTroubleOrTimedOut(Exception exception, CancellationToken requested) =>
        IsTrouble(exception) || exception is OperationCanceledException && !requested.IsCancellationRequested;

    public static bool IsNotFound(RequestFailedException exception, string errorCode) =>
        exception.Status == 404 && string.Equals(exception.ErrorCode, errorCode, StringComparison.Ordinal);

    public static PredicateBuilder<object> TransientPredicate() => new PredicateBuilder().Handle<Exception>(IsTransient);
}
