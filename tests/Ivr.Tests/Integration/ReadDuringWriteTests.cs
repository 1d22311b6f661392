using System.Security.Cryptography;
using Ivr.Presence;
using Ivr.Privacy;
using Ivr.Queue;
using Ivr.Storage;
using Ivr.Tests.Infrastructure;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace Ivr.Tests.Integration;

/// <summary>
/// Each instance reads presence, the callers on hold and the pending callbacks from storage every few seconds. A read
/// that went out before this instance wrote something comes back without it: it must not undo what memory already
/// knows. Here the read's answer is held back on the way (<see cref="NetworkLink.ReplyDelay"/>) while the write goes
/// through, against a real Azurite.
/// </summary>
public sealed class ReadDuringWriteTests(IvrWithStorage env) : IClassFixture<IvrWithStorage>
{
    private const string Line = "+31201110099";

    private static readonly TimeSpan HeldFor = TimeSpan.FromSeconds(3);

    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    /// <summary>
    /// How far a background read's clock moves per look: its first read comes <see cref="PresenceBoard.FirstRefreshDelay"/>
    /// after it started (its start runs in the background, so when is unknown), and the next not before this one is answered.
    /// </summary>
    private static readonly TimeSpan Tick = TimeSpan.FromMilliseconds(100);

