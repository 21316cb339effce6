namespace Almanac.Store.Facts;

/// <summary>
/// The ids and codes a load gives the measures and members it brings: a known one keeps its own, a new one continues its
/// numbering (ids from 1, each column's codes from 1; code 0 is a declared total) in the order the load asks for them —
/// name order when it knows them all before writing a fact, the order met when it writes facts as it reads. Safe to ask
/// from several threads at once. <see cref="FactStore.RegisterAsync"/> writes the new ones to the dictionary.
/// </summary>
internal sealed class FactCodes
{
    private readonly Lock _gate = new();
    private readonly FactCatalog _catalog;
    private readonly Dictionary<string, int> _measures = new(StringComparer.Ordinal);
    private readonly List<(int Id, string Name)> _newMeasures = [];
    private int _nextMeasure;
    private readonly Dictionary<string, int>[] _codes;
    private readonly List<MemberInfo>[] _newMembers;
    private readonly int[] _nextCode;

    /// <param name="columns">The load's member columns: "office", then its dimensions.</param>
    public FactCodes(FactCatalog catalog, IReadOnlyList<string> columns)
    {
        _catalog = catalog;
        Columns = columns;
        foreach (var measure in catalog.Measures) _measures[measure.Name] = measure.Id;
        _nextMeasure = catalog.Measures.Count == 0 ? 1 : catalog.Measures.Max(m => m.Id) + 1;
        _codes = [.. columns.Select(c => catalog.MembersOf(c).ToDictionary(m => m.Name, m => m.Code, StringComparer.Ordinal))];
        _nextCode = [.. columns.Select(c => catalog.MembersOf(c) is { Count: > 0 } known ? known.Max(m => m.Code) + 1 : 1)];
        _newMembers = [.. columns.Select(_ => new List<MemberInfo>())];
    }

    /// <summary>Codes given in name order: the measures, then each column's members (the order a load that knows them all uses).</summary>
    public static FactCodes InNameOrder(FactCatalog catalog, IReadOnlyList<string> columns, IEnumerable<string> measures, IReadOnlyDictionary<string, SortedSet<string>> members)
    {
        var codes = new FactCodes(catalog, columns);
        foreach (var measure in measures.Order(StringComparer.Ordinal)) codes.MeasureId(measure);
        for (var i = 0; i < columns.Count; i++)
        {
            foreach (var member in members[columns[i]]) codes.Code(i, member);
        }
        return codes;
    }

    public IReadOnlyList<string> Columns { get; }

    /// <summary>The id of a measure: its own if known, else the next.</summary>
    public int MeasureId(string name)
    {
        lock (_gate)
        {
            if (_measures.TryGetValue(name, out var id)) return id;
            _measures[name] = id = _nextMeasure++;
            _newMeasures.Add((id, name));
            return id;
        }
    }

    /// <summary>The code of a member of the column at <paramref name="column"/>: its own if known, else the column's next.</summary>
    public int Code(int column, string name)
    {
        lock (_gate)
        {
            if (_codes[column].TryGetValue(name, out var code)) return code;
            _codes[column][name] = code = _nextCode[column]++;
            _newMembers[column].Add(new MemberInfo(code, name, Domain.Analytics.Hierarchies.ParentOf(Columns[column], name)));
            return code;
        }
    }

    /// <summary>The measure of that name as the catalog held it before the load, or null for a new one.</summary>
    public MeasureInfo? Known(string measure) => _catalog.Measure(measure);

    /// <summary>The measures the load added, by id.</summary>
    public IReadOnlyList<(int Id, string Name)> NewMeasures
    {
        get
        {
            lock (_gate) return [.. _newMeasures];
        }
    }

    /// <summary>The members the load added, column by column, by code.</summary>
    public IReadOnlyList<(string Column, MemberInfo Member)> NewMembers
    {
        get
        {
            lock (_gate) return [.. _newMembers.SelectMany((members, i) => members.Select(m => (Columns[i], m)))];
        }
    }
}
