using System.Globalization;
using Almanac.Domain;
using Almanac.Domain.Platform;
using Almanac.Domain.Publishing;
using Almanac.Domain.Reports.Statements;
using CsvHelper;
using CsvHelper.Configuration;
using YamlDotNet.Serialization;
using YamlDotNet.Serialization.NamingConventions;

namespace Almanac.Ingest.Platform;

/// <summary>
/// The platform's files: questionnaires and frameworks as YAML (what an administrator exports, edits and imports), and
/// offices as CSV. A reader checks the whole file and names file, line, field and value of the first problem; nothing is
/// returned from a bad file, so nothing is written.
/// </summary>
public static class PlatformFiles
{
    private static readonly IDeserializer Deserializer = new DeserializerBuilder().WithNamingConvention(HyphenatedNamingConvention.Instance).Build();
    private static readonly ISerializer Serializer = new SerializerBuilder().WithNamingConvention(HyphenatedNamingConvention.Instance)
        .ConfigureDefaultValuesHandling(DefaultValuesHandling.OmitNull | DefaultValuesHandling.OmitEmptyCollections).Build();

    private static readonly Dictionary<string, QuestionKind> Kinds = new(StringComparer.Ordinal)
    {
        ["yes-no"] = QuestionKind.YesNo,
        ["single-choice"] = QuestionKind.SingleChoice,
        ["multiple-choice"] = QuestionKind.MultipleChoice,
        ["number"] = QuestionKind.Number,
        ["text"] = QuestionKind.Text,
        ["table"] = QuestionKind.Table,
    };

    public static string KindName(QuestionKind kind) => Kinds.First(k => k.Value == kind).Key;

    private static readonly Dictionary<string, NumberUnit> Units = new(StringComparer.Ordinal)
    {
        ["count"] = NumberUnit.Count,
        ["amount"] = NumberUnit.Amount,
    };

    private static string UnitName(NumberUnit unit) => Units.First(u => u.Value == unit).Key;

