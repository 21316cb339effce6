using Almanac.Analytics.Figures;
using Almanac.Domain.Observations;
using Almanac.Domain.Publishing;
using Almanac.Domain.Tables;

namespace Almanac.Analytics.Publishing;

/// <summary>What the publication knows of a source beyond what its observations carry.</summary>
public sealed record SourceDescription(long Id, string Name, string Kind, DateTimeOffset ImportedAt);

/// <summary>
/// Collects the sources and findings the figures of a publication refer to, and hands out each figure's
/// <see cref="Trace"/> as indexes into them.
/// </summary>
internal sealed class TraceBook(IReadOnlyDictionary<long, SourceDescription> sources, IReadOnlyList<Finding> audit)
{
    private readonly List<long> _sourceOrder = [];
    private readonly Dictionary<long, SortedSet<int>> _lines = [];
    private readonly List<PublishedFinding> _findings = [];
    private readonly Dictionary<Finding, int> _findingIndex = [];
    // Audit findings name their import by id: two imports may share a file name.
    private readonly ILookup<(long?, int?), Finding> _auditByLine = audit.Where(f => f.Line is not null).ToLookup(f => (f.SourceId, f.Line));

    /// <summary>The trace of a figure made of <paramref name="basis"/>, with the engine's own findings about it.</summary>
    public Trace For(IEnumerable<Observation> basis, string tableId, IEnumerable<Finding> findings)
    {
        var sourceIndexes = new SortedSet<int>();
        var lines = new SortedDictionary<int, SortedSet<int>>();
        var findingIndexes = new SortedSet<int>();
        var list = basis as IReadOnlyList<Observation> ?? [.. basis];
        foreach (var observation in list)
        {
            var source = Source(observation.Provenance);
            sourceIndexes.Add(source);
            if (observation.Provenance.Line is { } line)
            {
                if (!lines.TryGetValue(source, out var set)) lines[source] = set = [];
                set.Add(line);
            }
            // An audit finding is shown beside the figure that is the printed figure it names (same file, line and
            // value), not beside every sum or percentage computed from it.
            if (observation.Provenance.Line is null || list.Count != 1) continue;
            foreach (var finding in _auditByLine[(observation.Provenance.SourceId, observation.Provenance.Line)].Where(f => f.Printed == observation.Value))
            {
                findingIndexes.Add(Add(finding, tableId));
            }
        }
        foreach (var finding in findings)
        {
            var same = findingIndexes.Select(i => _findings[i].Finding).Any(f => f.Line == finding.Line && f.SourceId == finding.SourceId && f.Printed == finding.Printed);
            if (!same) findingIndexes.Add(Add(finding, tableId));
        }
        return sourceIndexes.Count == 0 && findingIndexes.Count == 0
            ? Trace.None
            : new Trace([.. sourceIndexes], [.. findingIndexes], lines.Count == 0 ? null : lines.ToDictionary(kv => kv.Key, kv => (IReadOnlyList<int>)[.. kv.Value]));
    }

    /// <summary>The sources in the order first used, each with every line a figure came from.</summary>
    public IReadOnlyList<SourceReference> Sources() =>
    [
        .. _sourceOrder.Select(id => sources.TryGetValue(id, out var source)
            ? new SourceReference(id, source.Name, source.Kind, source.ImportedAt, [.. _lines[id]])
            : new SourceReference(id, $"source {id}", "unknown", null, [.. _lines[id]])),
    ];

    /// <summary>The findings figures refer to, then the audit's other findings about the publication's sources.</summary>
    public IReadOnlyList<PublishedFinding> Findings()
    {
        var used = _sourceOrder.ToHashSet();
        foreach (var finding in audit.Where(f => f.SourceId is { } id && used.Contains(id)))
        {
            Add(finding, null);
        }
        return _findings;
    }

    private int Source(Provenance provenance)
    {
        if (!_lines.TryGetValue(provenance.SourceId, out var lines))
        {
            _sourceOrder.Add(provenance.SourceId);
            _lines[provenance.SourceId] = lines = [];
        }
        if (provenance.Line is { } line) lines.Add(line);
        return _sourceOrder.IndexOf(provenance.SourceId);
    }

    private int Add(Finding finding, string? tableId)
    {
        if (_findingIndex.TryGetValue(finding, out var index)) return index;
        _findings.Add(new PublishedFinding(finding, tableId));
        return _findingIndex[finding] = _findings.Count - 1;
    }
}

/// <summary>A figure's value with the observations and findings behind it, before it is placed in a table.</summary>
internal sealed record Evaluated(decimal? Value, IReadOnlyList<Observation> Basis, IReadOnlyList<Finding> Findings, bool NotApplicable = false)
{
    public static readonly Evaluated Empty = new(null, [], []);

    public static Evaluated Of(Figure figure) => new(figure.Value, figure.Basis, []);
}
