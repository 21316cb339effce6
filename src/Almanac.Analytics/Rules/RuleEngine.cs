using System.Globalization;
using Almanac.Analytics.Query;
using Almanac.Domain;
using Almanac.Domain.Analytics;
using Almanac.Domain.Publishing;
using Almanac.Store;
using Almanac.Store.Facts;

namespace Almanac.Analytics.Rules;

/// <summary>
/// Evaluates a <see cref="RuleSet"/> over the store's current facts: <c>new RuleEngine(store).EvaluateAsync(rules, years, ct)</c>
/// returns every finding (no cap). Rules over measures of one dimension layout become one batch, whatever they group by:
/// one statement (<see cref="IAlmanacStore.CheckFactsAsync"/>) that sums each distinct selection per group, adds the
/// terms up and compares in the engine, so that only broken groups come back. Each finding's numbers are computed here
/// from the terms' sums, as decimal arithmetic gives them (0.5 × 4.2 is 2.10).
/// </summary>
public sealed class RuleEngine(IAlmanacStore store)
{
    public async Task<IReadOnlyList<RuleFinding>> EvaluateAsync(RuleSet rules, IReadOnlyList<int> years, CancellationToken cancellationToken)
    {
        var catalog = await store.FactCatalogAsync(cancellationToken);
        var levels = await HierarchyLevels.LoadAsync(store, catalog, cancellationToken);
        var batches = new Dictionary<string, Batch>(StringComparer.Ordinal);
        foreach (var rule in rules.Rules)
        {
            var measures = rule.Measures.Select(name => catalog.Measure(name)
                ?? throw new AlmanacException($"Rule '{rule.Id}': no measure '{name}' in the store.")).ToList();
            var layout = measures[0];
            if (measures.Any(m => !m.Dimensions.SequenceEqual(layout.Dimensions)))
            {
                throw new AlmanacException($"Rule '{rule.Id}': its measures ({string.Join(", ", measures.Select(m => m.Name))}) are not broken down alike; a rule compares measures with the same dimensions.");
            }
            var by = rule.By.Select(d => d switch
            {
                QueryEngine.YearDimension => FactColumn.Year,
                QueryEngine.OfficeDimension => FactColumn.Office,
                _ => layout.SlotOf(d) is { } slot ? FactColumns.Slot(slot)
                    : throw new AlmanacException($"Rule '{rule.Id}': 'by' names '{d}', which measure '{layout.Name}' does not have (it has year, office, {string.Join(", ", layout.Dimensions)})."),
            }).ToList();
            var key = string.Join(',', layout.Dimensions);
            if (!batches.TryGetValue(key, out var batch)) batches[key] = batch = new Batch(layout);
            batch.Add(rule, by, measures, catalog, levels);
        }

        var findings = new List<RuleFinding>();
        foreach (var batch in batches.Values)
        {
            var checks = new FactRuleBatch(years, batch.Selections, batch.Checks);
            var decoders = new Dictionary<FactColumn, Func<int, string?>>();
            string? Decode(FactColumn column, int code)
            {
                if (!decoders.TryGetValue(column, out var decoder)) decoders[column] = decoder = Decoder(catalog, batch.Layout, column);
                return decoder(code);
            }
            foreach (var broken in await store.CheckFactsAsync(checks, cancellationToken))
            {
                var check = batch.Checks[broken.Check];
                var left = check.Side(check.Left, broken.Left);
                var right = check.Side(check.Right, broken.Right);
                if (!check.Broken(left, right)) continue;
                var rule = batch.Rules[broken.Check];
                var at = rule.By.Select((d, k) => (d, Decode(check.GroupBy[k], broken.Keys[k]))).ToList();
                findings.Add(new RuleFinding(rule.Id, rule.Severity, at, left, right, Message(rule, at, left, right)));
            }
        }
        var order = rules.Rules.Select((r, i) => (r.Id, i)).GroupBy(r => r.Id, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.First().i, StringComparer.Ordinal);
        return [.. findings.OrderBy(f => order[f.RuleId]).ThenBy(f => string.Join('\u001f', f.At.Select(a => a.Member ?? "\uffff")), StringComparer.Ordinal)];
    }

    private static Func<int, string?> Decoder(FactCatalog catalog, MeasureInfo layout, FactColumn column)
    {
        if (column == FactColumn.Year) return code => code.ToString(CultureInfo.InvariantCulture);
        var dimension = column == FactColumn.Office ? QueryEngine.OfficeDimension : layout.Dimensions[column - FactColumn.D1];
        var names = catalog.MembersOf(dimension).ToDictionary(m => m.Code, m => m.Name);
        return code => code == 0 ? null : names.GetValueOrDefault(code);
    }

    private static string Message(Rule rule, List<(string Dimension, string? Member)> at, decimal? left, decimal? right)
    {
        var where = string.Join(", ", at.Select(a => $"{a.Dimension} {a.Member ?? "total"}"));
        static string Show(decimal? v) => v is { } x ? NumberFormat.Count(x, "en") : "missing";
        return $"{rule.Text}{(where.Length == 0 ? "" : $" at {where}")}: {Show(left)} against {Show(right)}";
    }

    /// <summary>Rules over measures of one dimension layout, compiled for one statement: distinct selections, a check per rule.</summary>
    private sealed class Batch(MeasureInfo layout)
    {
        private readonly Dictionary<string, int> _selectionIndex = new(StringComparer.Ordinal);

        public MeasureInfo Layout { get; } = layout;
        public List<FactSelection> Selections { get; } = [];
        public List<FactRuleCheck> Checks { get; } = [];
        public List<Rule> Rules { get; } = [];

