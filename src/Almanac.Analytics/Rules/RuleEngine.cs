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
/// returns every finding (no cap). Rules are compiled in batches, one scan per batch: rules over one measure each that
/// share a slot layout and a grain become one aggregation grouped by measure with a FILTER sum per distinct selection;
/// cross-measure identities of a layout and grain become another, with a FILTER sum per (measure, selection). The
/// comparison runs in the engine (HAVING), so only broken groups come back.
/// </summary>
public sealed class RuleEngine(IAlmanacStore store)
{
    public async Task<IReadOnlyList<RuleFinding>> EvaluateAsync(RuleSet rules, IReadOnlyList<int> years, CancellationToken cancellationToken)
    {
        var catalog = await store.FactCatalogAsync(cancellationToken);
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
            var perMeasure = measures.Count == 1;
            var key = $"{string.Join(',', layout.Dimensions)}|{string.Join(',', by)}|{perMeasure}";
            if (!batches.TryGetValue(key, out var batch)) batches[key] = batch = new Batch(perMeasure, by);
            batch.Add(rule, measures, catalog, layout);
        }

        var findings = new List<RuleFinding>();
        foreach (var batch in batches.Values)
        {
            var groupBy = batch.PerMeasure ? [FactColumn.Measure, .. batch.By] : batch.By;
            var aggregation = new FactAggregation([.. batch.MeasureIds], years, groupBy, [], [.. batch.Sums.Select(s => new FactSum(s))], batch.Checks);
            var decoders = batch.By.Select(c => Decoder(catalog, batch.Layout, c)).ToList();
            foreach (var row in await store.AggregateFactsAsync(aggregation, cancellationToken))
            {
                var offset = batch.PerMeasure ? 1 : 0;
                for (var i = 0; i < batch.Checks.Count; i++)
                {
                    var check = batch.Checks[i];
                    if (check.MeasureId is { } id && row.Keys[0] != id) continue;
                    var left = Side(check.Left, row.Sums, check.Missing);
                    var right = Side(check.Right, row.Sums, check.Missing);
                    if (!Broken(check, left, right)) continue;
                    var rule = batch.Rules[i];
                    var at = rule.By.Select((d, k) => (d, decoders[k](row.Keys[k + offset]))).ToList();
                    findings.Add(new RuleFinding(rule.Id, rule.Severity, at, left, right, Message(rule, at, left, right)));
                }
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

    private static decimal? Side(IReadOnlyList<FactTerm> terms, decimal?[] sums, MissingValues missing)
    {
        decimal total = 0;
        foreach (var term in terms)
        {
            var value = sums[term.Sum] ?? (missing == MissingValues.Zero ? 0 : null);
            if (value is null) return null;
            total += term.Coefficient * value.Value;
        }
        return total;
    }

    private static bool Broken(FactCheck check, decimal? left, decimal? right) => (left, right) switch
    {
        ({ } l, { } r) => !check.Operator.Holds(l, r, check.Tolerance),
        (null, null) => false,
        _ => check.Missing == MissingValues.Finding,
    };

    private static string Message(Rule rule, List<(string Dimension, string? Member)> at, decimal? left, decimal? right)
    {
        var where = string.Join(", ", at.Select(a => $"{a.Dimension} {a.Member ?? "total"}"));
        static string Show(decimal? v) => v is { } x ? NumberFormat.Count(x, "en") : "missing";
        return $"{rule.Text}{(where.Length == 0 ? "" : $" at {where}")}: {Show(left)} against {Show(right)}";
    }

    /// <summary>Rules compiled into one aggregation: distinct selections become FILTER sums, each rule a check on them.</summary>
    private sealed class Batch(bool perMeasure, List<FactColumn> by)
    {
        private readonly Dictionary<string, int> _sumIndex = new(StringComparer.Ordinal);

        public bool PerMeasure { get; } = perMeasure;
        public List<FactColumn> By { get; } = by;
        public MeasureInfo Layout { get; private set; } = null!;
        public HashSet<int> MeasureIds { get; } = [];
        public List<List<FactCondition>> Sums { get; } = [];
        public List<FactCheck> Checks { get; } = [];
        public List<Rule> Rules { get; } = [];

        public void Add(Rule rule, List<MeasureInfo> measures, FactCatalog catalog, MeasureInfo layout)
        {
            Layout = layout;
            foreach (var m in measures) MeasureIds.Add(m.Id);
            List<FactTerm> Terms(RuleExpression expression) => [.. expression.Terms.Select(t =>
            {
                var measure = measures.First(m => m.Name == t.Measure);
                var conditions = Selection(rule, t, measure, catalog);
                if (!PerMeasure) conditions.Insert(0, FactCondition.In(FactColumn.Measure, [measure.Id]));
                var key = string.Join(";", conditions.Select(c => $"{c.Column}:{(c.Codes is null ? (c.Total ? "=0" : "<>0") : string.Join(',', c.Codes))}"));
                if (!_sumIndex.TryGetValue(key, out var index))
                {
                    _sumIndex[key] = index = Sums.Count;
                    Sums.Add(conditions);
                }
                return new FactTerm(t.Coefficient, index);
            })];
            Checks.Add(new FactCheck(PerMeasure ? measures[0].Id : null, Terms(rule.Left), rule.Operator, Terms(rule.Right), rule.Tolerance, rule.Missing));
            Rules.Add(rule);
        }

        /// <summary>The rows a term adds up: its filters; the grain's dimensions as grouped; every other used dimension over its parts.</summary>
        private static List<FactCondition> Selection(Rule rule, RuleTerm term, MeasureInfo measure, FactCatalog catalog)
        {
            var conditions = new List<FactCondition>();
            var handled = new HashSet<string>(rule.By, StringComparer.Ordinal);
            foreach (var (dimension, members) in term.Where)
            {
                var target = dimension;
                Func<MemberInfo, bool> chosen = m => members.Contains(m.Name);
                if (dimension != QueryEngine.OfficeDimension && measure.SlotOf(dimension) is null)
                {
                    target = Hierarchies.Parents.FirstOrDefault(p => p.Value == dimension && measure.SlotOf(p.Key) is not null).Key
                        ?? throw new AlmanacException($"Rule '{rule.Id}': measure '{measure.Name}' has no dimension '{dimension}'.");
                    chosen = m => m.Parent is not null && members.Contains(m.Parent);
                }
                if (!handled.Add(target)) throw new AlmanacException($"Rule '{rule.Id}': '{dimension}' is both grouped by and selected, or selected twice.");
                var column = target == QueryEngine.OfficeDimension ? FactColumn.Office : FactColumns.Slot(measure.SlotOf(target)!.Value);
                conditions.Add(members switch
                {
                    [RuleTerm.Total] => FactCondition.IsTotal(column),
                    [RuleTerm.AnyMember] => FactCondition.NotTotal(column),
                    _ => FactCondition.In(column, [.. catalog.MembersOf(target).Where(chosen).Select(m => m.Code)]),
                });
            }
            if (measure.UsesOffice && !handled.Contains(QueryEngine.OfficeDimension)) conditions.Add(FactCondition.NotTotal(FactColumn.Office));
            foreach (var used in measure.Used.Where(u => !handled.Contains(u)))
            {
                conditions.Add(FactCondition.NotTotal(FactColumns.Slot(measure.SlotOf(used)!.Value)));
            }
            return conditions;
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