    /// <summary>
    /// A questionnaire from its YAML file, checked whole (<see cref="Answering.Check"/>): the first problem is an
    /// <see cref="InputException"/> naming the file, the line and the field ("people-assisted.options").
    /// </summary>
    public static Questionnaire ReadQuestionnaire(string file, string text)
    {
        var (dto, lines) = BoundedYaml.DeserializeWithLines<QuestionnaireFile>(Deserializer, file, text);
        InputException Problem(string path, string field, string? value, string problem) => new(file, lines.Of(path), field, value, problem);
        if (dto.Year is null) throw Problem("year", "year", null, "a questionnaire needs its year");
        var sections = new List<QuestionnaireSection>();
        var places = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        foreach (var (section, s) in (dto.Sections ?? []).Select((x, i) => (x, i)))
        {
            var sectionPath = $"sections[{s}]";
            if (string.IsNullOrWhiteSpace(section.Id)) throw Problem($"{sectionPath}.id", "sections.id", section.Title, "a section needs an id");
            var questions = new List<Question>();
            foreach (var (q, n) in (section.Questions ?? []).Select((x, i) => (x, i)))
            {
                var at = $"{sectionPath}.questions[{n}]";
                if (!places.TryGetValue(q.Id ?? "", out var seen)) places[q.Id ?? ""] = seen = [];
                seen.Add(at);
                if (q.Kind is null || !Kinds.TryGetValue(q.Kind, out var kind))
                    throw Problem($"{at}.kind", $"{q.Id}.kind", q.Kind, $"the kind must be one of {string.Join(", ", Kinds.Keys)}");
                if (string.IsNullOrWhiteSpace(q.Text)) throw Problem($"{at}.text", $"{q.Id}.text", null, "a question needs its text");
                var unit = NumberUnit.Count;
                if (q.Unit is not null && (kind is not (QuestionKind.Number or QuestionKind.Table) || !Units.TryGetValue(q.Unit, out unit)))
                    throw Problem($"{at}.unit", $"{q.Id}.unit", q.Unit, $"a number or table question's unit is {string.Join(" or ", Units.Keys)} (count when left out)");
                var translations = new Dictionary<string, QuestionText>(StringComparer.Ordinal);
                foreach (var (language, words) in new[] { ("fr", q.Fr), ("es", q.Es) })
                {
                    if (words is null) continue;
                    if (string.IsNullOrWhiteSpace(words.Text)) throw Problem($"{at}.{language}.text", $"{q.Id}.{language}.text", null, "a translation needs the question's text");
                    translations[language] = new QuestionText(words.Text, words.Help, words.Options ?? []) { Rows = words.Rows ?? [], Columns = words.Columns ?? [] };
                }
                var links = (q.Statements ?? []).Select((link, l) => Link(file, lines, $"{at}.statements[{l}]", $"{q.Id}.statements", link)).ToList();
                questions.Add(new Question(q.Id ?? "", kind, q.Text, q.Help, q.Required, q.Options ?? [], q.Rows ?? [], q.Columns ?? [],
                    q.ShowIf is null ? null : new ShowIf(q.ShowIf.Question ?? "", q.ShowIf.EqualsValue ?? ""), unit)
                {
                    Statements = links,
                    Translations = translations,
                });
            }
            sections.Add(new QuestionnaireSection(section.Id, section.Title ?? section.Id, section.Node, questions)
            {
                Titles = Titles(file, lines, sectionPath, $"sections.{section.Id}", section.Fr, section.Es),
            });
        }
        var participation = dto.Participation is { } p ? Link(file, lines, "participation", "participation", p) : null;
        if (participation is { Percent: null })
            throw Problem("participation", "participation.percent", null, "the participation rate is a percent of all offices");
        var questionnaire = new Questionnaire(dto.Year.Value, dto.Title ?? $"Questionnaire {dto.Year}", dto.Framework ?? "", sections)
        {
            Participation = participation,
            Titles = Titles(file, lines, "", "", dto.Fr, dto.Es),
        };
        // A design problem is said on the line of the question's field ("options", "show-if", "fr.text"), and when the
        // field is not written out, on the question's own line. An id written twice is said where it is written again.
        if (Answering.Check(questionnaire) is [var problem, ..])
        {
            var question = places.GetValueOrDefault(problem.Key) is { } written ? (problem.Field == "id" ? written[^1] : written[0]) : "sections";
            var field = problem.Field is null ? problem.Key : $"{problem.Key}.{problem.Field}";
            throw Problem(problem.Field is null ? question : $"{question}.{problem.Field}", field, null, problem.Problem);
        }
        return questionnaire;
    }

