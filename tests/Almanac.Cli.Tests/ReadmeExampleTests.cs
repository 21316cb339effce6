using System.Text;
using System.Text.RegularExpressions;
using Almanac.Tests;

namespace Almanac.Cli.Tests;

/// <summary>
/// Every `almanac …` line of README.md's code blocks runs as written, in the README's order, over one store (the one
/// the README's own `almanac demo` line builds), and gives exit code 0 or the code its comment documents ("exits 1").
/// A line a shell would not run as the README means it (an unquoted '|'), or with a placeholder (MEASURE), fails.
/// </summary>
public sealed partial class ReadmeExampleTests : IDisposable
{
    /// <summary>Commands that serve until stopped: run by the web tests, not here.</summary>
    private static readonly string[] LongRunning = ["serve"];

    private readonly DirectoryInfo _directory = Directory.CreateTempSubdirectory("almanac-readme-");

    public void Dispose() => _directory.Delete(true);

    /// <summary>A command line of the README: its line number, its text, its arguments after 'almanac', and the exit code its comment documents.</summary>
    public sealed record Example(int Line, string Text, IReadOnlyList<string> Arguments, int ExpectedExit);

    [Fact]
    public void The_README_examples_are_read_with_shell_quoting_and_their_documented_exit_codes()
    {
        var examples = Read("""
            ```sh
            ./almanac query x --where 'a=B|C' --display-name "Ana Editor"   # exits 1: a reason
            almanac sources
            echo not almanac
            ```
            almanac outside a block
            """);
        Assert.Equal(2, examples.Count);
        Assert.Equal(["query", "x", "--where", "a=B|C", "--display-name", "Ana Editor"], examples[0].Arguments);
        Assert.Equal(1, examples[0].ExpectedExit);
        Assert.Equal(0, examples[1].ExpectedExit);
        Assert.Throws<InvalidOperationException>(() => Read("```sh\nalmanac query x --where a=B|C\n```"));
        Assert.Throws<InvalidOperationException>(() => Read("```sh\nalmanac query MEASURE --rows sex\n```"));
    }

    [Fact]
    public async Task Every_command_example_in_the_README_runs_as_written()
    {
        var examples = Read(await File.ReadAllTextAsync(Path.Combine(SharedFiles.RepositoryRoot, "README.md"), TestContext.Current.CancellationToken));
        Assert.True(examples.Count >= 20, $"only {examples.Count} examples read from the README");
        var store = Path.Combine(_directory.FullName, "almanac.db");
        var failures = new StringBuilder();
        foreach (var example in examples)
        {
            if (LongRunning.Contains(example.Arguments[0])) continue;
            var args = Resolve(example.Arguments);
            if (example.Arguments[0] == "demo" && !args.Contains("--db"))
            {
                store = Path.Combine(Value(args, "--out") ?? Path.Combine(_directory.FullName, "out", "demo"), "demo.db");
                if (!args.Contains("--out")) args = [.. args, "--out", Path.GetDirectoryName(store)!];
            }
            else if (!args.Contains("--db"))
            {
                args = [.. args, "--db", store];
            }
            var (exit, output) = await CliRun.RunAsync([.. args]);
            if (exit != example.ExpectedExit)
            {
                failures.AppendLine($"README.md line {example.Line}: `{example.Text}` exited {exit}, not {example.ExpectedExit}:\n{output}");
            }
        }
        Assert.True(failures.Length == 0, failures.ToString());
    }

    /// <summary>
    /// The arguments with paths made absolute: ../shared files from the workplace's shared folder (a skip when it is absent,
    /// a failure in CI), --out directories under this test's directory, files of the repository from its root, and files
    /// an earlier example wrote under this test's directory.
    /// </summary>
    private List<string> Resolve(IReadOnlyList<string> arguments)
    {
        var resolved = new List<string>();
        for (var i = 0; i < arguments.Count; i++)
        {
            var argument = arguments[i];
            if (i > 0 && arguments[i - 1] == "--out" && !Path.IsPathRooted(argument)) resolved.Add(Path.Combine(_directory.FullName, argument));
            else if (argument.StartsWith("../shared/", StringComparison.Ordinal)) resolved.Add(SharedFiles.Require(argument["../shared/".Length..]));
            else if (!argument.StartsWith('-') && argument.Contains('/') && File.Exists(Path.Combine(SharedFiles.RepositoryRoot, argument))) resolved.Add(Path.Combine(SharedFiles.RepositoryRoot, argument));
            else if (!argument.StartsWith('-') && File.Exists(Path.Combine(_directory.FullName, argument))) resolved.Add(Path.Combine(_directory.FullName, argument));
            else resolved.Add(argument);
        }
        return resolved;
    }

    private static string? Value(List<string> arguments, string option) =>
        arguments.IndexOf(option) is var at and >= 0 && at + 1 < arguments.Count ? arguments[at + 1] : null;

    /// <summary>The `almanac …` lines of the markdown's fenced code blocks.</summary>
    public static List<Example> Read(string markdown)
    {
        var examples = new List<Example>();
        var inBlock = false;
        var lines = markdown.Split('\n');
        for (var n = 0; n < lines.Length; n++)
        {
            var line = lines[n].TrimEnd('\r');
            if (line.TrimStart().StartsWith("```", StringComparison.Ordinal))
            {
                inBlock = !inBlock;
                continue;
            }
            if (!inBlock) continue;
            var (words, comment) = ShellWords(line, n + 1);
            if (words.Count == 0 || words[0] is not ("almanac" or "./almanac")) continue;
            if (words.FirstOrDefault(w => Placeholder().IsMatch(w)) is { } placeholder)
            {
                throw new InvalidOperationException($"README.md line {n + 1}: '{placeholder}' is a placeholder, not something a reader can run: {line}");
            }
            var expected = comment is not null && Exits().Match(comment) is { Success: true } exits ? int.Parse(exits.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture) : 0;
            examples.Add(new Example(n + 1, line.Trim(), words[1..], expected));
        }
        return examples;
    }

    /// <summary>The words of a line as a POSIX shell splits them (single and double quotes), and its comment.</summary>
    private static (List<string> Words, string? Comment) ShellWords(string line, int number)
    {
        var words = new List<string>();
        var word = new StringBuilder();
        var inWord = false;
        for (var i = 0; i < line.Length; i++)
        {
            var c = line[i];
            if (c is '\'' or '"')
            {
                var close = line.IndexOf(c, i + 1);
                if (close < 0) throw new InvalidOperationException($"README.md line {number}: an unclosed quote: {line}");
                word.Append(line, i + 1, close - i - 1);
                inWord = true;
                i = close;
            }
            else if (char.IsWhiteSpace(c))
            {
                if (inWord) words.Add(word.ToString());
                word.Clear();
                inWord = false;
            }
            else if (c == '#' && !inWord)
            {
                return (words, line[(i + 1)..]);
            }
            else if ("|&;<>()$`\\".Contains(c, StringComparison.Ordinal) && words.Count > 0 && words[0] is "almanac" or "./almanac")
            {
                throw new InvalidOperationException($"README.md line {number}: '{c}' unquoted is taken by the shell, not passed to almanac: {line}");
            }
            else
            {
                word.Append(c);
                inWord = true;
            }
        }
        if (inWord) words.Add(word.ToString());
        return (words, null);
    }

    [GeneratedRegex(@"^[A-Z][A-Z_]{2,}$")]
    private static partial Regex Placeholder();

    [GeneratedRegex(@"\bexits (\d+)\b")]
    private static partial Regex Exits();
}
