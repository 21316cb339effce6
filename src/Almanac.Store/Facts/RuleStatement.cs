using System.Globalization;
using System.Text;
using Almanac.Domain.Analytics;

namespace Almanac.Store.Facts;

/// <summary>The SQL of one rule batch — its finest grain, groupings, selections and checks — for <see cref="SqlStore.CheckFactsAsync"/>.</summary>
/// <remarks>
/// One statement per batch. Testing every fact row against one FILTER per selection cost rows × selections; instead:
/// <list type="number">
/// <item><c>base</c>: one plain GROUP BY of the current facts to the finest grain the batch needs — measure, the
/// columns some check groups by or some selection names members of, and for a column a selection only asks "total or
/// not" of, just that (<c>LEAST(code, 1)</c>: 0 for a declared total, 1 for a member). Only where that grain has at
/// most half as many possible combinations as there are facts (<see cref="Combinations"/>, against the
/// sources' row counts): at 10 million benchmark facts it would shrink them by under a tenth and cost a whole extra
/// aggregation, at 100 million by ten times. Otherwise <c>base</c> is the facts themselves, with those columns.</item>
/// <item><c>grouped</c>: per grouping of the checks, the sums over <c>base</c> per shape of selection (the columns it
/// conditions), as GROUPING SETS would give them; a column outside a shape reads -1.</item>
/// <item><c>sel</c>, a small VALUES relation, holds each selection as rows of required values (a list of members is
/// one row per member), so a selection's sum is an equi-join, not a filter over every row.</item>
/// <item>Terms are summed with their coefficients per check and group, compared by operator, tolerance and
/// missing-value strategy (<see cref="Violated"/>), and each broken group comes back with its terms' sums (a column
/// per term, so that nothing is joined back).</item>
/// </list>
/// An engine that does everything after <c>base</c> in .NET (<see cref="SqlStore.ComparesRulesInDotNet"/>) runs only
/// <c>base</c> (<see cref="BaseSql"/>) and hands its rows to <see cref="Sums"/>, which adds each to its branches' groups.
/// </remarks>
internal sealed partial class RuleStatement
{
    private readonly FactRuleBatch _batch;
    private readonly List<IReadOnlyList<FactColumn>> _groupings = [];
    private readonly int[] _groupingOfCheck;
    private readonly SortedSet<FactColumn> _codeColumns = [];
    private readonly SortedSet<FactColumn> _flagColumns = [];
    private readonly List<string> _selectionColumns = [];

    /// <summary>Each (selection, grouping) pair used, numbered; selection -1 is a measure's presence (no condition).</summary>
    private readonly Dictionary<(int Selection, int Measure, int Grouping), int> _selections = [];

    public RuleStatement(FactRuleBatch batch)
    {
        _batch = batch;
        _groupingOfCheck = new int[batch.Checks.Count];
        for (var c = 0; c < batch.Checks.Count; c++)
        {
            var check = batch.Checks[c];
            if (check.GroupBy.Contains(FactColumn.Measure) || check.GroupBy.Distinct().Count() != check.GroupBy.Count)
            {
                throw new ArgumentException($"check {c} groups by the measure or by a column twice", nameof(batch));
            }
            var grouping = _groupings.FindIndex(g => g.SequenceEqual(check.GroupBy));
            if (grouping < 0) { grouping = _groupings.Count; _groupings.Add(check.GroupBy); }
            _groupingOfCheck[c] = grouping;
            foreach (var column in check.GroupBy) _codeColumns.Add(column);
            foreach (var term in check.Left.Concat(check.Right))
            {
                var selection = term.Selection >= 0 && term.Selection < batch.Selections.Count ? batch.Selections[term.Selection]
                    : throw new ArgumentException($"check {c} names selection {term.Selection}, which the batch does not have", nameof(batch));
                if (selection.Conditions.Any(k => k.Column == FactColumn.Measure || check.GroupBy.Contains(k.Column))
                    || selection.Conditions.Select(k => k.Column).Distinct().Count() != selection.Conditions.Count)
                {
                    throw new ArgumentException($"selection {term.Selection} conditions the measure, a column check {c} groups by, or a column twice", nameof(batch));
                }
                Number(term.Selection, selection.MeasureId, grouping);
            }
            // Missing as zero: the groups are where the check's measures have facts, though no term has any there.
            if (check.Missing == MissingValues.Zero)
            {
                foreach (var measure in Measures(check)) Number(-1, measure, grouping);
            }
        }
        foreach (var condition in batch.Selections.SelectMany(s => s.Conditions))
        {
            (condition.Codes is null ? _flagColumns : _codeColumns).Add(condition.Column);
        }
        foreach (var condition in batch.Selections.SelectMany(s => s.Conditions))
        {
            var name = Expression(condition);
            if (!_selectionColumns.Contains(name)) _selectionColumns.Add(name);
        }
        _selectionColumns.Sort(StringComparer.Ordinal);
        MeasureIds = [.. _selections.Keys.Select(k => k.Measure).Distinct().Order()];
        BaseColumns = Base().Names;
        var codeAt = BaseColumns.Select((name, at) => (name, at)).ToDictionary(c => c.name, c => c.at, StringComparer.Ordinal);
        DerivedFlags = [.. _flagColumns.Where(_codeColumns.Contains).Select(c => (codeAt[Flag(c)], codeAt[Code(c)]))];
        ReadPositions = [.. Enumerable.Range(0, BaseColumns.Count).Where(at => !DerivedFlags.Any(f => f.Flag == at))];
    }