    /// <summary>A title's translations (fr:, es: with a title each), optional; <paramref name="field"/> names where they stand in the file.</summary>
    private static Dictionary<string, string> Titles(string file, YamlLines lines, string path, string field, TitleTextFile? fr, TitleTextFile? es)
    {
        var titles = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (language, words) in new[] { ("fr", fr), ("es", es) })
        {
            if (words is null) continue;
            if (string.IsNullOrWhiteSpace(words.Title))
                throw new InputException(file, lines.Of((path.Length == 0 ? "" : path + ".") + language), (field.Length == 0 ? "" : field + ".") + language + ".title", null, "a translation needs the title");
            titles[language] = words.Title;
        }
        return titles;
    }

    private static TitleTextFile? TitleWords(IReadOnlyDictionary<string, string> titles, string language) =>
        titles.TryGetValue(language, out var title) ? new TitleTextFile { Title = title } : null;

    private static StatementLink Link(string file, YamlLines lines, string path, string field, StatementLinkFile link)
    {
        // An empty sentence (say: {en: ~}) was an ArgumentNullException where its placeholders are read (found by bench/Almanac.Fuzz).
        if (link.Say?.FirstOrDefault(s => string.IsNullOrWhiteSpace(s.Value)) is { Key: { } language })
            throw new InputException(file, lines.Of($"{path}.say.{language}"), $"{field}.say.{language}", null, "a sentence needs its text");
        var qualifier = link.Qualifier ?? "exact";
        if (qualifier is not ("exact" or "at-least" or "more-than" or "approximately"))
            throw new InputException(file, lines.Of($"{path}.qualifier"), $"{field}.qualifier", qualifier, "one of exact, at-least, more-than, approximately");
        return new StatementLink(link.Report ?? "", link.Line ?? 0, link.Answer ?? Answering.Yes, link.Count, link.Percent, OfficeStatement.ParseQualifier(qualifier), link.OfficeKind,
            link.Say is { Count: > 0 } say ? new LocalizedText(say) : null);
    }

    private static StatementLinkFile? LinkFile(StatementLink? link) => link is null ? null : new StatementLinkFile
    {
        Report = link.Report,
        Line = link.Line,
        Answer = link.Answer,
        Count = link.Count,
        Percent = link.Percent,
        Qualifier = OfficeStatement.QualifierName(link.Qualifier),
        OfficeKind = link.OfficeKind,
        Say = link.Say is null ? null : new Dictionary<string, string>(link.Say.Texts, StringComparer.Ordinal),
    };

    public static string WriteQuestionnaire(Questionnaire questionnaire) => Serializer.Serialize(new QuestionnaireFile
    {
        Year = questionnaire.Year,
        Title = questionnaire.Title,
        Framework = questionnaire.Framework,
        Participation = LinkFile(questionnaire.Participation),
        Fr = TitleWords(questionnaire.Titles, "fr"),
        Es = TitleWords(questionnaire.Titles, "es"),
        Sections = [.. questionnaire.Sections.Select(s => new SectionFile
        {
            Id = s.Id,
            Title = s.Title,
            Node = s.FrameworkNode,
            Fr = TitleWords(s.Titles, "fr"),
            Es = TitleWords(s.Titles, "es"),
            Questions = [.. s.Questions.Select(q => new QuestionFile
            {
                Id = q.Id,
                Kind = KindName(q.Kind),
                Text = q.Text,
                Help = q.Help,
                Required = q.Required,
                Options = [.. q.Options],
                Rows = [.. q.Rows],
                Columns = [.. q.Columns],
                Unit = q.Kind is QuestionKind.Number or QuestionKind.Table ? UnitName(q.Unit) : null,
                ShowIf = q.ShowIf is null ? null : new ShowIfFile { Question = q.ShowIf.Question, EqualsValue = q.ShowIf.Value },
                Fr = Words(q, "fr"),
                Es = Words(q, "es"),
                Statements = q.Statements.Count == 0 ? null : [.. q.Statements.Select(l => LinkFile(l)!)],
            })],
        })],
    });

    private static QuestionTextFile? Words(Question question, string language) =>
        question.Translations.TryGetValue(language, out var words)
            ? new QuestionTextFile
            {
                Text = words.Text,
                Help = words.Help,
                Options = words.Options.Count == 0 ? null : [.. words.Options],
                Rows = words.Rows.Count == 0 ? null : [.. words.Rows],
                Columns = words.Columns.Count == 0 ? null : [.. words.Columns],
            }
            : null;

    /// <param name="stored">Frameworks already stored that the file's crosswalk may name as well (a file importing one framework).</param>
    public static IReadOnlyList<Framework> ReadFrameworks(string file, string text, IReadOnlyCollection<Framework>? stored = null)
    {
        var (dto, lines) = BoundedYaml.DeserializeWithLines<FrameworksFile>(Deserializer, file, text);
        var frameworks = new List<Framework>();
        foreach (var (f, i) in (dto.Frameworks ?? []).Select((x, i) => (x, i)))
        {
            var at = $"frameworks[{i}]";
            if (string.IsNullOrWhiteSpace(f.Id)) throw new InputException(file, lines.Of($"{at}.id"), "frameworks.id", f.Name, "a framework needs an id");
            if (f.FromYear is null || f.ToYear is null || f.FromYear > f.ToYear)
                throw new InputException(file, lines.Of($"{at}.from-year"), $"{f.Id}.from-year", $"{f.FromYear}–{f.ToYear}", "a framework needs the years it is in force, first to last");
            var nodes = (f.Nodes ?? []).Select(n => new FrameworkNode(n.Id ?? "", n.Kind ?? "", n.Title ?? "", n.Parent,
                [.. (n.Indicators ?? []).Select(i => new Indicator(i.Id ?? "", i.Title ?? "", i.Baseline, i.Target))])).ToList();
            var ids = new HashSet<string>(StringComparer.Ordinal);
            foreach (var (node, n) in nodes.Select((x, n) => (x, n)))
            {
                if (string.IsNullOrWhiteSpace(node.Id) || !ids.Add(node.Id))
                    throw new InputException(file, lines.Of($"{at}.nodes[{n}].id"), $"{f.Id}.nodes.id", node.Id, "a node needs an id of its own");
                if (node.Parent is not null && !ids.Contains(node.Parent))
                    throw new InputException(file, lines.Of($"{at}.nodes[{n}].parent"), $"{node.Id}.parent", node.Parent, "the parent must be an earlier node");
            }
            frameworks.Add(new Framework(f.Id, f.Name ?? f.Id, f.FromYear.Value, f.ToYear.Value, nodes));
        }
        // Each crosswalk entry is kept with the framework it starts from, which is therefore one of the file's; the nodes
        // it goes to may be of a framework stored before.
        var links = new List<CrosswalkLink>();
        foreach (var (entry, e) in (dto.Crosswalk ?? []).Select((x, e) => (x, e)))
        {
            var line = lines.Of($"crosswalk[{e}].from");
            var from = NodeRef.Parse(entry.From) ?? throw new InputException(file, line, "crosswalk.from", entry.From, "a node is written framework/node, e.g. migof/principle-1");
            if (frameworks.All(f => f.Id != from.Framework) && stored?.Any(f => f.Id == from.Framework) == true)
                throw new InputException(file, line, "crosswalk.from", entry.From, $"an entry starts from a framework of this file: {from.Framework} is not in it");
            var to = (entry.To ?? []).Select(t => NodeRef.Parse(t)
                ?? throw new InputException(file, lines.Of($"crosswalk[{e}].to"), "crosswalk.to", t, "a node is written framework/node, e.g. strategic-plan-2024-2028/priority-protection")).ToList();
            links.Add(new CrosswalkLink(from, to));
        }
        var known = frameworks.Concat((stored ?? []).Where(f => frameworks.All(g => g.Id != f.Id))).ToList();
        if (new Crosswalk(links).Problems(known).FirstOrDefault() is { } problem) throw new InputException(file, null, problem.Field, problem.Value, problem.Problem);
        return [.. frameworks.Select(f => f with { Crosswalk = [.. links.Where(l => l.From.Framework == f.Id)] })];
    }

    public static string WriteFrameworks(IEnumerable<Framework> frameworks) => Serializer.Serialize(new FrameworksFile
    {
        Frameworks = [.. frameworks.Select(f => new FrameworkFile
        {
            Id = f.Id,
            Name = f.Name,
            FromYear = f.FromYear,
            ToYear = f.ToYear,
            Nodes = [.. f.Nodes.Select(n => new NodeFile
            {
                Id = n.Id,
                Kind = n.Kind,
                Title = n.Title,
                Parent = n.Parent,
                Indicators = [.. n.Indicators.Select(i => new IndicatorFile { Id = i.Id, Title = i.Title, Baseline = i.Baseline, Target = i.Target })],
            })],
        })],
        Crosswalk = [.. frameworks.SelectMany(f => f.Crosswalk).Select(l => new CrosswalkFile { From = l.From.ToString(), To = [.. l.To.Select(t => t.ToString())] })],
    });

    /// <summary>Offices from CSV: code, name, kind (headquarters, regional, country), region, country; other columns are ignored.</summary>
    public static IReadOnlyList<Office> ReadOffices(string file, TextReader text)
    {
        // The row being read starts on the line after the previous one ended (a quoted cell may run over several lines).
        long start = 1;
        var config = new CsvConfiguration(CultureInfo.InvariantCulture)
        {
            PrepareHeaderForMatch = a => a.Header.Trim().ToLowerInvariant(),
            // A stray quote is said on its row's line, and a cell is held to the bound as it is read, as in a staff list
            // (CsvHelper's own BadDataException named no line; found by bench/Almanac.Fuzz).
            BadDataFound = args => throw new InputException(file, start, null, args.Field, "malformed CSV: a quote inside a cell that does not start with one (a stray quote?)"),
            MaxFieldSize = InputLimits.MaxCellLength,
        };
        using var csv = new CsvReader(text, config);
        bool Read()
        {
            start = csv.Parser.RawRow + 1;
            try
            {
                // The row's cells are split here, where a stray quote's InputException can leave (TryGetField would swallow it).
                if (!csv.Read()) return false;
                _ = csv.Parser.Record;
                return true;
            }
            catch (MaxFieldSizeException)
            {
                throw new InputException(file, start, null, null,
                    $"a cell of the row starting on this line is longer than the {InputLimits.Number(InputLimits.MaxCellLength)} characters a cell may have (a stray quote?)");
            }
        }
        if (!Read() || !csv.ReadHeader()) throw new InputException(file, 1, null, null, "the file is empty: the first line must name the columns code, name, kind, region, country");
        foreach (var column in new[] { "code", "name", "kind" })
        {
            if (!csv.HeaderRecord!.Any(h => h.Trim().Equals(column, StringComparison.OrdinalIgnoreCase))) throw new InputException(file, 1, column, null, "this column is missing");
        }
        var offices = new List<Office>();
        while (Read())
        {
            var line = start;
            if (offices.Count == InputLimits.MaxOffices) throw new InputException(file, line, null, null, $"more than {InputLimits.Number(InputLimits.MaxOffices)} offices, the most a file may hold");
            // An export's cells come back as they were: the quote WriteOffices puts before a formula-like text is removed.
            string? Field(string name) => csv.TryGetField<string>(name, out var v) && !string.IsNullOrWhiteSpace(v) ? SpreadsheetText.Restore(v.Trim()) : null;
            // The rules of one office's fields are the domain's, as for an office added or changed in the page.
            void Refuse(string column, string? value, string? problem)
            {
                if (problem is not null) throw new InputException(file, line, column, value, problem);
            }
            var code = Field("code");
            Refuse("code", code, OfficeRules.CodeProblem(code)?.Message);
            var kindText = Field("kind");
            Refuse("kind", kindText, OfficeRules.KindProblem(kindText)?.Message);
            var country = Field("country")?.ToUpperInvariant();
            Refuse("country", country, OfficeRules.CountryProblem(country)?.Message);
            var name = Field("name");
            Refuse("name", name, OfficeRules.NameProblem(name)?.Message);
            var region = Field("region");
            if (region is not null) Refuse("region", region, OfficeRules.CodeProblem(region)?.Message);
            offices.Add(new Office(code!, name!, OfficeKinds.Parse(kindText)!.Value, region, country));
        }
        if (OfficeKinds.Check(offices) is [var problem, ..])
        {
            var index = offices.FindIndex(o => o.Code == problem.Office);
            throw new InputException(file, index + 2, problem.Field, problem.Value, problem.Problem.Message);
        }
        return offices;
    }

    public static string WriteOffices(IEnumerable<Office> offices)
    {
        using var writer = new StringWriter(CultureInfo.InvariantCulture);
        using var csv = new CsvWriter(writer, CultureInfo.InvariantCulture);
        foreach (var header in new[] { "code", "name", "kind", "region", "country" }) csv.WriteField(header);
        csv.NextRecord();
        foreach (var office in offices)
        {
            foreach (var field in new[] { office.Code, office.Name, office.Kind.Code(), office.Region, office.Country }) csv.WriteField(SpreadsheetText.Cell(field));
            csv.NextRecord();
        }
        csv.Flush();
        return writer.ToString();
    }

    // The file shapes, as YAML writes them (hyphenated names).