    [Fact]
    public async Task ACallbackAskedForWhileARefreshIsOnItsWayKeepsItsPlace()
    {
        using var link = new NetworkLink(env.Azurite.Port);
        var (direct, viaLink) = TablesOfTheirOwn(link);
        var store = new CallbackStore(new TableStorage(viaLink), viaLink);
        var numbers = new CallbackNumbers(Options.Create(new PrivacyOptions { CallbackKey = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)) }));
        var pending = new PendingCallbacks(store, numbers, TimeProvider.System, NullLogger<PendingCallbacks>.Instance);
        var directStore = new CallbackStore(new TableStorage(direct), direct);
        Assert.True(await directStore.AddAsync(Callback("CA" + Guid.NewGuid().ToString("N"), minutesAgo: 5), CancellationToken.None));

        var refreshing = await WhileAReadIsHeldAsync(link, () => pending.RefreshAsync(CancellationToken.None));
        var asked = Callback("CA" + Guid.NewGuid().ToString("N"), minutesAgo: 1);
        Assert.True(await store.AddAsync(asked, CancellationToken.None));
        pending.Note(asked);
        await refreshing;

        Assert.Equal(2, pending.Of(Line).Count);
        Assert.Contains(pending.Of(Line), c => c.CallSid == asked.CallSid);
    }

    [Fact]
    public async Task APersonReservedWhileARefreshIsOnItsWayStaysReserved()
    {
        using var link = new NetworkLink(env.Azurite.Port);
        var (direct, viaLink) = TablesOfTheirOwn(link);
        var time = new FakeTimeProvider(TimeProvider.System.GetUtcNow());
        var board = new PresenceBoard(new PresenceStore(new TableStorage(viaLink), viaLink), new PresenceSignal(), time, NullLogger<PresenceBoard>.Instance);
        const string Person = "+31611110099";
        // Stored as free: back from away.
        var directStore = new PresenceStore(new TableStorage(direct), direct);
        await directStore.ChangeAsync(Person, PresenceChanges.MarkAway(true, time.GetUtcNow()), CancellationToken.None);
        await directStore.ChangeAsync(Person, PresenceChanges.MarkAway(false, time.GetUtcNow()), CancellationToken.None);
        await board.StartAsync(CancellationToken.None);
        try
        {
            var reading = await WhileAReadIsHeldAsync(link, () => board.FirstRead, nudge: () => time.Advance(Tick));
            var claimed = await board.ChangeNowAsync(Person, PresenceChanges.Claim(Line, time.GetUtcNow().AddMinutes(1), time.GetUtcNow()), CancellationToken.None);
            Assert.NotNull(claimed);
            await reading;

            Assert.True(board.Of(Person).IsOffered(time.GetUtcNow()));
        }
        finally
        {
            await board.StopAsync(CancellationToken.None);
        }
    }

    [Fact]
    public async Task ACallerWhoJoinedWhileARefreshIsOnItsWayStaysListed()
    {
        using var link = new NetworkLink(env.Azurite.Port);
        var (direct, viaLink) = TablesOfTheirOwn(link);
        var time = new FakeTimeProvider(TimeProvider.System.GetUtcNow());
        var signal = new PresenceSignal();
        var waiting = new WaitingCallers(new WaitingStore(new TableStorage(viaLink), viaLink), signal, time, NullLogger<WaitingCallers>.Instance);
        var directStore = new WaitingStore(new TableStorage(direct), direct);
        await directStore.AddAsync(new WaitingCaller(Line, "CA" + Guid.NewGuid().ToString("N"), time.GetUtcNow().AddMinutes(-1)), CancellationToken.None);
        await waiting.StartAsync(CancellationToken.None);
        try
        {
            await WhileAReadIsHeldAsync(link, () => Task.CompletedTask, nudge: () => time.Advance(Tick));
            var joined = new WaitingCaller(Line, "CA" + Guid.NewGuid().ToString("N"), time.GetUtcNow());
            Assert.True(waiting.Joined(joined));
            await signal.WaitAsync(TimeSpan.FromSeconds(1), time, CancellationToken.None); // the joining's own notice, pending already
            await Poll.UntilAsync(async () => await directStore.FindAsync(Line, joined.CallSid, CancellationToken.None) is not null, Patience, "The caller's row was not written within 30 s.");

            await signal.WaitAsync(TimeSpan.FromSeconds(30), time, CancellationToken.None); // the read's notice: it has been applied
            Assert.True(waiting.IsWaiting(joined.CallSid));
            Assert.Equal(2, waiting.Of(Line).Count);
        }
        finally
        {
            await waiting.StopAsync(CancellationToken.None);
        }
    }

    /// <summary>
    /// Starts a read with <paramref name="start"/> (or, for a background read, moves the clock on by <paramref name="nudge"/>
    /// until it is due) and returns once storage has answered it but the answer is held back for <see cref="HeldFor"/>;
    /// whatever goes through the link after that is not held.
    /// </summary>
    private static async Task<Task> WhileAReadIsHeldAsync(NetworkLink link, Func<Task> start, Action? nudge = null)
    {
        link.ReplyDelay = HeldFor;
        var read = start();
        await Poll.UntilAsync(
            () =>
            {
                nudge?.Invoke();
                return link.HeldReplies > 0;
            },
            Patience,
            "No read was answered within 30 s.");
        link.ReplyDelay = TimeSpan.Zero;
        return read;
    }

    private static PendingCallback Callback(string callSid, int minutesAgo)
    {
        var now = TimeProvider.System.GetUtcNow();
        return new PendingCallback(Line, callSid, now.AddMinutes(-minutesAgo), now, now.AddHours(1), "sealed");
    }

    /// <summary>Settings for tables of this test's own, straight to Azurite and through <paramref name="link"/>.</summary>
    private (IOptions<StorageOptions> Direct, IOptions<StorageOptions> ViaLink) TablesOfTheirOwn(NetworkLink link)
    {
        var suffix = Guid.NewGuid().ToString("N")[..10];
        IOptions<StorageOptions> Tables(string connectionString) => Options.Create(new StorageOptions
        {
            ConnectionString = connectionString,
            PresenceTable = "Presence" + suffix,
            WaitingTable = "Waiting" + suffix,
            CallbacksTable = "Callbacks" + suffix,
        });
        return (Tables(env.Azurite.ConnectionString), Tables(Azurite.ConnectionStringVia(link.Port)));
    }
}
