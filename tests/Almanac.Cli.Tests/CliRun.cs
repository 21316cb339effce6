using Spectre.Console;

namespace Almanac.Cli.Tests;

/// <summary>Runs the almanac command in-process on a plain, colourless terminal (250 columns wide unless told), and returns what it printed.</summary>
internal static class CliRun
{
    public static Task<(int ExitCode, string Output)> RunAsync(params string[] args) => RunAtWidthAsync(250, args);

    /// <summary>Runs the command on a terminal <paramref name="width"/> columns wide.</summary>
    public static async Task<(int ExitCode, string Output)> RunAtWidthAsync(int width, params string[] args)
    {
        var output = new StringWriter();
        var console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(output), Ansi = AnsiSupport.No, ColorSystem = ColorSystemSupport.NoColors });
        console.Profile.Width = width;
        var exit = await AlmanacCli.RunAsync(args, console, TimeProvider.System);
        return (exit, output.ToString());
    }
}