#pragma warning disable CA1812, CA2227, CA1002 // instantiated and filled by YamlDotNet
    private sealed class QuestionnaireFile
    {
        public int? Year { get; set; }
        public string? Title { get; set; }
        public string? Framework { get; set; }
        public StatementLinkFile? Participation { get; set; }
        public TitleTextFile? Fr { get; set; }
        public TitleTextFile? Es { get; set; }
        public List<SectionFile>? Sections { get; set; }
    }

    private sealed class SectionFile
    {
        public string? Id { get; set; }
        public string? Title { get; set; }
        public string? Node { get; set; }
        public TitleTextFile? Fr { get; set; }
        public TitleTextFile? Es { get; set; }
        public List<QuestionFile>? Questions { get; set; }
    }

    private sealed class TitleTextFile
    {
        public string? Title { get; set; }
    }

    private sealed class QuestionFile
    {
        public string? Id { get; set; }
        public string? Kind { get; set; }
        public string? Text { get; set; }
        public string? Help { get; set; }
        public bool Required { get; set; }
        public List<string>? Options { get; set; }
        public List<string>? Rows { get; set; }
        public List<string>? Columns { get; set; }
        public string? Unit { get; set; }
        public ShowIfFile? ShowIf { get; set; }
        public QuestionTextFile? Fr { get; set; }
        public QuestionTextFile? Es { get; set; }
        public List<StatementLinkFile>? Statements { get; set; }
    }

    private sealed class QuestionTextFile
    {
        public string? Text { get; set; }
        public string? Help { get; set; }
        public List<string>? Options { get; set; }
        public List<string>? Rows { get; set; }
        public List<string>? Columns { get; set; }
    }

    private sealed class StatementLinkFile
    {
        public string? Report { get; set; }
        public int? Line { get; set; }
        public string? Answer { get; set; }
        public int? Count { get; set; }
        public decimal? Percent { get; set; }
        public string? Qualifier { get; set; }
        public string? OfficeKind { get; set; }
        public Dictionary<string, string>? Say { get; set; }
    }

    private sealed class ShowIfFile
    {
        public string? Question { get; set; }
        [YamlMember(Alias = "equals")]
        public string? EqualsValue { get; set; }
    }

    private sealed class FrameworksFile
    {
        public List<FrameworkFile>? Frameworks { get; set; }
        public List<CrosswalkFile>? Crosswalk { get; set; }
    }

    private sealed class CrosswalkFile
    {
        public string? From { get; set; }
        public List<string>? To { get; set; }
    }

    private sealed class FrameworkFile
    {
        public string? Id { get; set; }
        public string? Name { get; set; }
        public int? FromYear { get; set; }
        public int? ToYear { get; set; }
        public List<NodeFile>? Nodes { get; set; }
    }

    private sealed class NodeFile
    {
        public string? Id { get; set; }
        public string? Kind { get; set; }
        public string? Title { get; set; }
        public string? Parent { get; set; }
        public List<IndicatorFile>? Indicators { get; set; }
    }

    private sealed class IndicatorFile
    {
        public string? Id { get; set; }
        public string? Title { get; set; }
        public decimal? Baseline { get; set; }
        public decimal? Target { get; set; }
    }
#pragma warning restore CA1812, CA2227, CA1002
}