    public IReadOnlyList<int> MeasureIds { get; }

    /// <summary>How many key columns (k0, k1, …) the result has: the widest grouping's (at least one); narrower ones are padded with 0.</summary>
    public int KeyWidth => Math.Max(1, _groupings.Max(g => g.Count));

    private IEnumerable<int> Measures(FactRuleCheck check) => check.Left.Concat(check.Right).Select(t => _batch.Selections[t.Selection].MeasureId).Distinct();

    private void Number(int selection, int measure, int grouping) => _selections.TryAdd((selection, measure, grouping), _selections.Count);

    private static string Code(FactColumn column) => "c_" + FactColumns.Sql(column);

    private static string Flag(FactColumn column) => "f_" + FactColumns.Sql(column);

    /// <summary>The column of <c>base</c> a condition is decided on: the member code, or the total-or-member flag.</summary>
    private static string Expression(FactCondition condition) => condition.Codes is null ? Flag(condition.Column) : Code(condition.Column);

    /// <summary>The required value of each selection column, one row per combination of listed members (none when a list is empty).</summary>
    private IEnumerable<int[]> Rows(FactSelection? selection)
    {
        IEnumerable<int[]> rows = [[.. _selectionColumns.Select(_ => -1)]];
        foreach (var condition in selection?.Conditions ?? [])
        {
            var at = _selectionColumns.IndexOf(Expression(condition));
            IReadOnlyList<int> values = condition.Codes is { } codes ? [.. codes.Distinct().Order()] : [condition.Total ? 0 : 1];
            rows = [.. rows.SelectMany(r => values.Select(v =>
            {
                var row = (int[])r.Clone();
                row[at] = v;
                return row;
            }))];
        }
        return rows;
    }

    /// <summary>
    /// How many rows the finest grain can have at most: the product of the possible values of its columns (a
    /// dimension's members and its total, the offices and their total, the years, total or not for a flag).
    /// </summary>
    public long Combinations(FactCatalog catalog, int years)
    {
        var measures = catalog.Measures.Where(m => MeasureIds.Contains(m.Id)).ToList();
        long Values(FactColumn column) => column switch
        {
            FactColumn.Year => years,
            FactColumn.Office => catalog.MembersOf("office").Count + 1,
            FactColumn.Source => long.MaxValue / 4,
            _ => 1 + measures.Select(m => m.Dimensions.Count > column - FactColumn.D1 ? catalog.MembersOf(m.Dimensions[column - FactColumn.D1]).Count : 0).DefaultIfEmpty(0).Max(),
        };
        var product = (double)MeasureIds.Count;
        foreach (var column in _codeColumns) product *= Values(column);
        foreach (var column in _flagColumns.Where(c => !_codeColumns.Contains(c))) product *= 2;
        return product >= long.MaxValue / 4 ? long.MaxValue / 4 : (long)product;
    }

