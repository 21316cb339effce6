using System.Globalization;
using System.Security.Cryptography;
using System.Text.Json;
using Almanac.Domain;
using Almanac.Domain.Analytics;
using Almanac.Domain.Observations;
using Almanac.Store;
using Almanac.Store.Facts;

namespace Almanac.Ingest.Dhis2;

/// <summary>A data value the import could not take: what is wrong (DHIS2's "object": a field or a category), the value the file gives, why, and where.</summary>
public sealed record Dhis2Conflict(string Subject, string Value, string Reason, string Where);

/// <summary>
/// DHIS2's import summary: how many data values were imported (new), updated (another value), ignored (the same value
/// already stored, or not taken for a conflict), and the conflicts. With a conflict nothing is written; in a dry run
/// nothing either, and the counts say what the import would do.
/// </summary>
public sealed record Dhis2ImportSummary(bool DryRun, int Imported, int Updated, int Ignored, IReadOnlyList<Dhis2Conflict> Conflicts, long? SourceId, IReadOnlyList<long> Superseded)
{
    /// <summary>DHIS2's status: SUCCESS, or ERROR when a conflict stopped the import.</summary>
    public string Status => Conflicts.Count == 0 ? "SUCCESS" : "ERROR";

    /// <summary>One sentence on what happened.</summary>
    public string Description =>
        Conflicts.Count > 0 ? $"{Conflicts.Count} conflict{(Conflicts.Count == 1 ? "" : "s")}: nothing was written."
        : DryRun ? "Dry run: nothing was written."
        : SourceId is { } id ? $"Imported as source {id}{(Superseded.Count == 0 ? "" : $", superseding source {string.Join(", ", Superseded)}")}."
        : "Every value is stored already: nothing was written.";

    /// <summary>The summary as DHIS2's JSON import summary (with Almanac's source and each conflict's reason and line beside DHIS2's fields).</summary>
    public string ToJson()
    {
        using var stream = new MemoryStream();
        using (var json = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true }))
        {
            json.WriteStartObject();
            json.WriteString("responseType", "ImportSummary");
            json.WriteString("status", Status);
            json.WriteString("description", Description);
            json.WriteBoolean("dryRun", DryRun);
            json.WriteStartObject("importCount");
            json.WriteNumber("imported", Imported);
            json.WriteNumber("updated", Updated);
            json.WriteNumber("ignored", Ignored);
            json.WriteNumber("deleted", 0);
            json.WriteEndObject();
            json.WriteStartArray("conflicts");
            foreach (var conflict in Conflicts)
            {
                json.WriteStartObject();
                json.WriteString("object", conflict.Subject);
                json.WriteString("value", conflict.Value);
                json.WriteString("reason", conflict.Reason);
                json.WriteString("where", conflict.Where);
                json.WriteEndObject();
            }
            json.WriteEndArray();
            if (SourceId is { } source) json.WriteNumber("source", source);
            json.WriteEndObject();
        }
        return System.Text.Encoding.UTF8.GetString(stream.ToArray());
    }
}

/// <summary>An export's data values, and the figures it could not write (a member without an option, an office without an organisation unit), counted by reason.</summary>
public sealed record Dhis2Export(IReadOnlyList<Dhis2ExportValue> Values, IReadOnlyList<string> LeftOut);

/// <summary>What an import checks codes against: the fact table's measures and members, the offices and the countries of the reference data.</summary>
public sealed record Dhis2StoreView(FactCatalog Catalog, IReadOnlySet<string> Offices, IReadOnlySet<string> Countries)
{
    public static async Task<Dhis2StoreView> ReadAsync(IAlmanacStore store, CancellationToken cancellationToken)
    {
        var catalog = await store.FactCatalogAsync(cancellationToken);
        var offices = (await store.OfficesAsync(cancellationToken)).Select(o => o.Code).ToHashSet(StringComparer.Ordinal);
        var countries = (await store.LoadReferenceDataAsync(cancellationToken)).Countries.Select(c => c.Iso3).ToHashSet(StringComparer.Ordinal);
        return new Dhis2StoreView(catalog, offices, countries);
    }
}

