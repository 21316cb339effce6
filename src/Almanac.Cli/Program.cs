using Almanac.Cli;

return await AlmanacCli.RunAsync(args, Spectre.Console.AnsiConsole.Console, TimeProvider.System);