    /// <param name="current">The condition that keeps the current facts of the batch's measures.</param>
    /// <param name="aggregate">Whether <c>base</c> aggregates the facts to the finest grain first, or reads them as they are.</param>
    public string Sql(string current, bool aggregate)
    {
        var keys = KeyNames();
        var sql = Grouped(current, aggregate);

        // Selections as rows of required values; terms; checks.
        var selRows = _selections.SelectMany(s => Rows(s.Key.Selection < 0 ? null : _batch.Selections[s.Key.Selection])
            .Select(values => string.Join(", ", new[] { s.Value, s.Key.Grouping, s.Key.Measure }.Concat(values).Select(Int)))).ToList();
        // An empty list of members selects nothing; a row no fact matches keeps the relation well-formed.
        if (selRows.Count == 0) selRows.Add(string.Join(", ", Enumerable.Repeat("-1", 3 + _selectionColumns.Count)));
        var termRows = new List<string>();
        var checkRows = new List<string>();
        for (var c = 0; c < _batch.Checks.Count; c++)
        {
            var check = _batch.Checks[c];
            var g = _groupingOfCheck[c];
            var terms = check.Left.Select(t => (Side: 0, Term: t)).Concat(check.Right.Select(t => (Side: 1, Term: t))).ToList();
            for (var i = 0; i < terms.Count; i++)
            {
                var (side, term) = terms[i];
                var sel = _selections[(term.Selection, _batch.Selections[term.Selection].MeasureId, g)];
                termRows.Add($"{Int(c)}, {Int(i)}, {Int(side)}, {Int(sel)}, {Decimal(term.Coefficient)}");
            }
            if (check.Missing == MissingValues.Zero)
            {
                foreach (var measure in Measures(check)) termRows.Add($"{Int(c)}, -1, 2, {Int(_selections[(-1, measure, g)])}, 0");
            }
            checkRows.Add($"{Int(c)}, {Int(check.Left.Count)}, {Int(check.Right.Count)}, {Int((int)check.Operator)}, {Decimal(check.Tolerance)}, {Int((int)check.Missing)}");
        }
        var coefficients = DecimalType(_batch.Checks.SelectMany(c => c.Left.Concat(c.Right)).Select(t => t.Coefficient));
        var tolerances = DecimalType(_batch.Checks.Select(c => c.Tolerance));
        // Named apart from base's columns, which the grouping sets name.
        var selColumns = _selectionColumns.Select(c => "s_" + c).ToList();
        var selNames = string.Join(", ", selColumns.Prepend("measure_id").Prepend("grouping_no").Prepend("sel_no"));
        var join = string.Join(" AND ", selColumns.Prepend("measure_id").Prepend("grouping_no").Select(c => $"s.{c} = g.{c}"));
        var k = string.Join(", ", keys);
        // Each term's sum in a column of its own (t0, t1, …: left terms, then right), so no join brings them back.
        var termColumns = Enumerable.Range(0, _batch.Checks.Max(c => c.Left.Count + c.Right.Count)).Select(i => "t" + Int(i)).ToList();
        string Keys(string alias) => string.Join(", ", keys.Select(key => $"{alias}.{key}"));
        sql.Append(CultureInfo.InvariantCulture, $"""
            ),
            sel ({selNames}) AS (VALUES
                ({string.Join("),\n    (", selRows)})),
            term (check_no, term_no, side, sel_no, coef) AS (
                SELECT c0, c1, c2, c3, CAST(c4 AS {coefficients}) FROM (VALUES
                ({string.Join("),\n    (", termRows)})) v (c0, c1, c2, c3, c4)),
            rule_check (check_no, n_left, n_right, op, tol, missing) AS (
                SELECT c0, c1, c2, c3, CAST(c4 AS {tolerances}), c5 FROM (VALUES
                ({string.Join("),\n    (", checkRows)})) v (c0, c1, c2, c3, c4, c5)),
            selected AS (
                SELECT s.sel_no, {Keys("g")}, SUM(g.v) AS v
                FROM grouped g JOIN sel s ON {join}
                GROUP BY s.sel_no, {Keys("g")}),
            term_sum AS (
                SELECT t.check_no, t.term_no, t.side, {Keys("x")}, x.v, t.coef * x.v AS w
                FROM selected x JOIN term t ON t.sel_no = x.sel_no),
            sides AS (
                SELECT check_no, {k},
                    COUNT(*) FILTER (WHERE side = 0) AS n_l, SUM(w) FILTER (WHERE side = 0) AS l,
                    COUNT(*) FILTER (WHERE side = 1) AS n_r, SUM(w) FILTER (WHERE side = 1) AS r,
                    {string.Join(", ", termColumns.Select((t, i) => $"MAX(v) FILTER (WHERE term_no = {Int(i)}) AS {t}"))}
                FROM term_sum GROUP BY check_no, {k}),
            compared AS (
                SELECT s.check_no, {Keys("s")}, {string.Join(", ", termColumns.Select(t => "s." + t))}, c.op, c.tol, c.missing,
                    CASE WHEN c.missing = {Int((int)MissingValues.Zero)} THEN COALESCE(s.l, 0) WHEN s.n_l = c.n_left THEN s.l END AS l,
                    CASE WHEN c.missing = {Int((int)MissingValues.Zero)} THEN COALESCE(s.r, 0) WHEN s.n_r = c.n_right THEN s.r END AS r
                FROM sides s JOIN rule_check c ON c.check_no = s.check_no)
            SELECT check_no, {k}, {string.Join(", ", termColumns)} FROM compared WHERE {Violated()}
            """);
        return sql.ToString();
    }

