using Spectre.Console;

namespace Almanac.Cli.Tests;

/// <summary>Runs the almanac command in-process on a plain, colourless terminal (250 columns wide unless told), and returns what it printed.</summary>
internal static class CliRun
{
    public static Task<(int ExitCode, string Output)> RunAsync(params string[] args) => RunAtWidthAsync(250, args);

    /// <summary>Runs the command, which must succeed (its output in the failure message otherwise), and returns its output.</summary>
    public static async Task<string> RunOkAsync(params string[] args)
    {
        var (exit, output) = await RunAsync(args);
        Assert.True(exit == 0, $"{string.Join(' ', args)}: exit {exit}\n{output}");
        return output;
    }

    /// <summary>Runs the command on a terminal <paramref name="width"/> columns wide.</summary>
    public static async Task<(int ExitCode, string Output)> RunAtWidthAsync(int width, params string[] args)
    {
        var output = new StringWriter();
        var console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(output), Ansi = AnsiSupport.No, ColorSystem = ColorSystemSupport.NoColors });
        console.Profile.Width = width;
        var exit = await AlmanacCli.RunAsync(args, console, TimeProvider.System);
        return (exit, output.ToString());
    }

    /// <summary>Runs the command with standard output and standard error apart, as a shell sees them.</summary>
    public static async Task<(int ExitCode, string Output, string Errors)> RunSplitAsync(params string[] args)
    {
        var (output, errors) = (new StringWriter(), new StringWriter());
        var exit = await AlmanacCli.RunAsync(args, Console(output, 250), TimeProvider.System, Console(errors, 250));
        return (exit, output.ToString(), errors.ToString());
    }

    /// <summary>A plain, colourless console writing to <paramref name="writer"/>.</summary>
    public static IAnsiConsole Console(TextWriter writer, int width)
    {
        var console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(writer), Ansi = AnsiSupport.No, ColorSystem = ColorSystemSupport.NoColors });
        console.Profile.Width = width;
        return console;
    }
}