        public void Add(Rule rule, List<FactColumn> by, List<MeasureInfo> measures, FactCatalog catalog, HierarchyLevels levels)
        {
            List<FactTerm> Terms(RuleExpression expression) => [.. expression.Terms.Select(t =>
            {
                var measure = measures.First(m => m.Name == t.Measure);
                var conditions = Selection(rule, t, measure, catalog, levels);
                var key = $"{measure.Id}|" + string.Join(";", conditions.Select(c => $"{c.Column}:{(c.Codes is null ? (c.Total ? "=0" : "<>0") : string.Join(',', c.Codes))}"));
                if (!_selectionIndex.TryGetValue(key, out var index))
                {
                    _selectionIndex[key] = index = Selections.Count;
                    Selections.Add(new FactSelection(measure.Id, conditions));
                }
                return new FactTerm(t.Coefficient, index);
            })];
            Checks.Add(new FactRuleCheck(by, Terms(rule.Left), rule.Operator, Terms(rule.Right), rule.Tolerance, rule.Missing));
            Rules.Add(rule);
        }

        /// <summary>
        /// The rows a term adds up: its filters, where a hierarchy level (<c>category=PH</c>, <c>nationality.region=Africa</c>,
        /// <c>office.region=Dakar</c>) selects the children of its members; the grain's dimensions as grouped; every other
        /// used dimension over its parts.
        /// </summary>
        private static List<FactCondition> Selection(Rule rule, RuleTerm term, MeasureInfo measure, FactCatalog catalog, HierarchyLevels levels)
        {
            var conditions = new List<FactCondition>();
            var handled = new HashSet<string>(rule.By, StringComparer.Ordinal);
            foreach (var (dimension, members) in term.Where)
            {
                string target;
                FactColumn column;
                Func<IReadOnlyList<int>> chosen;
                if (dimension == QueryEngine.OfficeDimension || measure.SlotOf(dimension) is not null)
                {
                    target = dimension;
                    column = dimension == QueryEngine.OfficeDimension ? FactColumn.Office : FactColumns.Slot(measure.SlotOf(dimension)!.Value);
                    chosen = () => [.. catalog.MembersOf(dimension).Where(m => members.Contains(m.Name)).Select(m => m.Code)];
                }
                else
                {
                    var level = Level(rule, measure, dimension, levels);
                    (target, column) = (level.Child, level.Column);
                    chosen = () => level.ChildrenOf(members);
                }
                if (!handled.Add(target)) throw new AlmanacException($"Rule '{rule.Id}': '{dimension}' is both grouped by and selected, or selected twice.");
                conditions.Add(members switch
                {
                    [RuleTerm.Total] => FactCondition.IsTotal(column),
                    [RuleTerm.AnyMember] => FactCondition.NotTotal(column),
                    _ => FactCondition.In(column, chosen()),
                });
            }
            if (measure.UsesOffice && !handled.Contains(QueryEngine.OfficeDimension)) conditions.Add(FactCondition.NotTotal(FactColumn.Office));
            foreach (var used in measure.Used.Where(u => !handled.Contains(u)))
            {
                conditions.Add(FactCondition.NotTotal(FactColumns.Slot(measure.SlotOf(used)!.Value)));
            }
            return conditions;
        }

        /// <summary>The hierarchy level a term's filter names, refused where a rule cannot use it.</summary>
        private static HierarchyLevel Level(Rule rule, MeasureInfo measure, string dimension, HierarchyLevels levels)
        {
            HierarchyLevel? level;
            try
            {
                level = levels.Find(measure, dimension);
            }
            catch (AlmanacException e)
            {
                throw new AlmanacException($"Rule '{rule.Id}': {e.Message}");
            }
            if (level is null)
            {
                throw new AlmanacException($"Rule '{rule.Id}': measure '{measure.Name}' has no dimension or level '{dimension}' (it has office, {string.Join(", ", measure.Dimensions)} and the levels {string.Join(", ", HierarchyLevels.NamesFor(measure))}).");
            }
            // A statement selects one set of codes for every year; a level whose members change with the year (a
            // country's membership) would need a set per year.
            if (level.DependsOnYear)
            {
                throw new AlmanacException($"Rule '{rule.Id}': '{dimension}' depends on the year, which a rule's selection cannot follow yet; select the {level.Child} members themselves.");
            }
            return level;
        }
    }
}

/// <summary>
/// Rules that follow from the data's shape: for each measure and each dimension it is broken down by and declares totals
/// for, the parts add up to the declared total. (Where no total is declared, such a rule could find nothing.)
/// </summary>
public static class RuleGenerator
{
    public static RuleSet PartsSumToTotals(FactCatalog catalog, IEnumerable<string>? measures = null)
    {
        var wanted = measures?.ToHashSet(StringComparer.Ordinal);
        var rules = new List<Rule>();
        foreach (var measure in catalog.Measures.Where(m => wanted is null || wanted.Contains(m.Name)))
        {
            var dimensions = (measure.UsesOffice ? [QueryEngine.OfficeDimension] : Array.Empty<string>()).Concat(measure.Used).ToList();
            foreach (var dimension in dimensions.Where(measure.Totals.Contains))
            {
                IReadOnlyList<string> by = [QueryEngine.YearDimension, .. dimensions.Where(d => d != dimension)];
                rules.Add(new Rule($"{measure.Name}:{dimension}-parts-sum-to-total",
                    RuleExpression.Of(RuleTerm.Of(measure.Name, (dimension, RuleTerm.Total))),
                    RuleOperator.Equal,
                    RuleExpression.Of(RuleTerm.Of(measure.Name, (dimension, RuleTerm.AnyMember))),
                    by,
                    Description: $"The {dimension} parts of {measure.Name} add up to the total printed or declared for them."));
            }
        }
        return new RuleSet(rules);
    }
}
