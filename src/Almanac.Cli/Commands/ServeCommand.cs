using System.CommandLine;
using Almanac.Domain.Publishing;
using Almanac.Ingest.Reference;
using Almanac.Ingest.Staff;
using Almanac.Store;
using Almanac.Web;
using Almanac.Web.Demo;
using Almanac.Web.Services;
using Microsoft.Extensions.Logging;
using Spectre.Console;

namespace Almanac.Cli.Commands;

/// <summary>almanac serve: the web platform over the store (--db), or over a new demo store (--demo).</summary>
public static class ServeCommand
{
    /// <summary>The year of the synthetic staff list the demo store's queries answer from.</summary>
    private const int DemoStaffYear = 2023;

    /// <summary>How long requests in flight may take to finish once serving stops.</summary>
    public static readonly TimeSpan StopGrace = TimeSpan.FromSeconds(8);

    /// <summary>Throws when another process listens on the URL's port (a loopback or IP host).</summary>
    private static void RequireFree(string url)
    {
        if (!Uri.TryCreate(url.Replace("://*", "://0.0.0.0", StringComparison.Ordinal).Replace("://+", "://0.0.0.0", StringComparison.Ordinal), UriKind.Absolute, out var uri)) return;
        var address = uri.Host == "localhost" ? System.Net.IPAddress.Loopback : System.Net.IPAddress.TryParse(uri.Host, out var ip) ? ip : null;
        if (address is null || uri.Port == 0) return;
        try
        {
            using var probe = new System.Net.Sockets.TcpListener(address, uri.Port);
            probe.Start();
        }
        catch (System.Net.Sockets.SocketException)
        {
            throw new Domain.AlmanacException($"{url}: another process is listening there; nothing was changed (choose another address with --urls).");
        }
    }

    /// <summary>A path as a shell reads it back: quoted when it holds anything but plain characters.</summary>
    private static string Quote(string path) => path.All(c => char.IsAsciiLetterOrDigit(c) || c is '/' or '.' or '-' or '_') ? path : "'" + path.Replace("'", "'\\''", StringComparison.Ordinal) + "'";

    public static Command Create(CommandContext context)
    {
        var urls = new Option<string>("--urls") { Description = "Where to listen (semicolon-separated).", DefaultValueFactory = _ => "http://127.0.0.1:5080" };
        var demo = new Option<bool>("--demo") { Description = "Start over a new demo store (out/serve-demo/almanac.db) with the demo organization, the 2023 questionnaire, SYNTHETIC answers and demo accounts." };
        var command = new Command("serve", "Serve the institutional questionnaire platform: pages for people, /api for programs.") { urls, demo };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var console = context.Console;
            var target = parse.GetValue(context.Db)!;
            var listen = parse.GetValue(urls)!.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            // Before anything is touched: a busy address is one line, not a store deleted and then a failure.
            foreach (var url in listen) RequireFree(url);
            if (parse.GetValue(demo))
            {
                target = Path.GetFullPath(Path.Combine("out", "serve-demo", "almanac.db"));
                // A demo store another process serves is never deleted under it: opening it first says who holds it.
                if (File.Exists(target)) await (await AlmanacStores.OpenAsync(target, cancellationToken)).DisposeAsync();
                foreach (var stale in new[] { target, target + ".wal" }.Where(File.Exists)) File.Delete(stale);
            }
            await using var store = await AlmanacStores.OpenAsync(target, cancellationToken);
            IPlatformStore platform = store;
            console.MarkupLineInterpolated($"[grey]{store.Description}[/]");
            if (parse.GetValue(demo))
            {
                await store.ReplaceReferenceDataAsync(ReferenceDataReader.ReadEmbedded(), cancellationToken);
                var credentials = await PlatformDemo.SeedAsync(platform, context.Clock, cancellationToken);
                await PlatformDemo.SeedHistoryAsync(platform, context.Clock, cancellationToken);
                console.MarkupLineInterpolated($"[grey]The {string.Join(" and ", PlatformDemo.HistoryYears)} questionnaires answered with SYNTHETIC answers that reproduce their reports' statements, and locked.[/]");
                // Staff figures in the fact table for GET /api/query: the SYNTHETIC 2023 staff list of `almanac demo`.
                var staffList = Path.Combine(Path.GetDirectoryName(target)!, $"synthetic-staff-{DemoStaffYear}.csv");
                GenerateCommand.Write(DemoStaffYear, staffList);
                var staff = await new StaffImporter(store, context.Clock).ImportAsync(staffList, DemoStaffYear, cancellationToken);
                console.MarkupLineInterpolated($"[grey]SYNTHETIC staff list {staffList}: {NumberFormat.Count(staff.RowCount)} staff members imported (almanac query, GET /api/query)[/]");
                console.MarkupLine("[bold]Demo organization loaded; the answers of other offices are SYNTHETIC.[/] Demo accounts (new passwords each start):");
                var table = new Table().AddColumns("user name", "password", "role", "scope");
                foreach (var c in credentials) table.AddRow(c.Account.UserName, c.Password, c.Account.Role.ToString(), c.Account.Office ?? c.Account.Region ?? "");
                console.Write(table);
            }
            // Backups the server writes (POST /api/admin/backup) go beside a DuckDB store, or into the working directory, unless
            // Platform:BackupRoot says where.
            var backups = Path.Combine(AlmanacStores.IsPostgres(target) ? Environment.CurrentDirectory : Path.GetDirectoryName(Path.GetFullPath(target))!, "backups");
            await using var app = PlatformApp.Build(platform, listen, configure: o => o.BackupRoot ??= backups, clock: context.Clock, logging: l => l.SetMinimumLevel(LogLevel.Warning));
            await app.StartAsync(cancellationToken);
            console.MarkupLineInterpolated($"Almanac is serving at [link]{string.Join(", ", app.Urls)}[/] (API under /api, OpenAPI at /openapi/v1.json). Ctrl-C stops it.");
            if ((await store.AccountsAsync(cancellationToken)).Count == 0)
            {
                // A new store: nobody can sign in until someone with the store creates the first administrator.
                var db = target == AlmanacStores.DefaultPath && Environment.GetEnvironmentVariable(AlmanacStores.EnvironmentVariable) is not { Length: > 0 } ? ""
                    : AlmanacStores.IsPostgres(target) ? " --db \"<the same connection string>\"" : $" --db {Quote(target)}";
                context.Errors.MarkupLineInterpolated($"[yellow]No account exists yet.[/] Create the first administrator (its password is printed once), then sign in: {PlatformService.FirstAdministratorCommand}{db}");
            }
            // SIGTERM and Ctrl-C reach the web host's own lifetime (which takes the signal), not only the command's token.
            using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, app.Lifetime.ApplicationStopping);
            try
            {
                await Task.Delay(Timeout.Infinite, stop.Token);
            }
            catch (OperationCanceledException)
            {
                // Stop serving: requests in flight get up to the grace period to finish, then the store closes.
            }
            using var grace = new CancellationTokenSource(StopGrace);
            await app.StopAsync(grace.Token);
            console.MarkupLine("Stopped.");
            return 0;
        });
        return command;
    }
}
