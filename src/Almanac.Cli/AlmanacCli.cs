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

    /// <summary>Exit code for a command line the command cannot read: an unknown option, a missing or malformed value.</summary>
    public const int UsageError = Failed;

    /// <summary>
    /// Runs the command: its output to <paramref name="console"/> (standard output), every error and warning to
    /// <paramref name="errors"/> (standard error; the same console when not given, as in-process tests read both together).
    /// </summary>
    public static async Task<int> RunAsync(string[] args, IAnsiConsole console, TimeProvider clock, IAnsiConsole? errors = null)
    {
        errors ??= console;
        var root = CreateRoot(console, clock, errors);
        var parse = root.Parse(args);
        if (UsageProblem(parse) is { } problem)
        {
            errors.MarkupLine($"[red]error:[/] {Markup.Escape(problem)}");
            return UsageError;
        }
        try
        {
            return await parse.InvokeAsync(new InvocationConfiguration
            {
                EnableDefaultExceptionHandler = false,
                Output = console.Profile.Out.Writer,
                Error = errors.Profile.Out.Writer,
            });
        }
        catch (AlmanacException e)
        {
            errors.MarkupLine($"[red]error:[/] {Markup.Escape(e.Message)}");
            return Failed;
        }
        catch (OperationCanceledException)
        {
            errors.MarkupLine("[yellow]cancelled: nothing was written by the interrupted import.[/]");
            return Failed;
        }
    }

    /// <summary>The command tree: every command and option of <c>almanac</c>, writing to the consoles given.</summary>
    public static RootCommand CreateRoot(IAnsiConsole console, TimeProvider clock, IAnsiConsole errors)
    {
        var db = new Option<string>("--db")
        {
            Description = $"DuckDB file or PostgreSQL connection string (\"Host=…;Database=…\"); default ${AlmanacStores.EnvironmentVariable} or ./{AlmanacStores.DefaultPath}",
            Recursive = true,
            DefaultValueFactory = _ => Environment.GetEnvironmentVariable(AlmanacStores.EnvironmentVariable) is { Length: > 0 } target ? target : AlmanacStores.DefaultPath,
        };
        var context = new CommandContext(console, clock, db) { Errors = errors };
        return new RootCommand("Almanac — institutional results reporting: staff lists in, annual-report annexes out.")
        {
            Options = { db },
            Subcommands =
            {
                InitCommand.Create(context),
                ImportCommands.Create(context),
                AnnexCommand.Create(context),
                GenerateCommand.Create(context),
                ExportCommand.Create(context),
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
                QuestionnaireCommands.Create(context),
            },
        };
    }

    /// <summary>
    /// What is wrong with the command line, said the same way for every command: an option the command does not have is
    /// named as one ("Unknown option '--row'"), never taken for a measure or a file; then the parser's own errors.
    /// </summary>
    public static string? UsageProblem(ParseResult parse)
    {
        var command = parse.CommandResult.Command;
        // A word that looks like an option but is not one: left unmatched, or taken as the value of an argument (query's MEASURE).
        var stray = parse.UnmatchedTokens
            .Concat(parse.CommandResult.Children.OfType<System.CommandLine.Parsing.ArgumentResult>().SelectMany(a => a.Tokens).Select(t => t.Value))
            .FirstOrDefault(LooksLikeOption);
        if (stray is not null)
        {
            var options = command.Options.Concat(parse.RootCommandResult.Command.Options.Where(o => o.Recursive))
                .Where(o => !o.Hidden).Select(o => o.Name).Distinct().ToList();
            var path = string.Join(' ', Ancestry(parse.CommandResult).Reverse());
            return $"Unknown option '{stray}' for '{path}'; its options are {string.Join(", ", options)} (--help describes them).";
        }
        return parse.Errors.Count == 0 ? null : string.Join(" ", parse.Errors.Select(e => e.Message));
    }

    /// <summary>"--row", "-x": an option's shape; "-5" (a negative number) and "-" (standard input) are values.</summary>
    private static bool LooksLikeOption(string token) =>
        token.Length > 1 && token[0] == '-' && !decimal.TryParse(token, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out _);

    private static IEnumerable<string> Ancestry(System.CommandLine.Parsing.CommandResult? result)
    {
        for (; result is not null; result = result.Parent as System.CommandLine.Parsing.CommandResult)
        {
            yield return result.Parent is null ? "almanac" : result.Command.Name;
        }
    }
}

/// <summary>What every command needs: where to write, the clock, and the --db option.</summary>
public sealed record CommandContext(IAnsiConsole Console, TimeProvider Clock, Option<string> Db)
{
    /// <summary>Where errors, warnings and notes beside the output go: standard error.</summary>
    public IAnsiConsole Errors { get; init; } = Console;

    public Task<SqlStore> OpenStoreAsync(ParseResult parse, CancellationToken cancellationToken) =>
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
