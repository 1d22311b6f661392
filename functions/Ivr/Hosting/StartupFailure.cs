using Microsoft.Extensions.Options;

namespace Ivr.Hosting;

/// <summary>Turns invalid configuration into a short list of what to fix, instead of a stack trace.</summary>
internal static class StartupFailure
{
    public static int Run(WebApplication app)
    {
        try
        {
            app.Run();
            return 0;
        }
        catch (Exception ex) when (ConfigurationErrors(ex) is { Count: > 0 } errors)
        {
            Console.Error.WriteLine("Ivr cannot start: its configuration is invalid.");
            foreach (var error in errors)
            {
                Console.Error.WriteLine($"  - {error}");
            }

            return 1;
        }
    }

    private static List<string> ConfigurationErrors(Exception exception) => exception switch
    {
        OptionsValidationException invalid => invalid.Failures.ToList(),
        AggregateException many => many.InnerExceptions.SelectMany(ConfigurationErrors).ToList(),
        _ => [],
    };
}