    /// <summary>
    /// The rows of <c>base</c> as they are, not grouped: columns <see cref="BaseColumns"/> and v, what <see cref="Sums"/>
    /// reads when the per-shape sums, selections, terms and comparisons are done in .NET
    /// (<see cref="SqlStore.ComparesRulesInDotNet"/>).
    /// </summary>
    /// <param name="current">The condition that keeps the current facts of the batch's measures.</param>
    /// <param name="aggregate">Whether <c>base</c> aggregates the facts to the finest grain first, or reads them as they are.</param>
    public string BaseSql(string current, bool aggregate)
    {
        var (all, _, groupBy) = Base();
        var select = ReadPositions.Select(at => all[at]);
        return aggregate
            ? $"SELECT {string.Join(", ", select)}, SUM(value) AS v FROM fact WHERE {current} GROUP BY {string.Join(", ", groupBy)}"
            : $"SELECT {string.Join(", ", select)}, value AS v FROM fact WHERE {current}";
    }

    /// <summary>The columns of a row of <c>base</c> before its value, as <see cref="Sums"/> takes it: measure_id, then codes (c_…) and flags (f_…).</summary>
    public IReadOnlyList<string> BaseColumns { get; }

    /// <summary>
    /// Where each column <see cref="BaseSql"/> returns before its value goes in a row of <see cref="BaseColumns"/>: all but
    /// <see cref="DerivedFlags"/>.
    /// </summary>
    public IReadOnlyList<int> ReadPositions { get; }

    /// <summary>
    /// The flags of <see cref="BaseColumns"/> whose code is there too, by position (the flag, its code): the reader sets
    /// each to the least of its code and 1, as <c>LEAST</c> would, rather than the engine sending it. Two of the nine
    /// columns of the benchmark's batch: a fifth of the per-column work of sending and reading eleven million rows.
    /// </summary>
    public IReadOnlyList<(int Flag, int Code)> DerivedFlags { get; }

    private List<string> KeyNames() => [.. Enumerable.Range(0, KeyWidth).Select(i => "k" + Int(i))];

    /// <summary>
    /// The finest grain the batch needs, as <c>base</c>'s select list (named <see cref="BaseColumns"/>) and what it is
    /// grouped by: codes where a check groups or a selection lists members, flags where only totals matter.
    /// </summary>
    private (List<string> Select, List<string> Names, List<string> GroupBy) Base()
    {
        var select = new List<string> { "measure_id" };
        var names = new List<string> { "measure_id" };
        var groupBy = new List<string> { "measure_id" };
        void Add(string expression, string name)
        {
            select.Add($"{expression} AS {name}");
            names.Add(name);
        }
        foreach (var column in _codeColumns)
        {
            Add(FactColumns.Sql(column), Code(column));
            groupBy.Add(FactColumns.Sql(column));
            if (_flagColumns.Contains(column)) Add($"LEAST({FactColumns.Sql(column)}, 1)", Flag(column));
        }
        foreach (var column in _flagColumns.Where(c => !_codeColumns.Contains(c)))
        {
            Add($"LEAST({FactColumns.Sql(column)}, 1)", Flag(column));
            groupBy.Add($"LEAST({FactColumns.Sql(column)}, 1)");
        }
        return (select, names, groupBy);
    }

    /// <summary>
    /// One GROUP BY of <c>grouped</c>: a grouping of the checks and a shape of selection (the <c>base</c> columns it
    /// conditions, in name order), over the measures that have it.
    /// </summary>
    private sealed record Branch(int Grouping, IReadOnlyList<string> Columns, IReadOnlySet<int> Measures);

