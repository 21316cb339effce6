using System.CommandLine;
using Almanac.Analytics.Definitions;
using Almanac.Analytics.Publishing;
using Almanac.Domain;
using Almanac.Domain.Publishing;
using Almanac.Ingest;
using Almanac.Publish.Publications;
using Almanac.Publish.Publications.Pdf;
using Spectre.Console;

namespace Almanac.Cli.Commands;

/// <summary>almanac publish: renders a report definition for a year from the store, in every format asked for.</summary>
public static class PublishCommand
{
    public static Command Create(CommandContext context)
    {
        var year = new Option<int>("--year") { Description = "Report year.", Required = true };
        var output = new Option<DirectoryInfo>("--out") { Description = "Directory to write the files into.", Required = true };
        var formats = new Option<string>("--format")
        {
            Description = $"Comma-separated formats: {string.Join(",", PublicationWriters.AllFormats)} (all but pdf by default).",
            DefaultValueFactory = _ => string.Join(",", PublicationWriters.Formats),
        };
        var language = LanguageOption.Create("the report");
        var definition = new Option<FileInfo?>("--definition") { Description = "A report definition (YAML); default: the project's data/reports/annual-report.yaml." };
        var chromium = new Option<string?>("--chromium")
        {
            Description = $"The Chromium that prints --format pdf (default: ${HeadlessChromium.Variable}, else chromium or chromium-browser on PATH, "
                + $"{HeadlessChromium.DefaultPath}, Playwright's Chromium).",
        };
        var allowEmpty = new Option<bool>("--allow-empty") { Description = "Publish even when the store holds no figure for the year (the report's frame, every table empty)." };
        var command = new Command("publish", "Publish the annual report for a year from the store: HTML with charts, Word, Excel, CSV with HXL tags and SDMX-CSV; PDF when asked for.")
        {
            year, output, formats, language, definition, allowEmpty, chromium,
        };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var writers = PublicationWriters.Parse(parse.GetValue(formats)!, parse.GetValue(chromium));
            var lang = LanguageOption.Read(parse, language);
            var report = parse.GetValue(definition) is { } file
                ? ReportDefinitionReader.Read(await ReadAsync(file, cancellationToken), file.Name)
                : DefaultDefinitions.Load();
            await using var store = await context.OpenStoreAsync(parse, cancellationToken);
            var inputs = await PublicationInputsLoader.LoadAsync(store, report, cancellationToken);
            var reportYear = parse.GetValue(year);
            if (!parse.GetValue(allowEmpty) && !inputs.Observations.Any(o => o.Year == reportYear))
            {
                // A report of a year without figures is almost always a mistyped year: every table would be empty.
                var years = inputs.Observations.Select(o => o.Year).Distinct().Order().ToList();
                throw new AlmanacException($"the store holds no figure of {report.Id} for {reportYear} "
                    + (years.Count == 0 ? "(it holds none for any year)" : $"(it holds figures for {string.Join(", ", years)})")
                    + "; nothing was written. Give --allow-empty to publish the report's frame with empty tables.");
            }
            var directory = parse.GetValue(output)!.FullName;
            var written = await PublishAsync(context.Console, report, inputs, reportYear, lang, writers, directory, cancellationToken);
            foreach (var path in written) context.Console.MarkupLineInterpolated($"wrote {path}");
            return 0;
        });
        return command;
    }

    /// <summary>Builds the publication and writes it, showing progress per block and per format on an interactive terminal.</summary>
    public static async Task<IReadOnlyList<string>> PublishAsync(
        IAnsiConsole console, ReportDefinition definition, PublicationInputs inputs, int year, string language,
        IReadOnlyList<IPublicationWriter> writers, string directory, CancellationToken cancellationToken)
    {
        var written = new List<string>();
        async Task RunAsync(Action? blockDone, Action<string>? writing, Action? wrote)
        {
            var publication = PublicationBuilder.Build(definition, inputs, year, language, _ => blockDone?.Invoke());
            if (blockDone is null)
            {
                console.MarkupLineInterpolated($"[grey]{publication.Title}: {publication.Tables.Count()} tables, {publication.Charts.Count()} charts, {publication.Findings.Count} findings[/]");
            }
            foreach (var writer in writers)
            {
                writing?.Invoke(writer.Format);
                written.AddRange(await writer.WriteAsync(publication, directory, cancellationToken));
                wrote?.Invoke();
            }
        }

        if (!console.Profile.Capabilities.Interactive)
        {
            await RunAsync(null, null, null);
            return written;
        }
        await console.Progress().Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn()).StartAsync(async progress =>
        {
            var build = progress.AddTask($"{definition.Id} {year} ({language})", maxValue: definition.Sections.Sum(s => s.Blocks.Count));
            ProgressTask? current = null;
            await RunAsync(() => build.Increment(1), format => current = progress.AddTask(format, maxValue: 1), () => current?.Increment(1));
        });
        return written;
    }

    private static Task<string> ReadAsync(FileInfo file, CancellationToken cancellationToken) =>
        BoundedYaml.ReadFileAsync(file.FullName, file.Name, cancellationToken);
}
