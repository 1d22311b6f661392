using System.Threading.Channels;
using Azure;
using Azure.Data.Tables;
using Ivr.Rules;
using Ivr.Storage;
using Microsoft.Extensions.Options;

namespace Ivr.Routing;

/// <summary>
/// Remembers who last answered each caller on each line (by the caller's keyed hash, never the number), for sticky
/// routing. Lookups sit on the call path, so they get a short budget and any failure simply means "no one".
/// </summary>
internal sealed partial class StickyMemory(TableStorage storage, IOptions<StorageOptions> options, ILogger<StickyMemory> logger) : BackgroundService
{
    /// <summary>The most a lookup may delay the first ring.</summary>
    public static readonly TimeSpan LookupBudget = TimeSpan.FromMilliseconds(400);

    // Entities, not a tuple with a DateTimeOffset in it: a channel of a reference type runs the framework's
    // precompiled code, where a new value-type instantiation is JIT-compiled at every ReadyToRun start.
    private readonly Channel<TableEntity> pending =
        Channel.CreateBounded<TableEntity>(new BoundedChannelOptions(10_000) { FullMode = BoundedChannelFullMode.DropOldest });

    private readonly Lazy<TableClient> lazyTable = new(() => storage.Table(options.Value.CallersTable));

    private TableClient table => lazyTable.Value;

    /// <summary>Who answered this caller last, if within <paramref name="since"/>; null when unknown or storage is slow.</summary>
    public async Task<RingTarget?> LastAnsweredAsync(string line, string callerHash, DateTimeOffset since, CancellationToken cancellationToken)
    {
        using var budget = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        budget.CancelAfter(LookupBudget);
        try
        {
            var found = await table.GetEntityIfExistsAsync<TableEntity>(line, callerHash, ["AnsweredBy", "AnsweredAt"], budget.Token);
            return found.HasValue
                && found.Value!.GetDateTimeOffset("AnsweredAt") >= since
                && RingTarget.TryParse(found.Value.GetString("AnsweredBy"), out var person)
                ? person
                : null;
        }
        catch (Exception ex) when (ex is RequestFailedException or OperationCanceledException or HttpRequestException && !cancellationToken.IsCancellationRequested)
        {
            LogLookupFailed(logger, ex.GetType().Name);
            return null;
        }
    }

    /// <summary>
    /// Notes who answered; written in the background, best effort. Only a person Ivr could ring again is noted (which
    /// also keeps the column short): anything else would replace the caller's last person with one no lookup accepts.
    /// </summary>
    public void Remember(string line, string callerHash, string answeredBy, DateTimeOffset at)
    {
        if (RingTarget.TryParse(answeredBy, out var person))
        {
            pending.Writer.TryWrite(new TableEntity(line, callerHash) { ["AnsweredBy"] = person.ToString(), ["AnsweredAt"] = at });
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await foreach (var entity in pending.Reader.ReadAllAsync(stoppingToken))
        {
            try
            {
                await UpsertAsync(entity, stoppingToken);
            }
            catch (RequestFailedException ex)
            {
                LogRememberFailed(logger, ex.Status);
            }
            catch (Exception ex) when (StorageFailures.IsTroubleOrTimedOut(ex, stoppingToken))
            {
                LogRememberFailed(logger, 0);
            }
        }
    }

    private Task<Response> UpsertAsync(TableEntity entity, CancellationToken cancellationToken) =>
        TableOnFirstUse.RunAsync(
            () => table.UpsertEntityAsync(entity, TableUpdateMode.Replace, cancellationToken),
            () => table.CreateIfNotExistsAsync(cancellationToken));

    [LoggerMessage(EventId = 2101, Level = LogLevel.Warning, Message = "Sticky routing lookup failed ({Reason}); the call rings its usual order.")]
    private static partial void LogLookupFailed(ILogger logger, string reason);

    [LoggerMessage(EventId = 2102, Level = LogLevel.Warning, Message = "Could not remember who answered a caller (status {Status}); sticky routing skips this call.")]
    private static partial void LogRememberFailed(ILogger logger, int status);
}