/// <summary>
/// The stored figures as DHIS2 data values and back, through a <see cref="Dhis2Mapping"/>: an export reads the current
/// facts of a year; an import maps every data value (an unmapped code is a conflict, never dropped) and, when none
/// conflicts, adds or updates the figures in one transaction (<see cref="IAlmanacStore.ImportFactValuesAsync"/>).
/// </summary>
public static class Dhis2Exchange
{
    /// <summary>The current facts of <paramref name="year"/> of every measure the mapping names, as data values (of one organisation unit when <paramref name="orgUnit"/> is given).</summary>
    public static async Task<Dhis2Export> ExportAsync(IAlmanacStore store, Dhis2Mapping mapping, int year, string? orgUnit, CancellationToken cancellationToken)
    {
        var catalog = await store.FactCatalogAsync(cancellationToken);
        var values = new List<Dhis2ExportValue>();
        var leftOut = new Dictionary<string, int>(StringComparer.Ordinal);
        var period = year.ToString(CultureInfo.InvariantCulture);
        foreach (var element in mapping.DataElements)
        {
            if (catalog.Measure(element.Measure) is not { } measure) continue;
            var carried = element.Dimensions.ToHashSet(StringComparer.Ordinal);
            if (!carried.SetEquals(measure.Dimensions))
            {
                leftOut[$"{measure.Name}: stored with the dimensions ({string.Join(", ", measure.Dimensions)}), its data element {element.DataElement} carries ({string.Join(", ", element.Dimensions)})"] = 1;
                continue;
            }
            var columns = new List<FactColumn> { FactColumn.Office };
            columns.AddRange(measure.Dimensions.Select((_, i) => FactColumns.Slot(i + 1)));
            var rows = await store.AggregateFactsAsync(new FactAggregation([measure.Id], [year], columns, [], [new FactSum([])]), cancellationToken);
            var officeNames = catalog.MembersOf("office").ToDictionary(m => m.Code, m => m.Name);
            var memberNames = measure.Dimensions.Select(d => catalog.MembersOf(d).ToDictionary(m => m.Code, m => m.Name)).ToList();
            foreach (var row in rows)
            {
                if (row.Sums[0] is not { } value) continue;
                var office = row.Keys[0] == 0 ? null : officeNames[row.Keys[0]];
                var members = measure.Dimensions.Select((d, i) => (Dimension: d, Member: row.Keys[i + 1] == 0 ? null : memberNames[i][row.Keys[i + 1]]))
                    .ToDictionary(m => m.Dimension, m => m.Member, StringComparer.Ordinal);
                if (mapping.OrgUnitOf(office) is not { } unit)
                {
                    LeftOut($"{measure.Name}: office {office} has no organisation unit in the mapping");
                    continue;
                }
                if (orgUnit is not null && unit != orgUnit) continue;
                var categoryOptions = Options(element.Categories, out var categoryProblem);
                var attributeOptions = Options(element.Attributes, out var attributeProblem);
                if ((categoryProblem ?? attributeProblem) is { } problem)
                {
                    LeftOut($"{measure.Name}: {problem}");
                    continue;
                }
                values.Add(new Dhis2ExportValue(element.DataElement, period, unit, Combo(mapping, categoryOptions), categoryOptions, Combo(mapping, attributeOptions), attributeOptions, value));

                List<KeyValuePair<string, string>> Options(IReadOnlyList<string> dimensions, out string? problem)
                {
                    problem = null;
                    var options = new List<KeyValuePair<string, string>>();
                    foreach (var dimension in dimensions)
                    {
                        var category = mapping.Categories[dimension];
                        if (category.OptionOf(members[dimension]) is not { } option)
                        {
                            problem = members[dimension] is { } member
                                ? $"member {InputLimits.Quote(member)} of {dimension} has no option in category {category.Category}"
                                : $"the total over {dimension} has no option in category {category.Category} (no total: in the mapping)";
                            return options;
                        }
                        options.Add(new(category.Category, option));
                    }
                    return options;
                }
            }
        }
        values.Sort((a, b) => (a.DataElement, a.OrgUnit, a.CategoryOptionCombo, a.AttributeOptionCombo).CompareTo((b.DataElement, b.OrgUnit, b.CategoryOptionCombo, b.AttributeOptionCombo)));
        return new Dhis2Export(values, [.. leftOut.Select(kv => kv.Value == 1 ? kv.Key : $"{kv.Key} ({InputLimits.Number(kv.Value)} figures)")]);

        void LeftOut(string reason) => leftOut[reason] = leftOut.GetValueOrDefault(reason) + 1;
    }

