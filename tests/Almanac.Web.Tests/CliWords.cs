using Almanac.Cli;
using Spectre.Console;

namespace Almanac.Web.Tests;

/// <summary>Runs the almanac command in this process on a plain terminal, for the web tests that drive the command line too.</summary>
internal static class CliWords
{
    /// <summary>The exit code and the words the command printed, without line breaks (so that wrapping does not matter).</summary>
    public static async Task<(int ExitCode, string Output)> RunAsync(params string[] args)
    {
        var output = new StringWriter();
        var console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(output), Ansi = AnsiSupport.No, ColorSystem = ColorSystemSupport.NoColors });
        var exit = await AlmanacCli.RunAsync(args, console, TimeProvider.System);
        return (exit, string.Join(' ', output.ToString().Split((char[])[' ', '\n', '\r'], StringSplitOptions.RemoveEmptyEntries)));
    }
}
