using System.CommandLine;
using System.Net;
using System.Net.Sockets;
using Almanac.Domain.Publishing;
using Almanac.Tests;
using Spectre.Console;

namespace Almanac.Cli.Tests;

/// <summary>
/// What every command does with a command line it cannot read and with input it refuses: an unknown option is named as
/// one, for every command of the tree; every error goes to standard error and none to standard output; the exit is
/// non-zero. And <c>query --lang</c>, the language option <c>publish</c> takes too.
/// </summary>
public sealed class CliUsageTests : IDisposable
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private readonly DirectoryInfo _directory = Directory.CreateTempSubdirectory("almanac-usage-");

    public void Dispose() => _directory.Delete(recursive: true);

    /// <summary>Every command path of the tree ("query", "import staff", "users add", and the groups "import", "users").</summary>
    private static IEnumerable<string[]> CommandPaths()
    {
        var root = AlmanacCli.CreateRoot(AnsiConsole.Console, TimeProvider.System, AnsiConsole.Console);
        IEnumerable<string[]> Walk(Command command, string[] path) =>
            command.Subcommands.SelectMany(c => Walk(c, [.. path, c.Name]).Prepend([.. path, c.Name]));
        return Walk(root, []);
    }

    [Fact]
    public async Task Every_command_names_an_unknown_option_as_one_on_standard_error_and_fails()
    {
        var paths = CommandPaths().ToList();
        // The tree as the README lists it, groups and all: a new command is covered by this test without a line here.
        Assert.Contains(["query"], paths);
        Assert.Contains(["import", "staff"], paths);
        Assert.Contains(["users", "set-role"], paths);
        Assert.Contains(["users", "reset-password"], paths);
        Assert.True(paths.Count >= 20, string.Join("; ", paths.Select(p => string.Join(' ', p))));
        var db = Path.Combine(_directory.FullName, "never-made.db");
        foreach (var path in paths)
        {
            // Some commands take an argument (a measure, a file): the unknown option must not be taken for it.
            var (exit, output, errors) = await CliRun.RunSplitAsync([.. path, "--no-such-option", "--db", db]);
            var line = string.Join(' ', path);
            Assert.True(exit == AlmanacCli.UsageError, $"{line}: exit {exit}; {output}{errors}");
            Assert.Equal("", output);
            Assert.StartsWith($"error: Unknown option '--no-such-option' for 'almanac {line}'; its options are ", errors, StringComparison.Ordinal);
        }
        // Nothing was opened or created on the way.
        Assert.False(File.Exists(db));
    }

    [Fact]
    public async Task Every_commands_errors_go_to_standard_error_and_never_to_standard_output()
    {
        var db = Path.Combine(_directory.FullName, "store.db");
        var (made, _, madeErrors) = await CliRun.RunSplitAsync("init", "--db", db);
        Assert.True(made == 0, madeErrors);
        var missing = Path.Combine(_directory.FullName, "missing.csv");
        var full = Directory.CreateDirectory(Path.Combine(_directory.FullName, "full"));
        await File.WriteAllTextAsync(Path.Combine(full.FullName, "keep.txt"), "not a backup", Ct);
        // demo refuses a store that holds an import already.
        var imported = Path.Combine(_directory.FullName, "imported.db");
        var (importedExit, _, importedErrors) = await CliRun.RunSplitAsync("import", "published", "--report", "2017", "--db", imported);
        Assert.True(importedExit == 0, importedErrors);
        using var busy = new TcpListener(IPAddress.Loopback, 0);
        busy.Start();
        var busyUrl = $"http://127.0.0.1:{((IPEndPoint)busy.LocalEndpoint).Port}";

        string[][] cases =
        [
            ["init", "--db", Path.Combine(full.FullName, "keep.txt")],
            ["import", "staff", missing, "--year", "2023"],
            ["import", "published", "--report", "1999"],
            ["import", "report", missing],
            ["import", "observations", missing],
            ["import", "sdmx", missing],
            ["import", "dhis2", missing],
            ["import", "projects", missing],
            ["export", "dhis2", "--year", "2023", "--format", "adx", "--out", Path.Combine(_directory.FullName, "empty.xml")],
            ["export", "iati", "--year", "2018", "--out", Path.Combine(_directory.FullName, "iati.xml")],
            ["annex", "--year", "2023", "--format", "xml"],
            ["generate", "staff", "--out", Path.Combine(_directory.FullName, "s.csv"), "--report", "1999"],
            ["generate", "projects", "--out", Path.Combine(full.FullName, "keep.txt")],
            ["sources", "extra"],
            ["tables", "--format", "xml"],
            ["statements", "--format", "xml"],
            ["audit", "--rules", missing],
            ["publish", "--year", "2030", "--out", Path.Combine(_directory.FullName, "out")],
            ["query", "no.such.measure", "--rows", "sex"],
            ["query", "staff.headcount", "--lang", "de"],
            ["demo", "--out", _directory.FullName, "--db", imported],
            ["serve", "--urls", busyUrl],
            ["users", "add", "someone", "--role", "nobody"],
            ["users", "reset-password", "nobody-here"],
            ["users", "disable", "nobody-here"],
            ["users", "enable", "nobody-here"],
            ["users", "set-role", "nobody-here", "--role", "reader"],
            ["users", "list", "extra"],
            ["backup", "--out", full.FullName],
            ["restore", missing],
            ["questionnaire", "workbook", "--office", "CO-NONE", "--year", "2023", "--out", Path.Combine(_directory.FullName, "q.xlsx")],
            ["questionnaire", "upload", missing],
        ];
        foreach (var args in cases)
        {
            var withDb = args.Contains("--db") ? args : [.. args, "--db", db];
            var (exit, output, errors) = await CliRun.RunSplitAsync(withDb);
            var line = string.Join(' ', args);
            Assert.True(exit != 0, $"{line}: exit 0; {output}");
            Assert.DoesNotContain("error", output, StringComparison.OrdinalIgnoreCase);
            Assert.Contains("error: ", errors, StringComparison.Ordinal);
        }
        // Every command of the tree has its case (the groups "import", "users", "generate", "export" and "questionnaire" through theirs).
        var covered = cases.Select(c => c[0] is "import" or "users" or "generate" or "export" or "questionnaire" ? $"{c[0]} {c[1]}" : c[0]).ToHashSet(StringComparer.Ordinal);
        var leaves = CommandPaths().Where(p => !CommandPaths().Any(q => q.Length > p.Length && q.Take(p.Length).SequenceEqual(p))).Select(p => string.Join(' ', p));
        Assert.DoesNotContain(leaves, l => !covered.Contains(l));
    }

    [Fact]
    public async Task Query_prints_numbers_in_the_language_asked_as_publish_does()
    {
        var db = Path.Combine(_directory.FullName, "lang.db");
        await using (var store = await Store.AlmanacStores.OpenAsync(db, Ct))
        {
            await FactTestData.ImportAsync(store, FactTestData.Table1());
        }
        var tables = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var language in NumberFormat.Languages)
        {
            var (exit, output, errors) = await CliRun.RunSplitAsync("query", "t1.headcount", "--rows", "year", "--columns", "sex", "--year", "2023", "--lang", language, "--db", db);
            Assert.True(exit == 0, errors);
            Assert.Contains(NumberFormat.Count(1492, language), output, StringComparison.Ordinal);
            tables[language] = output;
        }
        // French and Spanish group thousands with a narrow no-break space, as their reports print them; English with a space.
        Assert.NotEqual(tables["en"], tables["fr"]);
        Assert.Contains("1\u202F492", tables["es"], StringComparison.Ordinal);
        // CSV keeps plain numbers whatever the language.
        var (_, csv, _) = await CliRun.RunSplitAsync("query", "t1.headcount", "--rows", "year", "--columns", "sex", "--year", "2023", "--lang", "fr", "--format", "csv", "--db", db);
        Assert.Contains("2023,F,1492", csv, StringComparison.Ordinal);
        // The one option definition: publish and query describe it alike.
        var root = AlmanacCli.CreateRoot(AnsiConsole.Console, TimeProvider.System, AnsiConsole.Console);
        var langs = root.Subcommands.Where(c => c.Name is "query" or "publish").Select(c => c.Options.Single(o => o.Name == "--lang")).ToList();
        Assert.Equal(2, langs.Count);
        Assert.All(langs, o => Assert.EndsWith(": en, fr, es.", o.Description, StringComparison.Ordinal));
        var (bad, _, badErrors) = await CliRun.RunSplitAsync("query", "t1.headcount", "--lang", "de", "--db", db);
        Assert.Equal(AlmanacCli.Failed, bad);
        Assert.Contains("--lang 'de': write en, fr, es.", badErrors, StringComparison.Ordinal);
    }
}
