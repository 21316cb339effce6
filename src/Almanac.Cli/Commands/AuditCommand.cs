using Almanac.Analytics.Rules;
using Almanac.Domain;
using Almanac.Domain.Analytics;
using Almanac.Domain.Observations;
using Almanac.Domain.Projects;
using Almanac.Domain.Tables;
using Almanac.Ingest;
using Almanac.Store;
using Almanac.Store.Facts;
using Spectre.Console;

namespace Almanac.Cli.Commands;

/// <summary>
/// The rules side of the audit: the rules compiled into Almanac (data/rules), an editor's rule file, and the rules
/// generated from the fact table (parts add up to their declared totals), over the stored observations.
/// </summary>
public static class AuditCommand
{
    /// <summary>The rules that apply to the store: generated ones for every measure, and those of the rule files whose measures it holds.</summary>
    public static async Task<RuleSet> RulesAsync(IAlmanacStore store, string? rulesFile, CancellationToken cancellationToken)
    {
        var catalog = await store.FactCatalogAsync(cancellationToken);
        var files = RuleSetReader.ReadEmbedded();
        if (rulesFile is not null)
        {
            if (!File.Exists(rulesFile)) throw new InputException(rulesFile, null, null, null, "no such file");
            // An editor's own rules must all apply: a measure the store lacks is a mistake to report, not to skip.
            var own = RuleSetReader.Read(await BoundedYaml.ReadFileAsync(rulesFile, Path.GetFileName(rulesFile), cancellationToken), Path.GetFileName(rulesFile));
            foreach (var rule in own.Rules)
            {
                if (rule.Measures.FirstOrDefault(m => catalog.Measure(m) is null) is { } missing)
                {
                    throw new AlmanacException($"{Path.GetFileName(rulesFile)}, rule '{rule.Id}': no measure '{missing}' in the store.");
                }
            }
            files = files.With(own);
        }
        return RuleGenerator.PartsSumToTotals(catalog).With(new RuleSet([.. files.Rules.Where(r => Applies(r, catalog))]));
    }

    private static bool Applies(Domain.Analytics.Rule rule, FactCatalog catalog) => rule.Measures.All(m => catalog.Measure(m) is not null);

    /// <summary>Every finding of the rules, as audit findings (rule id, left side as printed, right side as computed, where in the message).</summary>
    public static async Task<IReadOnlyList<Finding>> FindingsAsync(IAlmanacStore store, string? rulesFile, IReadOnlyList<int> years, CancellationToken cancellationToken)
    {
        var rules = await RulesAsync(store, rulesFile, cancellationToken);
        var byId = rules.Rules.ToDictionary(r => r.Id, StringComparer.Ordinal);
        var findings = await new RuleEngine(store).EvaluateAsync(rules, years, cancellationToken);
        return [.. findings.Select(f => new Finding(
            string.Join("+", byId[f.RuleId].Measures), f.RuleId, f.Message, f.Left, f.Right, null, null,
            f.Severity switch { RuleSeverity.Error => FindingSeverity.Error, RuleSeverity.Warning => FindingSeverity.Warning, _ => FindingSeverity.Info }))];
    }

    /// <summary>
    /// The rules the current project portfolio breaks (<see cref="PortfolioRules"/>): country shares, dates, funding within
    /// budget, and, for each appeal the store holds printed requirements of, every appeal line whose projects do not add
    /// up to its requirement, with the gap. None when no portfolio was imported.
    /// </summary>
    public static async Task<IReadOnlyList<Finding>> PortfolioFindingsAsync(IAlmanacStore store, CancellationToken cancellationToken)
    {
        if (await store.CurrentPortfolioAsync(cancellationToken) is not { } current) return [];
        var source = (await store.SourcesAsync(cancellationToken)).First(s => s.Id == current.SourceId).Name;
        var findings = PortfolioRules.Check(current.Portfolio).Select(f => new Finding("projects", f.Rule, f.Message, null, null, source, null, FindingSeverity.Warning, current.SourceId)).ToList();
        var printed = await store.CurrentPrintedObservationsAsync([FundingMeasures.Requirement], cancellationToken);
        foreach (var year in current.Portfolio.Projects.Select(p => p.AppealLine is null ? (int?)null : ProjectCodes.ParseAppealLine(p.AppealLine)?.Year).OfType<int>().Distinct().Order())
        {
            // The appeal's cells of a region (or the global initiatives) and a MiGOF category: the lines projects answer.
            var lines = new Dictionary<string, decimal>(StringComparer.Ordinal);
            foreach (var o in printed.Where(o => o.Year == year))
            {
                var members = o.Key.Members;
                if (!members.TryGetValue(FundingDimensions.Migof, out var migof) || members.Count != 2) continue;
                var region = members.TryGetValue(FundingDimensions.Region, out var r) ? r
                    : members.GetValueOrDefault(FundingDimensions.Scope) == FundingDimensions.ScopeGlobal ? "global" : null;
                if (region is not null) lines.TryAdd(ProjectCodes.AppealLine(year, region, migof), o.Value);
            }
            if (lines.Count == 0) continue;
            findings.AddRange(PortfolioRules.CheckAppeal(current.Portfolio, year, lines)
                .Select(f => new Finding("projects", f.Rule, f.Message, null, null, source, null, FindingSeverity.Info, current.SourceId)));
        }
        return findings;
    }

    /// <summary>Runs the rules over the years an import covered and says what they found (the first 20; 'audit' lists all).</summary>
    public static async Task ReportImportAsync(CommandContext context, IAlmanacStore store, long sourceId, CancellationToken cancellationToken)
    {
        var source = (await store.SourcesAsync(cancellationToken)).First(s => s.Id == sourceId);
        var years = source.Years.Select(y => y.Year).Distinct().Order().ToList();
        var findings = await FindingsAsync(store, null, years, cancellationToken);
        foreach (var f in findings.Take(20))
        {
            context.Console.MarkupLineInterpolated($"[red]{f.Severity.ToString().ToLowerInvariant()}[/] [bold]{f.Rule}[/]: {f.Message}");
        }
        if (findings.Count > 20) context.Console.MarkupLineInterpolated($"… and {findings.Count - 20} more: 'almanac audit' lists them all.");
        context.Console.MarkupLineInterpolated($"Rules: {findings.Count} findings in the years imported.");
    }
}