    /// <summary>Per grouping, one branch per shape of selection: what GROUPING SETS would do.</summary>
    private List<Branch> Branches()
    {
        var branches = new List<Branch>();
        for (var g = 0; g < _groupings.Count; g++)
        {
            var shapes = new Dictionary<string, (List<string> Columns, SortedSet<int> Measures)>(StringComparer.Ordinal);
            foreach (var (selection, measure, _) in _selections.Keys.Where(k => k.Grouping == g))
            {
                var columns = (selection < 0 ? [] : _batch.Selections[selection].Conditions.Select(Expression)).Order(StringComparer.Ordinal).ToList();
                var shape = string.Join(",", columns);
                if (!shapes.TryGetValue(shape, out var found)) shapes[shape] = found = (columns, []);
                found.Measures.Add(measure);
            }
            branches.AddRange(shapes.Values.Select(s => new Branch(g, s.Columns, s.Measures)));
        }
        return branches;
    }

    /// <summary>The statement up to and including <c>grouped</c>'s branches, its closing parenthesis left to the caller.</summary>
    private StringBuilder Grouped(string current, bool aggregate)
    {
        var keys = KeyNames();
        var sql = new StringBuilder();
        var (select, _, groupBy) = Base();
        sql.Append(aggregate ? $"""
            WITH base AS MATERIALIZED (
                SELECT {string.Join(", ", select)}, SUM(value) AS v
                FROM fact WHERE {current}
                GROUP BY {string.Join(", ", groupBy)}),
            grouped AS (

            """ : $"""
            WITH base AS NOT MATERIALIZED (SELECT {string.Join(", ", select)}, value AS v FROM fact WHERE {current}),
            grouped AS (

            """);

        // One GROUP BY per branch over base: what GROUPING SETS would do, but legal on Citus over the distributed table too.
        var branches = new List<string>();
        foreach (var (g, columns, measures) in Branches())
        {
            var grouping = _groupings[g];
            var outputs = new List<string> { Int(g) + " AS grouping_no", "measure_id" };
            outputs.AddRange(keys.Select((k, i) => i < grouping.Count ? $"{Code(grouping[i])} AS {k}" : $"0 AS {k}"));
            outputs.AddRange(_selectionColumns.Select(c => columns.Contains(c) ? $"{c} AS s_{c}" : $"-1 AS s_{c}"));
            var only = measures.Count == MeasureIds.Count ? "" : $" WHERE measure_id IN ({string.Join(", ", measures.Select(Int))})";
            branches.Add($"SELECT {string.Join(", ", outputs)}, SUM(v) AS v FROM base{only} GROUP BY {string.Join(", ", grouping.Select(Code).Prepend("measure_id").Concat(columns))}");
        }
        sql.AppendJoin("\nUNION ALL\n", branches).Append('\n');

        return sql;
    }

    private static string Int(int value) => value.ToString(CultureInfo.InvariantCulture);

    private static string Decimal(decimal value) => value.ToString(CultureInfo.InvariantCulture);

    /// <summary>A DECIMAL type that holds every value exactly (a coefficient or tolerance is never rounded).</summary>
    private static string DecimalType(IEnumerable<decimal> values)
    {
        var list = values.DefaultIfEmpty(0).ToList();
        var scale = list.Max(v => (int)v.Scale);
        var digits = list.Max(v => decimal.Truncate(Math.Abs(v)).ToString(CultureInfo.InvariantCulture).Length);
        return $"DECIMAL({Int(Math.Max(18, digits + scale))}, {Int(scale)})";
    }

    /// <summary>SQL true where a compared row (columns l, r, op, tol, missing) breaks its check, as <see cref="FactRuleCheck.Broken"/> decides.</summary>
    private static string Violated()
    {
        static string Op(RuleOperator op) => ((int)op).ToString(CultureInfo.InvariantCulture);
        return $"""
            CASE WHEN l IS NULL OR r IS NULL THEN missing = {(int)MissingValues.Finding} AND ((l IS NULL) <> (r IS NULL))
                 WHEN op = {Op(RuleOperator.Equal)} THEN ABS(l - r) > tol
                 WHEN op = {Op(RuleOperator.NotEqual)} THEN ABS(l - r) <= tol
                 WHEN op = {Op(RuleOperator.Less)} THEN l >= r + tol
                 WHEN op = {Op(RuleOperator.LessOrEqual)} THEN l > r + tol
                 WHEN op = {Op(RuleOperator.Greater)} THEN l + tol <= r
                 ELSE l + tol < r END
            """;
    }
}