    /// <summary>A combo's code: DHIS2's default combo without options, else the options' codes joined in the mapping's order.</summary>
    private static string Combo(Dhis2Mapping mapping, List<KeyValuePair<string, string>> options) =>
        options.Count == 0 ? mapping.DefaultCombo : string.Join(Dhis2Mapping.ComboSeparator, options.Select(o => o.Value));

    /// <summary>
    /// Reads a file's data values, maps them, and unless one conflicts (or <paramref name="dryRun"/>), writes them through
    /// <paramref name="write"/> (the store's <see cref="IAlmanacStore.ImportFactValuesAsync"/>) as one source.
    /// </summary>
    public static async Task<Dhis2ImportSummary> ImportAsync(string name, byte[] content, Dhis2Format format, Dhis2Mapping mapping, Dhis2StoreView view, bool dryRun,
        DateTimeOffset at, Func<SourceInfo, IReadOnlyList<FactValue>, bool, Task<FactValuesResult>> write)
    {
        ArgumentNullException.ThrowIfNull(write);
        var values = Dhis2DataValues.Read(name, content, format);
        var (facts, conflicts) = Resolve(values, mapping, view);
        if (conflicts.Count > 0) return new Dhis2ImportSummary(dryRun, 0, 0, values.Count, conflicts, null, []);
        var source = new SourceInfo(SourceKinds.Dhis2, name, Convert.ToHexStringLower(SHA256.HashData(content)), at);
        var result = await write(source, facts, dryRun);
        if (result.Outcomes.Contains(FactValueOutcome.Locked))
        {
            // Every value stands for the fact at its place (a file without conflicts maps each value to one fact, in order).
            var locked = values.Select((v, i) => (Value: v, Fact: facts[i], Outcome: result.Outcomes[i])).Where(x => x.Outcome == FactValueOutcome.Locked)
                .Select(x => new Dhis2Conflict("period", x.Value.Period,
                    $"{x.Fact.Year} is locked: its questionnaire figures are the approved answers, which this value would change; an administrator unlocks the year first",
                    x.Value.Where))
                .ToList();
            return new Dhis2ImportSummary(dryRun, 0, 0, values.Count, locked, null, []);
        }
        return new Dhis2ImportSummary(dryRun, result.Count(FactValueOutcome.Imported), result.Count(FactValueOutcome.Updated), result.Count(FactValueOutcome.Ignored), [],
            result.SourceId, result.Superseded);
    }

