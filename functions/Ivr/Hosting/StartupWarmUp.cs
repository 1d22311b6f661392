namespace Ivr.Hosting;

/// <summary>
/// A new instance's first caller waits for its start, and most of the start runs on one core. This prepares what the
/// first call needs on another core meanwhile (docs/performance.md has what it saves).
/// </summary>
internal static class StartupWarmUp
{
    /// <summary>
    /// Call once every endpoint is mapped: registers the route table now rather than when the host starts, and beside the
    /// start runs <paramref name="startFirst"/>, builds the route table (the start waits for it before Kestrel listens),
    /// then runs <paramref name="thenAfterTheRouteTable"/>.
    /// </summary>
    public static void WarmUpBesideStart(
        this WebApplication app, Action<IServiceProvider> startFirst, Action<IServiceProvider> thenAfterTheRouteTable)
    {
        app.UseEndpoints(_ => { });
        _ = Task.Run(() =>
        {
            try
            {
                startFirst(app.Services);
                _ = app.Services.GetRequiredService<EndpointDataSource>().Endpoints;
                thenAfterTheRouteTable(app.Services);
            }
            catch (Exception)
            {
                // The start builds all of it again and reports what failed there (StartupFailure); this only got ahead.
            }
        });
    }
}
