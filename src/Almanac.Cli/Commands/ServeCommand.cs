using System.CommandLine;
using Almanac.Ingest.Reference;
using Almanac.Ingest.Staff;
using Almanac.Store;
using Almanac.Web;
using Almanac.Web.Demo;
using Microsoft.Extensions.Logging;
using Spectre.Console;

namespace Almanac.Cli.Commands;

/// <summary>almanac serve: the web platform over the store (--db), or over a new demo store (--demo).</summary>
public static class ServeCommand
{
    /// <summary>The year of the synthetic staff list the demo store's queries answer from.</summary>
    private const int DemoStaffYear = 2023;

    public static Command Create(CommandContext context)
    {
        var urls = new Option<string>("--urls") { Description = "Where to listen (semicolon-separated).", DefaultValueFactory = _ => "http://127.0.0.1:5080" };
        var demo = new Option<bool>("--demo") { Description = "Start over a new demo store (out/serve-demo/almanac.db) with the demo organization, the 2023 questionnaire, SYNTHETIC answers and demo accounts." };
        var command = new Command("serve", "Serve the institutional questionnaire platform: pages for people, /api for programs.") { urls, demo };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var console = context.Console;
            var target = parse.GetValue(context.Db)!;
            if (parse.GetValue(demo))
            {
                target = Path.GetFullPath(Path.Combine("out", "serve-demo", "almanac.db"));
                foreach (var stale in new[] { target, target + ".wal" }.Where(File.Exists)) File.Delete(stale);
            }
            await using var store = await AlmanacStores.OpenAsync(target, cancellationToken);
            var platform = store as IPlatformStore ?? throw new Domain.AlmanacException($"{store.Description} does not hold the platform's tables.");
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
                console.MarkupLineInterpolated($"[grey]SYNTHETIC staff list {staffList}: {staff.RowCount} staff members imported (almanac query, GET /api/query)[/]");
                console.MarkupLine("[bold]Demo organization loaded; the answers of other offices are SYNTHETIC.[/] Demo accounts (new passwords each start):");
                var table = new Table().AddColumns("user name", "password", "role", "scope");
                foreach (var c in credentials) table.AddRow(c.Account.UserName, c.Password, c.Account.Role.ToString(), c.Account.Office ?? c.Account.Region ?? "");
                console.Write(table);
            }
            var listen = parse.GetValue(urls)!.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            await using var app = PlatformApp.Build(platform, listen, clock: context.Clock, logging: l => l.SetMinimumLevel(LogLevel.Warning));
            await app.StartAsync(cancellationToken);
            console.MarkupLineInterpolated($"Almanac is serving at [link]{string.Join(", ", app.Urls)}[/] (API under /api, OpenAPI at /openapi/v1.json). Ctrl-C stops it.");
            try
            {
                await Task.Delay(Timeout.Infinite, cancellationToken);
            }
            catch (OperationCanceledException)
            {
                // Ctrl-C: stop serving and close the store.
            }
            await app.StopAsync(CancellationToken.None);
            return 0;
        });
        return command;
    }
}
