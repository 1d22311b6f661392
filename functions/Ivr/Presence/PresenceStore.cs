using Azure;
using Azure.Data.Tables;
using Ivr.Storage;
using Microsoft.Extensions.Options;

namespace Ivr.Presence;

/// <summary>
/// People's presence in Table Storage, one row each, shared by all instances. Every change is read, applied and
/// written under the row's ETag, so two instances changing one person never lose each other's facts, and only one
/// of two reserving the same person for an offer succeeds.
/// </summary>
internal sealed class PresenceStore(TableStorage storage, IOptions<StorageOptions> options)
{
    private const string Partition = "people";
    private const int MaxAttempts = 8;

    private readonly Lazy<TableClient> table = new(() => storage.Table(options.Value.PresenceTable));

    public async Task<IReadOnlyList<PersonPresence>> ReadAllAsync(CancellationToken cancellationToken)
    {
        try
        {
            var people = new List<PersonPresence>();
            // A filter as text: a LINQ expression would be interpreted on every read in the Native AOT build.
            await foreach (var entity in table.Value.QueryAsync<TableEntity>(filter: $"PartitionKey eq '{Partition}'", cancellationToken: cancellationToken))
            {
                people.Add(FromEntity(entity));
            }

            return people;
        }
        catch (RequestFailedException ex) when (StorageFailures.IsNotFound(ex, "TableNotFound"))
        {
            return []; // Nobody has been busy or away yet.
        }
    }

    /// <summary>Applies <paramref name="change"/> to the stored row; returns the row as it now is, and whether it changed.</summary>
    public Task<(PersonPresence Presence, bool Changed)> ChangeAsync(string person, Func<PersonPresence, PersonPresence?> change, CancellationToken cancellationToken) =>
        TableOnFirstUse.RunAsync(() => ChangeRowAsync(person, change, cancellationToken), () => table.Value.CreateIfNotExistsAsync(cancellationToken));

    private async Task<(PersonPresence Presence, bool Changed)> ChangeRowAsync(string person, Func<PersonPresence, PersonPresence?> change, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                var found = await table.Value.GetEntityIfExistsAsync<TableEntity>(Partition, RowKey(person), cancellationToken: cancellationToken);
                var current = found.HasValue ? FromEntity(found.Value!) : PersonPresence.Available(person);
                if (change(current) is not { } next)
                {
                    return (current, false);
                }

                var entity = ToEntity(next);
                if (found.HasValue)
                {
                    await table.Value.UpdateEntityAsync(entity, found.Value!.ETag, TableUpdateMode.Replace, cancellationToken);
                }
                else
                {
                    await table.Value.AddEntityAsync(entity, cancellationToken);
                }

                return (next, true);
            }
            catch (RequestFailedException ex) when (ex.Status is 409 or 412 && attempt < MaxAttempts)
            {
                // Another instance changed the person first: apply the change to what it wrote.
            }
        }
    }

    /// <summary>Row keys may not hold <c>/ \ # ?</c> (SIP addresses can), and storage emulators refuse <c>%</c>: hex, which is reversible.</summary>
    private static string RowKey(string person) => Convert.ToHexStringLower(System.Text.Encoding.UTF8.GetBytes(person));

    private static TableEntity ToEntity(PersonPresence p)
    {
        var entity = new TableEntity(Partition, RowKey(p.Person))
        {
            ["Person"] = p.Person,
            ["Away"] = p.Away,
            ["ChangedAt"] = p.ChangedAt,
        };
        Set(entity, "BusyWith", p.BusyWith);
        Set(entity, "BusySince", p.BusySince);
        Set(entity, "FreeFrom", p.FreeFrom);
        Set(entity, "OfferSid", p.OfferSid);
        Set(entity, "OfferLine", p.OfferLine);
        Set(entity, "OfferedUntil", p.OfferedUntil);
        Set(entity, "RestUntil", p.RestUntil);
        Set(entity, "LastEnded", p.LastEnded);
        return entity;
    }

    private static PersonPresence FromEntity(TableEntity e) => new(e.GetString("Person") ?? System.Text.Encoding.UTF8.GetString(Convert.FromHexString(e.RowKey)))
    {
        Away = e.GetBoolean("Away") ?? false,
        BusyWith = e.GetString("BusyWith"),
        BusySince = e.GetDateTimeOffset("BusySince"),
        FreeFrom = e.GetDateTimeOffset("FreeFrom"),
        OfferSid = e.GetString("OfferSid"),
        OfferLine = e.GetString("OfferLine"),
        OfferedUntil = e.GetDateTimeOffset("OfferedUntil"),
        RestUntil = e.GetDateTimeOffset("RestUntil"),
        LastEnded = e.GetString("LastEnded"),
        ChangedAt = e.GetDateTimeOffset("ChangedAt") ?? DateTimeOffset.MinValue,
    };

    private static void Set(TableEntity entity, string column, object? value)
    {
        if (value is not null)
        {
            entity[column] = value;
        }
    }
}
