using System.CommandLine;
using Almanac.Domain;
using Almanac.Domain.Projects;
using Almanac.Publish.Iati;
using Spectre.Console;

namespace Almanac.Cli.Commands;

/// <summary>almanac export: stored data in an exchange standard — DHIS2 data value sets and ADX (<see cref="Dhis2Commands"/>), and the current project portfolio's activities of a year as an IATI 2.03 activity file.</summary>
public static class ExportCommand
{
    public static Command Create(CommandContext context)
    {
        var year = new Option<int>("--year") { Description = "The year whose activities to export (projects whose dates or budgets touch it).", Required = true };
        var output = new Option<FileInfo>("--out") { Description = "The XML file to write.", Required = true };
        var iati = new Command("iati", "Write the current project portfolio's activities of a year as an IATI 2.03 activity file, and check it against IATI's rules beyond the schema.") { year, output };
        iati.SetAction(async (parse, cancellationToken) =>
        {
            var wanted = parse.GetValue(year);
            if (wanted is < 1945 or > 2100) throw new AlmanacException($"--year {wanted}: not a reporting year.");
            await using var store = await context.OpenStoreAsync(parse, cancellationToken);
            var current = await store.CurrentPortfolioAsync(cancellationToken)
                ?? throw new AlmanacException($"{store.Description} holds no project portfolio: run 'almanac import projects FILE' first.");
            var reference = await store.LoadReferenceDataAsync(cancellationToken);
            var frameworks = await store.FrameworksAsync(cancellationToken);
            var questionnaires = new List<Domain.Platform.Questionnaire>();
            foreach (var stored in await store.QuestionnaireYearsAsync(cancellationToken))
            {
                if (await store.QuestionnaireAsync(stored, cancellationToken) is { } questionnaire) questionnaires.Add(questionnaire);
            }
            var document = IatiActivityFile.Build(current.Portfolio, wanted, IatiOrganisation.Iom, reference, context.Clock.GetUtcNow(), frameworks,
                IatiResults.IndicatorsOf(frameworks, questionnaires));
            var activities = document.Root!.Elements("iati-activity").Count();
            if (activities == 0) throw new AlmanacException($"No project of the portfolio (source {current.SourceId}) runs in {wanted}: nothing to export.");
            var path = parse.GetValue(output)!.FullName;
            IatiActivityFile.Save(document, path);
            var findings = IatiRules.Check(document).Concat(PortfolioRules.Check(current.Portfolio)).ToList();
            context.Console.MarkupLineInterpolated($"wrote {path}: {activities} activities of {wanted} (IATI {IatiActivityFile.Version}, reporting organisation {IatiOrganisation.Iom.Ref}), from source {current.SourceId}.");
            if (frameworks.Count == 0)
            {
                // Tags and results come from the results framework the platform's administrators keep; say why none are there.
                context.Console.MarkupLine("no results framework is stored (an administrator imports one on the platform's Administration page): the activities carry no framework tags and no results.");
            }
            foreach (var finding in findings) context.Console.MarkupLineInterpolated($"[red]finding[/] [bold]{finding.Rule}[/]: {finding.Message}");
            context.Console.MarkupLineInterpolated($"IATI rules beyond the schema: {findings.Count} findings.");
            return 0;
        });
        return new Command("export", "Write stored data in an exchange standard: DHIS2 data value sets and ADX, IATI 2.03 activities.") { Dhis2Commands.CreateExport(context), iati };
    }
}
