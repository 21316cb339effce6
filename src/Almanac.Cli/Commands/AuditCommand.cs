using Almanac.Analytics.Rules;
using Almanac.Domain.Analytics;
using Almanac.Publish;
using Almanac.Store;
using Spectre.Console;

namespace Almanac.Cli.Commands;

/// <summary>The rules side of the audit: rules generated from the fact table's hierarchies, over stored observations.</summary>
public static class AuditCommand
{
    /// <summary>The rules that apply to the store: parts sum to their declared totals, for every measure of the fact table.</summary>
    public static async Task<RuleSet> RulesAsync(IAlmanacStore store, CancellationToken cancellationToken) =>
        RuleGenerator.PartsSumToTotals(await store.FactCatalogAsync(cancellationToken));

    /// <summary>Runs the rules over the years an import covered and says what they found.</summary>
    public static async Task ReportImportAsync(CommandContext context, IAlmanacStore store, long sourceId, CancellationToken cancellationToken)
    {
        var source = (await store.SourcesAsync(cancellationToken)).First(s => s.Id == sourceId);
        var years = source.Years.Select(y => y.Year).Distinct().Order().ToList();
        var findings = await new RuleEngine(store).EvaluateAsync(await RulesAsync(store, cancellationToken), years, cancellationToken);
        foreach (var finding in findings.Take(20))
        {
            context.Console.MarkupLineInterpolated($"[red]{finding.Severity.ToString().ToLowerInvariant()}[/] [bold]{finding.RuleId}[/]: {finding.Message}");
        }
        if (findings.Count > 20) context.Console.MarkupLineInterpolated($"… and {findings.Count - 20} more: 'almanac audit' lists them all.");
        context.Console.MarkupLineInterpolated($"Rules: {findings.Count} findings in the years imported.");
    }

    /// <summary>Every finding of the rules over every year.</summary>
    public static async Task<IReadOnlyList<RuleFinding>> FindingsAsync(IAlmanacStore store, CancellationToken cancellationToken) =>
        await new RuleEngine(store).EvaluateAsync(await RulesAsync(store, cancellationToken), [], cancellationToken);

    public static void Write(IAnsiConsole console, IReadOnlyCollection<RuleFinding> findings) => QueryRenderers.WriteFindings(console, findings);
}
