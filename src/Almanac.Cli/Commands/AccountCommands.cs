using System.CommandLine;
using Almanac.Domain;
using Almanac.Domain.Platform;
using Almanac.Publish;
using Almanac.Store;
using Almanac.Web.Security;
using Almanac.Web.Services;
using Spectre.Console;

namespace Almanac.Cli.Commands;

/// <summary>
/// almanac users add|list|disable|enable|reset-password|set-role: the platform's accounts from the command line, for whoever
/// holds the store — the first administrator of a new store, and the way back in if every administrator has lost their
/// password. The same rules as the Accounts page (<see cref="AccountRules"/>); the change is audited under the
/// operating-system user's name, prefixed "cli:". "account" and "reset" are aliases of one tree: the names of the first
/// release, kept so that scripts written for them go on working.
/// </summary>
public static class AccountCommands
{
    public static Command Create(CommandContext context)
    {
        var command = new Command("users", "Platform accounts from the command line: the first administrator, and a way back in.");
        command.Aliases.Add("account");
        var name = new Argument<string>("USER") { Description = "The user name (a–z, 0–9, . _ - @; at most 64 characters)." };
        var role = new Option<string>("--role") { Description = "administrator, editor, regional-reviewer, focal-point or reader.", Required = true };
        var office = new Option<string?>("--office") { Description = "A focal point's office code." };
        var region = new Option<string?>("--region") { Description = "A regional reviewer's region (a regional office's code, or headquarters')." };
        var display = new Option<string?>("--display-name") { Description = "The person's name (default: the user name)." };
        var add = new Command("add", "Create an account; its password is generated and printed once.") { name, role, office, region, display };
        add.SetAction(async (parse, cancellationToken) =>
        {
            var store = await OpenAsync(context, parse, cancellationToken);
            await using var _ = store.Store;
            var userName = parse.GetValue(name)!.Trim();
            if (AccountRules.UserNameProblem(userName) is { } nameProblem) throw new AlmanacException(nameProblem);
            var displayName = parse.GetValue(display) ?? userName;
            if (AccountRules.DisplayNameProblem(displayName) is { } displayProblem) throw new AlmanacException(displayProblem);
            var parsed = ParseRole(parse.GetValue(role));
            var account = new Account(userName, displayName.Trim(), parsed, parse.GetValue(office), parse.GetValue(region));
            if (AccountRules.ScopeProblem(account, await store.Platform.OfficesAsync(cancellationToken)) is { } scopeProblem) throw new AlmanacException($"account '{userName}': {scopeProblem}");
            var password = AccountService.GeneratePassword();
            await store.Platform.CreateAccountAsync(account, SignInService.Hash(account, password), Change(context), cancellationToken);
            context.Console.MarkupLineInterpolated($"Account [bold]{userName}[/] ({account.Role.Code()}) created. Its password, shown this once: [bold]{password}[/]");
            return 0;
        });
        var reset = new Command("reset-password", "Give an account a new generated password (printed once) and enable it; its sessions end.") { name };
        reset.Aliases.Add("reset");
        reset.SetAction(async (parse, cancellationToken) =>
        {
            var store = await OpenAsync(context, parse, cancellationToken);
            await using var _ = store.Store;
            var userName = parse.GetValue(name)!.Trim();
            var stored = await store.Platform.AccountAsync(userName, cancellationToken) ?? throw NotFoundException.Account(userName);
            var password = AccountService.GeneratePassword();
            var change = Change(context);
            await store.Platform.UpdateAccountAsync(stored.Account, SignInService.Hash(stored.Account, password), change, cancellationToken);
            await store.Platform.SetAccountDisabledAsync(userName, false, change, cancellationToken);
            context.Console.MarkupLineInterpolated($"Account [bold]{userName}[/] has a new password, shown this once: [bold]{password}[/] (its sessions have ended).");
            return 0;
        });
        var disable = new Command("disable", "Disable an account: it signs in no more and its sessions end (never the last enabled administrator).") { name };
        disable.SetAction((parse, cancellationToken) => SetDisabledAsync(context, parse, parse.GetValue(name)!, true, cancellationToken));
        var enable = new Command("enable", "Enable a disabled account again (its password unchanged).") { name };
        enable.SetAction((parse, cancellationToken) => SetDisabledAsync(context, parse, parse.GetValue(name)!, false, cancellationToken));
        var setRole = new Command("set-role", "Give an account another role and scope; its sessions end (the last enabled administrator is never demoted).") { name, role, office, region };
        setRole.SetAction(async (parse, cancellationToken) =>
        {
            var store = await OpenAsync(context, parse, cancellationToken);
            await using var _ = store.Store;
            var userName = parse.GetValue(name)!.Trim();
            var stored = await store.Platform.AccountAsync(userName, cancellationToken) ?? throw NotFoundException.Account(userName);
            var parsed = ParseRole(parse.GetValue(role));
            var account = stored.Account with { Role = parsed, Office = parse.GetValue(office), Region = parse.GetValue(region) };
            if (AccountRules.ScopeProblem(account, await store.Platform.OfficesAsync(cancellationToken)) is { } scopeProblem) throw new AlmanacException($"account '{userName}': {scopeProblem}");
            await store.Platform.UpdateAccountAsync(account, null, Change(context), cancellationToken);
            var scope = account.Office ?? account.Region;
            context.Console.MarkupLineInterpolated($"Account [bold]{userName}[/] is now {account.Role.Code()}{(scope is null ? "" : $" of {scope}")} (its sessions have ended).");
            return 0;
        });
        var list = new Command("list", "Every account: role, scope, state, last sign-in.");
        list.SetAction(async (parse, cancellationToken) =>
        {
            var store = await OpenAsync(context, parse, cancellationToken);
            await using var _ = store.Store;
            var table = new Table { Border = TableBorder.Simple }.AddColumns("user name", "display name", "role", "scope", "state", "last sign-in (UTC)");
            foreach (var a in await store.Platform.AccountsAsync(cancellationToken))
            {
                table.AddRow(Markup.Escape(a.Account.UserName), Markup.Escape(a.Account.DisplayName), a.Account.Role.Code(), Markup.Escape(a.Account.Office ?? a.Account.Region ?? ""),
                    a.Disabled ? "disabled" : "enabled", a.LastSignIn?.ToString("yyyy-MM-dd HH:mm", System.Globalization.CultureInfo.InvariantCulture) ?? "never");
            }
            context.Console.WriteFitted(table);
            return 0;
        });
        command.Subcommands.Add(add);
        command.Subcommands.Add(reset);
        command.Subcommands.Add(disable);
        command.Subcommands.Add(enable);
        command.Subcommands.Add(setRole);
        command.Subcommands.Add(list);
        return command;
    }

