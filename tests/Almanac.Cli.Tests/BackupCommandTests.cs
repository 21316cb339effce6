using Almanac.Tests;

namespace Almanac.Cli.Tests;

/// <summary>
/// <c>almanac backup --out DIR</c> and <c>almanac restore DIR [--replace]</c> as the README shows them, on both engines:
/// what they print, their exit codes, and the refusals (a directory not empty, a store with content, a damaged backup).
/// </summary>
public sealed class BackupCommandTests
{
    /// <summary>The command's exit code and the words it printed (the terminal wraps long lines).</summary>
    private static async Task<(int ExitCode, string Output)> RunAsync(params string[] args)
    {
        var (exit, output) = await CliRun.RunAsync(args);
        return (exit, string.Join(' ', output.Split((char[])[' ', '\n', '\r'], StringSplitOptions.RemoveEmptyEntries)));
    }

    [Theory]
    [MemberData(nameof(TestStores.Engines), MemberType = typeof(TestStores))]
    public async Task Backup_and_restore_as_the_readme_shows_them(string engine)
    {
        var root = Directory.CreateTempSubdirectory("almanac-backup-cli-");
        try
        {
            await using var source = await TestStores.CreateAsync(engine);
            await using var target = await TestStores.CreateAsync(engine);
            var backup = Path.Combine(root.FullName, "backup");
            await source.ClosedAsync(async () =>
            {
                Assert.Equal(0, (await RunAsync("init", "--db", source.Target)).ExitCode);
                Assert.Equal(0, (await RunAsync("import", "published", "--report", "2018", "--db", source.Target)).ExitCode);
                var (exit, output) = await RunAsync("backup", "--out", backup, "--db", source.Target);
                Assert.True(exit == 0, output);
                Assert.Contains($"to {backup}:", output, StringComparison.Ordinal);
                Assert.Contains("keep it as you keep secrets", output, StringComparison.Ordinal);
                // A backup never goes into a directory that holds something.
                var (again, refused) = await RunAsync("backup", "--out", backup, "--db", source.Target);
                Assert.Equal((AlmanacCli.Failed, true), (again, refused.Contains("is not empty: a backup goes into a new or empty directory", StringComparison.Ordinal)));
                return true;
            });
            Assert.True(File.Exists(Path.Combine(backup, "manifest.json")));

            await target.ClosedAsync(async () =>
            {
                var (exit, output) = await RunAsync("restore", backup, "--db", target.Target);
                Assert.True(exit == 0, output);
                Assert.Contains($"Restored {backup} (the {(engine == "duckdb" ? "duckdb" : "postgresql")} backup of", output, StringComparison.Ordinal);
                var (_, sources) = await RunAsync("sources", "--db", target.Target);
                Assert.Contains("annual-report-2018-staff.csv", sources, StringComparison.Ordinal);

                // Into a store with content: refused, then with --replace, what it held backed up first.
                var (refusedExit, refused) = await RunAsync("restore", backup, "--db", target.Target);
                Assert.Equal(AlmanacCli.Failed, refusedExit);
                Assert.Contains("is not empty: it holds", refused, StringComparison.Ordinal);
                Assert.Contains("run the command again with --replace", refused, StringComparison.Ordinal);
                var (replacedExit, replaced) = await RunAsync("restore", backup, "--db", target.Target, "--replace");
                Assert.True(replacedExit == 0, replaced);
                Assert.Contains("What the store held before is backed up in", replaced, StringComparison.Ordinal);
                Assert.Single(Directory.GetDirectories(root.FullName, "backup-replaced-*"));

                // A damaged backup: the file and the problem, exit code 1, nothing written.
                File.Delete(Path.Combine(backup, "source.jsonl.gz"));
                var (damagedExit, damaged) = await RunAsync("restore", backup, "--db", target.Target, "--replace");
                Assert.Equal(AlmanacCli.Failed, damagedExit);
                Assert.Contains("source.jsonl.gz: missing; nothing was restored.", damaged, StringComparison.Ordinal);
                Assert.Single(Directory.GetDirectories(root.FullName, "backup-replaced-*"));
                return true;
            });
        }
        finally
        {
            root.Delete(recursive: true);
        }
    }
}
