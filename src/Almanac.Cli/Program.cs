using Almanac.Cli;
using Spectre.Console;

var console = AnsiConsole.Console;
console.Profile.Width = AlmanacCli.OutputWidth(Environment.GetEnvironmentVariable("COLUMNS"), Console.IsOutputRedirected, console.Profile.Width);
// Errors go to standard error, so that output piped to a file or another program never holds them.
var errors = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(Console.Error) });
errors.Profile.Width = AlmanacCli.OutputWidth(Environment.GetEnvironmentVariable("COLUMNS"), Console.IsErrorRedirected, errors.Profile.Width);
return await AlmanacCli.RunAsync(args, console, TimeProvider.System, errors);
