using System.CommandLine;
using Almanac.Domain;
using Almanac.Domain.Publishing;
using Almanac.Store;
using Almanac.Store.Backup;
using Almanac.Store.DuckDb;
using Spectre.Console;

namespace Almanac.Cli.Commands;

/// <summary>almanac backup --out DIR, almanac restore DIR [--replace]: the whole store to a directory and back, either engine.</summary>
public static class BackupCommands
{
    /// <summary>Who a command-line backup or restore is audited as.</summary>
    private static string Actor => $"command line ({Environment.UserName})";

    public static Command CreateBackup(CommandContext context)
    {
        var output = new Option<DirectoryInfo>("--out") { Description = "A new (or empty) directory to write the backup into: manifest.json and one file per table.", Required = true };
        var command = new Command("backup", "Back the store up: one consistent snapshot of every table (accounts, sessions and the key ring among them) with a manifest of row counts and SHA-256 checksums.") { output };
        command.SetAction(async (parse, cancellationToken) =>
        {
            IAlmanacStore store;
            try
            {
                store = await context.OpenStoreAsync(parse, cancellationToken);
            }
            catch (StoreInUseException e)
            {
                throw new AlmanacException(e.Message + " A DuckDB store that almanac serve holds is backed up by that server: an administrator's POST /api/admin/backup " +
                    "(or Back up now on its Administration page) writes a backup into the server's backup directory (Platform:BackupRoot; by default the " +
                    "folder 'backups' beside the store). Or stop the server and run this command again.");
            }
            await using (store)
            {
                var backup = (IStoreBackup)store;
                var directory = parse.GetValue(output)!.FullName;
                var manifest = await backup.BackupAsync(directory, new Change(Actor, context.Clock.GetUtcNow()), cancellationToken);
                context.Console.MarkupLineInterpolated(
                    $"Backed up {store.Description} (schema version {manifest.SchemaVersion}) to {directory}: {manifest.Tables.Count} tables, {NumberFormat.Count(manifest.Rows)} rows, {NumberFormat.Count(manifest.Bytes)} bytes.");
                context.Console.MarkupLine("It holds the accounts' password hashes, the sessions and the key ring that protects them: keep it as you keep secrets.");
            }
            return 0;
        });
        return command;
    }

    public static Command CreateRestore(CommandContext context)
    {
        var directory = new Argument<DirectoryInfo>("DIR") { Description = "A directory almanac backup (or a server's backup) wrote." };
        var replace = new Option<bool>("--replace")
        {
            Description = "Restore into a store that holds data (beyond init's reference data): without it such a restore stops, says what the store holds and writes nothing; with it, what the store holds is backed up first, beside DIR.",
        };
        var command = new Command("restore", "Restore a backup into the store (either engine, whichever took it), after checking its manifest and checksums; one transaction (PostgreSQL) or a new file renamed over the old (DuckDB).") { directory, replace };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var from = parse.GetValue(directory)!.FullName;
            RestoreResult result;
            try
            {
                result = await StoreBackups.RestoreAsync(parse.GetValue(context.Db)!, from, parse.GetValue(replace), new Change(Actor, context.Clock.GetUtcNow()), cancellationToken);
            }
            catch (StoreInUseException e)
            {
                throw new AlmanacException(e.Message + " Stop the server that holds it, then restore again.");
            }
            var backup = result.Backup;
            var migrated = result.SchemaVersion > backup.SchemaVersion ? $"; migrated from schema version {backup.SchemaVersion} to {result.SchemaVersion}" : "";
            context.Console.MarkupLineInterpolated(
                $"Restored {from} (the {backup.Engine} backup of {backup.CreatedAt:u}) into {result.Store}: {backup.Tables.Count} tables, {NumberFormat.Count(backup.Rows)} rows{migrated}.");
            if (result.Replaced is { } kept)
            {
                context.Console.MarkupLineInterpolated($"What the store held before is backed up in {kept}: to undo this restore, restore that with --replace.");
            }
            return 0;
        });
        return command;
    }
}
