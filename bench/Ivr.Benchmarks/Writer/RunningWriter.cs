using System.Diagnostics.Metrics;
using Ivr.Handoffs;

namespace Ivr.Benchmarks.Writer;

/// <summary>A started hand-off writer over its own table; disposing stops it (flushing, as on shutdown).</summary>
internal sealed class RunningWriter : IAsyncDisposable
{
    private readonly WebApplication app;
    private readonly TransactionTally tally;

    private RunningWriter(WebApplication app)
    {
        this.app = app;
        Queue = app.Services.GetRequiredService<HandoffQueue>();
        Writer = app.Services.GetRequiredService<HandoffWriter>();
        Drops = app.Services.GetRequiredService<HandoffDrops>();
        tally = new TransactionTally(app.Services.GetRequiredService<IMeterFactory>());
    }

    public HandoffQueue Queue { get; }

    public HandoffWriter Writer { get; }

    public HandoffDrops Drops { get; }

    public static async Task<RunningWriter> StartAsync(string connectionString, string handoffsTable)
    {
        var running = new RunningWriter(WriterHost.Build(connectionString, handoffsTable));
        await running.Writer.StartAsync(CancellationToken.None);
        return running;
    }

    public async Task<PhaseResult> RunAsync(HandoffUpdate marker, IReadOnlyList<HandoffUpdate> burst)
    {
        tally.Take();
        var result = await WriterPhase.RunAsync(Queue, Writer, marker, burst) with { Transactions = tally.Take() };
        return Drops.Total == 0 ? result : throw new InvalidOperationException($"The hand-off writer dropped {Drops.Total} updates.");
    }

    public async ValueTask DisposeAsync()
    {
        await Writer.StopAsync(CancellationToken.None);
        tally.Dispose();
        await app.DisposeAsync();
    }
}
