using Almanac.Cli;
using Spectre.Console;

var console = AnsiConsole.Console;
console.Profile.Width = AlmanacCli.OutputWidth(Environment.GetEnvironmentVariable("COLUMNS"), Console.IsOutputRedirected, console.Profile.Width);
return await AlmanacCli.RunAsync(args, console, TimeProvider.System);
