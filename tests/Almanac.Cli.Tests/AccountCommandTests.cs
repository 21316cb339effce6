using System.Text.RegularExpressions;
using Almanac.Domain.Platform;
using Almanac.Store;
using Microsoft.AspNetCore.Identity;

namespace Almanac.Cli.Tests;

/// <summary>
/// 'almanac users': the first administrator of a new store, with a generated password printed once; the Accounts page's
/// rules; a reset that lets an administrator back in; 'account' and 'reset', the first release's names, as aliases.
/// </summary>
public sealed partial class AccountCommandTests : IDisposable
{
    private readonly DirectoryInfo _directory = Directory.CreateTempSubdirectory("almanac-account-cli-");

    private string Db => Path.Combine(_directory.FullName, "almanac.db");

    public void Dispose() => _directory.Delete(true);

    private async Task<bool> VerifiesAsync(string userName, string password)
    {
        await using var store = await AlmanacStores.OpenAsync(Db, TestContext.Current.CancellationToken);
        var stored = (await ((IPlatformStore)store).AccountAsync(userName, TestContext.Current.CancellationToken))!;
        return new PasswordHasher<Account>().VerifyHashedPassword(stored.Account, stored.PasswordHash, password) != PasswordVerificationResult.Failed;
    }

    [Fact]
    public async Task The_first_administrator_is_added_from_the_command_line_and_a_reset_lets_it_back_in()
    {
        Assert.Equal(0, (await CliRun.RunAsync("init", "--db", Db)).ExitCode);
        var (exit, output) = await CliRun.RunAsync("users", "add", "root", "--role", "administrator", "--display-name", "First administrator", "--db", Db);
        Assert.True(exit == 0, output);
        var password = Password().Match(output).Groups[1].Value;
        Assert.Equal(20, password.Length);
        Assert.True(await VerifiesAsync("root", password));

        var refused = await CliRun.RunAsync("users", "add", "Root", "--role", "administrator", "--db", Db);
        Assert.Equal(AlmanacCli.Failed, refused.ExitCode);
        Assert.Contains("begins with a lower-case letter or a digit", refused.Output, StringComparison.Ordinal);
        var noOffice = await CliRun.RunAsync("users", "add", "mali", "--role", "focal-point", "--office", "CO-MLI", "--db", Db);
        Assert.Equal(AlmanacCli.Failed, noOffice.ExitCode);
        Assert.Contains("no office 'CO-MLI'", noOffice.Output, StringComparison.Ordinal);
        Assert.Contains("is taken", (await CliRun.RunAsync("users", "add", "root", "--role", "reader", "--db", Db)).Output, StringComparison.Ordinal);

        var reset = await CliRun.RunAsync("users", "reset-password", "root", "--db", Db);
        Assert.True(reset.ExitCode == 0, reset.Output);
        var again = Password().Match(reset.Output).Groups[1].Value;
        Assert.True(await VerifiesAsync("root", again));
        Assert.False(await VerifiesAsync("root", password));
        var list = (await CliRun.RunAsync("users", "list", "--db", Db)).Output;
        Assert.Matches("root.*First administrator.*administrator.*enabled.*never", list);

        // The first release's names run the same commands: 'account reset' gives yet another password, 'account list' lists.
        var aliasReset = await CliRun.RunAsync("account", "reset", "root", "--db", Db);
        Assert.True(aliasReset.ExitCode == 0, aliasReset.Output);
        var third = Password().Match(aliasReset.Output).Groups[1].Value;
        Assert.True(await VerifiesAsync("root", third));
        Assert.False(await VerifiesAsync("root", again));
        Assert.Equal(list, (await CliRun.RunAsync("account", "list", "--db", Db)).Output);
        // An alias's usage errors name the command by its documented name.
        var (aliasExit, _, aliasErrors) = await CliRun.RunSplitAsync("account", "reset", "root", "--bogus", "--db", Db);
        Assert.Equal(AlmanacCli.UsageError, aliasExit);
        Assert.StartsWith("error: Unknown option '--bogus' for 'almanac users reset-password'", aliasErrors, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Disable_and_set_role_keep_an_enabled_administrator_and_are_audited_as_the_command_line()
    {
        Assert.Equal(0, (await CliRun.RunAsync("users", "add", "root", "--role", "administrator", "--db", Db)).ExitCode);
        Assert.Equal(0, (await CliRun.RunAsync("users", "add", "ed", "--role", "editor", "--db", Db)).ExitCode);

        var lastDisabled = await CliRun.RunAsync("users", "disable", "root", "--db", Db);
        Assert.Equal(AlmanacCli.Failed, lastDisabled.ExitCode);
        Assert.Contains("'root' is the last enabled administrator", lastDisabled.Output, StringComparison.Ordinal);
        var lastDemoted = await CliRun.RunAsync("users", "set-role", "root", "--role", "editor", "--db", Db);
        Assert.Equal(AlmanacCli.Failed, lastDemoted.ExitCode);
        Assert.Contains("'root' is the last enabled administrator", lastDemoted.Output, StringComparison.Ordinal);
        var badRole = await CliRun.RunAsync("users", "set-role", "ed", "--role", "boss", "--db", Db);
        Assert.Equal(AlmanacCli.Failed, badRole.ExitCode);
        Assert.Contains("--role 'boss': one of administrator, editor", badRole.Output, StringComparison.Ordinal);
        var nobody = await CliRun.RunAsync("users", "disable", "nobody", "--db", Db);
        Assert.Equal(AlmanacCli.Failed, nobody.ExitCode);
        Assert.Contains("no account 'nobody'", nobody.Output, StringComparison.Ordinal);

        var promoted = await CliRun.RunAsync("users", "set-role", "ed", "--role", "administrator", "--db", Db);
        Assert.True(promoted.ExitCode == 0, promoted.Output);
        var disabled = await CliRun.RunAsync("users", "disable", "root", "--db", Db);
        Assert.True(disabled.ExitCode == 0, disabled.Output);
        var list = (await CliRun.RunAsync("users", "list", "--db", Db)).Output;
        Assert.Matches(@"ed\s.*administrator\s.*enabled", list);
        Assert.Matches(@"root\s.*administrator\s.*disabled", list);
        Assert.Equal(0, (await CliRun.RunAsync("users", "enable", "root", "--db", Db)).ExitCode);

        await using var store = await AlmanacStores.OpenAsync(Db, TestContext.Current.CancellationToken);
        var audit = await ((IPlatformStore)store).AuditAsync(new AuditQuery(), TestContext.Current.CancellationToken);
        var byCli = audit.Where(e => e.Actor.StartsWith("cli:", StringComparison.Ordinal)).ToList();
        Assert.Contains(byCli, e => e.Entity == "account ed" && e.Field == "role" && e.NewValue!.StartsWith("administrator", StringComparison.Ordinal));
        Assert.Contains(byCli, e => e.Entity == "account root" && e.Field == "disabled" && e.NewValue == bool.TrueString);
    }

    [GeneratedRegex("shown this once: ([A-Za-z0-9]+)")]
    private static partial Regex Password();
}