    private static Role ParseRole(string? role) =>
        Roles.Parse(role) ?? throw new AlmanacException($"--role {InputLimits.Quote(role ?? "")}: one of {string.Join(", ", Enum.GetValues<Role>().Select(r => r.Code()))}");

    private static async Task<int> SetDisabledAsync(CommandContext context, ParseResult parse, string userName, bool disabled, CancellationToken cancellationToken)
    {
        var store = await OpenAsync(context, parse, cancellationToken);
        await using var _ = store.Store;
        userName = userName.Trim();
        if (await store.Platform.AccountAsync(userName, cancellationToken) is null) throw NotFoundException.Account(userName);
        await store.Platform.SetAccountDisabledAsync(userName, disabled, Change(context), cancellationToken);
        if (disabled) context.Console.MarkupLineInterpolated($"Account [bold]{userName}[/] is disabled: it signs in no more (its sessions have ended).");
        else context.Console.MarkupLineInterpolated($"Account [bold]{userName}[/] is enabled again.");
        return 0;
    }

    private static Change Change(CommandContext context) => new("cli:" + Environment.UserName, context.Clock.GetUtcNow());

    private static async Task<(IAlmanacStore Store, IPlatformStore Platform)> OpenAsync(CommandContext context, ParseResult parse, CancellationToken cancellationToken)
    {
        var store = await context.OpenStoreAsync(parse, cancellationToken);
        return (store, store);
    }
}