    /// <summary>Every data value as a figure, or the conflicts that keep the file from being imported (all of them, each with its reason).</summary>
    public static (IReadOnlyList<FactValue> Facts, IReadOnlyList<Dhis2Conflict> Conflicts) Resolve(IReadOnlyList<Dhis2DataValue> values, Dhis2Mapping mapping, Dhis2StoreView view)
    {
        ArgumentNullException.ThrowIfNull(values);
        ArgumentNullException.ThrowIfNull(mapping);
        ArgumentNullException.ThrowIfNull(view);
        var facts = new List<FactValue>(values.Count);
        var conflicts = new List<Dhis2Conflict>();
        var seen = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var value in values)
        {
            var before = conflicts.Count;
            void Conflict(string obj, string? given, string reason) => conflicts.Add(new Dhis2Conflict(obj, given ?? "", reason, value.Where));

            var year = Dhis2DataValues.YearOf(value.Period);
            if (year is not { } y || y is < ObservationFile.MinYear or > ObservationFile.MaxYear)
                Conflict("period", value.Period, $"not a yearly period from {ObservationFile.MinYear} to {ObservationFile.MaxYear} (2023, or 2023-01-01/P1Y in ADX)");
            var element = mapping.ForDataElement(value.DataElement);
            if (element is null) Conflict("dataElement", value.DataElement, $"no measure of the mapping {mapping.Name} is this data element");
            var (knownUnit, office) = mapping.OfficeOf(value.OrgUnit);
            if (!knownUnit) Conflict("orgUnit", value.OrgUnit, $"no office of the mapping {mapping.Name} is this organisation unit");
            else if (office is not null && !view.Offices.Contains(office)) Conflict("orgUnit", value.OrgUnit, $"office {office} is not one of the store's offices");
            decimal number = 0;
            if (string.IsNullOrWhiteSpace(value.Value)) Conflict("value", value.Value, "a data value needs a value (Almanac deletes nothing through an import)");
            else if (!decimal.TryParse(value.Value.Trim(), NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out number)
                || !InputLimits.FitsFactTable(number))
                Conflict("value", value.Value, $"a value is a number with '.' as the decimal separator, below 10^14 either side of zero, with at most {InputLimits.FactDecimals} decimals");

            var members = new List<KeyValuePair<string, string?>>();
            if (element is not null)
            {
                Members(element.Categories, value.Categories, "categoryOptionCombo");
                Members(element.Attributes, value.Attributes, "attributeOptionCombo");
                if (view.Catalog.Measure(element.Measure) is { } stored && element.Dimensions.Any(d => !stored.Dimensions.Contains(d)))
                    Conflict("dataElement", value.DataElement, $"measure {element.Measure} is stored with the dimensions ({string.Join(", ", stored.Dimensions)}), not ({string.Join(", ", element.Dimensions)})");
            }
            if (conflicts.Count > before) continue;

            var key = string.Join('\u0001', [element!.Measure, year!.Value.ToString(CultureInfo.InvariantCulture), office ?? "", .. members.Select(m => m.Value ?? "")]);
            if (seen.TryGetValue(key, out var first))
            {
                Conflict("dataValue", value.Value, $"the file gives this data element, period, organisation unit and combos twice (first at {first})");
                continue;
            }
            seen[key] = value.Where;
            facts.Add(new FactValue(element.Measure, year.Value, office, members, number));

            void Members(IReadOnlyList<string> dimensions, Dhis2Combo combo, string field)
            {
                if (combo.Options is { } options)
                {
                    // ADX: an attribute per category, named by the category's code.
                    foreach (var (category, option) in options)
                    {
                        if (!mapping.CategoriesByCode.TryGetValue(category, out var known) || !dimensions.Contains(known.Dimension))
                            Conflict(category, option, $"data element {value.DataElement} has no category {category} here ({(field == "categoryOptionCombo" ? "dataValue" : "group")} attributes: {Names(dimensions)})");
                    }
                    foreach (var dimension in dimensions)
                    {
                        var category = mapping.Categories[dimension];
                        var given = options.Where(o => o.Key == category.Category).Select(o => o.Value).FirstOrDefault();
                        if (given is null) Conflict(category.Category, null, $"data element {value.DataElement} needs its category {category.Category}");
                        else Member(category, given);
                    }
                    return;
                }
                if (dimensions.Count == 0)
                {
                    if (combo.Code is not null && combo.Code != mapping.DefaultCombo)
                        Conflict(field, combo.Code, $"data element {value.DataElement} has DHIS2's default combo ({mapping.DefaultCombo}) here");
                    return;
                }
                var parts = combo.Code?.Split(Dhis2Mapping.ComboSeparator) ?? [];
                if (parts.Length != dimensions.Count)
                {
                    Conflict(field, combo.Code, $"data element {value.DataElement} has here the options of {Names(dimensions)} joined by '{Dhis2Mapping.ComboSeparator}'");
                    return;
                }
                for (var i = 0; i < parts.Length; i++) Member(mapping.Categories[dimensions[i]], parts[i]);
            }

            void Member(Dhis2Category category, string option)
            {
                var (known, member) = category.MemberOf(option);
                if (!known)
                {
                    Conflict(category.Category, option, $"no member of {category.Dimension} is this option of category {category.Category}");
                    return;
                }
                if (member is not null && (Hierarchies.Problem(category.Dimension, member)
                    ?? (category.Dimension == Dimensions.Nationality && view.Countries.Count > 0 && !view.Countries.Contains(member) ? "not an ISO 3166 alpha-3 code of the reference data" : null)) is { } problem)
                {
                    Conflict(category.Category, option, $"{category.Dimension} {InputLimits.Quote(member)}: {problem}");
                    return;
                }
                members.Add(new(category.Dimension, member));
            }

            string Names(IReadOnlyList<string> dimensions) =>
                dimensions.Count == 0 ? "none" : string.Join(", ", dimensions.Select(d => mapping.Categories[d].Category));
        }
        return (facts, conflicts);
    }
}
