using System.CommandLine;
using Almanac.Ingest.Reference;
using Spectre.Console;

namespace Almanac.Cli.Commands;

/// <summary>almanac init: creates or migrates the store and loads the project's reference data.</summary>
public static class InitCommand
{
    public static Command Create(CommandContext context)
    {
        var command = new Command("init", "Create or upgrade the store (schema migrations) and load the reference data (countries, membership).");
        command.SetAction(async (parse, cancellationToken) =>
        {
            await using var store = await context.OpenStoreAsync(parse, cancellationToken);
            var reference = ReferenceDataReader.ReadEmbedded();
            await store.ReplaceReferenceDataAsync(reference, cancellationToken);
            context.Console.MarkupLineInterpolated($"{store.Description}: schema version {await store.SchemaVersionAsync(cancellationToken)}, {reference.Countries.Count} countries, {reference.Membership.Count} membership periods.");
            return 0;
        });
        return command;
    }
}
