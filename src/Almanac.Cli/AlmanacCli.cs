using System.CommandLine;
using Almanac.Cli.Commands;
using Almanac.Domain;
using Almanac.Ingest.Reference;
using Almanac.Store;
using Spectre.Console;

namespace Almanac.Cli;

/// <summary>The almanac command: parses arguments, runs a command, turns Almanac errors into messages and exit codes.</summary>
public static class AlmanacCli
{
    /// <summary>Exit code for bad input or a refused operation (the message says which file, line and value).</summary>
    public const int Failed = 1;

    /// <summary>The width given to output that is not a terminal (a file, a pipe): wide enough that no table is split or cut.</summary>
    public const int RedirectedWidth = 10_000;

    /// <summary>
    /// The width tables are laid out in: <c>$COLUMNS</c> when it holds a width (a test or a user asks for one), else no
    /// limit when the output is redirected, else the terminal's.
    /// </summary>
    public static int OutputWidth(string? columns, bool redirected, int terminalWidth) =>
        int.TryParse(columns, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var width) && width > 0 ? width
        : redirected ? RedirectedWidth
        : terminalWidth;

    public static async Task<int> RunAsync(string[] args, IAnsiConsole console, TimeProvider clock)
    {
        var db = new Option<string>("--db")
        {
            Description = $"DuckDB file or PostgreSQL connection string (\"Host=…;Database=…\"); default ${AlmanacStores.EnvironmentVariable} or ./{AlmanacStores.DefaultPath}",
            Recursive = true,
            DefaultValueFactory = _ => Environment.GetEnvironmentVariable(AlmanacStores.EnvironmentVariable) is { Length: > 0 } target ? target : AlmanacStores.DefaultPath,
        };
        var context = new CommandContext(console, clock, db);
        var root = new RootCommand("Almanac — institutional results reporting: staff lists in, annual-report annexes out.")
        {
            Options = { db },
            Subcommands =
            {
                InitCommand.Create(context),
                ImportCommands.Create(context),
                AnnexCommand.Create(context),
                GenerateCommand.Create(context),
                SourcesCommand.Create(context),
                ReportCommands.CreateTables(context),
                ReportCommands.CreateStatements(context),
                ReportCommands.CreateAudit(context),
                PublishCommand.Create(context),
                QueryCommand.Create(context),
                DemoCommand.Create(context),
                ServeCommand.Create(context),
                AccountCommands.Create(context),
                BackupCommands.CreateBackup(context),
                BackupCommands.CreateRestore(context),
            },
        };
        try
        {
            return await root.Parse(args).InvokeAsync(new InvocationConfiguration { EnableDefaultExceptionHandler = false });
        }
        catch (AlmanacException e)
        {
            console.MarkupLine($"[red]error:[/] {Markup.Escape(e.Message)}");
            return Failed;
        }
        catch (OperationCanceledException)
        {
            console.MarkupLine("[yellow]cancelled: nothing was written by the interrupted import.[/]");
            return Failed;
        }
    }
}

/// <summary>What every command needs: where to write, the clock, and the --db option.</summary>
public sealed record CommandContext(IAnsiConsole Console, TimeProvider Clock, Option<string> Db)
{
    public Task<IAlmanacStore> OpenStoreAsync(ParseResult parse, CancellationToken cancellationToken) =>
        AlmanacStores.OpenAsync(parse.GetValue(Db)!, cancellationToken);

    /// <summary>Opens the store an import writes to, creating it with the reference data when it is new (as 'init' would).</summary>
    public async Task<IAlmanacStore> OpenStoreForImportAsync(ParseResult parse, CancellationToken cancellationToken)
    {
        var store = await OpenStoreAsync(parse, cancellationToken);
        try
        {
            if ((await store.LoadReferenceDataAsync(cancellationToken)).Countries.Count == 0)
            {
                await store.ReplaceReferenceDataAsync(ReferenceDataReader.ReadEmbedded(), cancellationToken);
                Console.MarkupLineInterpolated($"[grey]{store.Description}: new store, reference data loaded[/]");
            }
            return store;
        }
        catch
        {
            await store.DisposeAsync();
            throw;
        }
    }
}
