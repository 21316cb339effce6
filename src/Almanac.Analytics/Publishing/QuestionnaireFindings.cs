using System.Globalization;
using System.Text;
using Almanac.Domain.Observations;
using Almanac.Domain.Platform;
using Almanac.Domain.Publishing;
using Almanac.Domain.Reports.Statements;
using Almanac.Domain.Tables;
using Humanizer;

namespace Almanac.Analytics.Publishing;

/// <summary>
/// Writes a <see cref="FindingsDefinition"/>: the sentences the report year's questionnaire links carry, each figure
/// counted from the locked year's answers (the fact table's "questionnaire.&lt;question&gt;" rows by office and
/// answer), traced to the questionnaire, the question, the answer, the base and the offices counted, and checked against
/// the figure the report printed.
/// </summary>
public sealed class QuestionnaireFindings
{
    /// <summary>The dimension of a questionnaire fact that holds the answer ("yes", an option).</summary>
    public const string AnswerDimension = "answer";

    /// <summary>The rule of the finding written when the answers do not give the printed figure.</summary>
    public const string Rule = "statement-matches-answers";

    private readonly PublicationInputs _inputs;
    private readonly TraceBook _book;
    private readonly List<CountedOffices> _counts;
    private readonly IReadOnlyDictionary<string, Office> _offices;
    private readonly ILookup<(string Measure, int Year), Observation> _answers;

    internal QuestionnaireFindings(PublicationInputs inputs, TraceBook book, List<CountedOffices> counts)
    {
        _inputs = inputs;
        _book = book;
        _counts = counts;
        _offices = inputs.Offices.ToDictionary(o => o.Code, StringComparer.Ordinal);
        _answers = inputs.Observations.Where(o => o.Measure.StartsWith(QuestionnaireObservations.MeasurePrefix, StringComparison.Ordinal)
            && o.Key[QueryOffice] is not null).ToLookup(o => (o.Measure, o.Year));
    }

    // The fact table's office column, as the query engine names it.
    private const string QueryOffice = "office";

    /// <summary>The measures the findings blocks of a definition read: the questions with a sentence, of every questionnaire they can write.</summary>
    public static IReadOnlyCollection<string> Measures(ReportDefinition definition, IReadOnlyList<Questionnaire> questionnaires) =>
    [
        .. definition.Sections.SelectMany(s => s.Blocks).OfType<FindingsDefinition>()
            .SelectMany(block => questionnaires.SelectMany(q => Sections(block, q)))
            .SelectMany(s => s.Questions).Where(q => q.Statements.Any(l => l.Say is not null))
            .Select(q => QuestionnaireObservations.MeasurePrefix + q.Id).Distinct(StringComparer.Ordinal),
    ];

    private static IEnumerable<QuestionnaireSection> Sections(FindingsDefinition block, Questionnaire questionnaire) =>
        questionnaire.Framework == block.Framework ? questionnaire.Sections.Where(s => s.FrameworkNode == block.Node) : [];

    /// <summary>One paragraph per questionnaire section of the node that has a sentence, for the report year's questionnaire.</summary>
    /// <param name="countedTemplate">How a count is described beside the offices it lists, in the publication's language: {questionnaire}, {question}, {answer}, {count}, {base}.</param>
    internal IEnumerable<ParagraphBlock> Paragraphs(FindingsDefinition block, int year, string language, string countedTemplate)
    {
        if (_inputs.Questionnaires.FirstOrDefault(q => q.Year == year) is not { } questionnaire) yield break;
        var lead = block.Lead?.In(language);
        foreach (var section in Sections(block, questionnaire))
        {
            var inlines = new List<Inline>();
            foreach (var question in section.Questions)
            {
                // A report may print one figure twice (in its foreword and its chapter): the chapter says it once.
                var said = question.Statements.Where(l => l.Say is not null).DistinctBy(l => (l.Answer, l.OfficeKind, l.Count, l.Percent));
                foreach (var link in said)
                {
                    if (inlines.Count > 0) inlines.Add(new TextInline(" "));
                    inlines.AddRange(Sentence(questionnaire, question, link, language, countedTemplate));
                }
            }
            if (inlines.Count == 0) continue;
            if (lead is not null) inlines.Insert(0, new TextInline(lead + " "));
            lead = null;
            yield return new ParagraphBlock(Merge(inlines));
        }
    }

    private IEnumerable<Inline> Sentence(Questionnaire questionnaire, Question question, StatementLink link, string language, string countedTemplate)
    {
        var template = link.Say!.In(language);
        var counted = Count(questionnaire, question, link);
        var position = 0;
        foreach (var (name, index, length) in StatementSentences.Placeholders(template))
        {
            if (index > position) yield return new TextInline(template[position..index]);
            var startsSentence = StartsSentence(template, index);
            yield return name switch
            {
                StatementSentences.Year => new TextInline(questionnaire.Year.ToString(CultureInfo.InvariantCulture)),
                StatementSentences.Count => Figure(counted, counted.Count, CellKind.Count, link.Count, link, link.Answer, questionnaire, question, language, startsSentence, countedTemplate),
                StatementSentences.Percent => Figure(counted, counted.Percent(link.Percent), CellKind.Percent, link.Percent, link, link.Answer, questionnaire, question, language, startsSentence, countedTemplate),
                // The base is every office that answered the question, whatever its answer: no answer coordinate, all answers named.
                StatementSentences.Base => Figure(counted with { Offices = counted.Answered }, counted.Base, CellKind.Count, null, link, null, questionnaire, question, language, startsSentence, countedTemplate),
                _ => new TextInline(template.Substring(index, length)),
            };
            position = index + length;
        }
        if (position < template.Length) yield return new TextInline(template[position..]);
    }

    /// <summary>The offices of a link's kind that gave its answer, and the offices that answered the question.</summary>
    private sealed record Counted(IReadOnlyList<Office> Offices, IReadOnlyList<Office> Answered, IReadOnlyList<Observation> Basis)
    {
        public int Count => Offices.Count;

        public int Base => Answered.Count;

        /// <summary>The count's share of the base, rounded as the printed figure is (to its decimals, half away from zero).</summary>
        public decimal? Percent(decimal? printed) => Base == 0 ? null
            : Math.Round(100m * Count / Base, printed is { } p ? OfficeStatement.Decimals(p) : 0, MidpointRounding.AwayFromZero);
    }

    private Counted Count(Questionnaire questionnaire, Question question, StatementLink link)
    {
        var rows = _answers[(QuestionnaireObservations.MeasurePrefix + question.Id, questionnaire.Year)].Where(o => o.Value > 0).ToList();
        var kind = OfficeKinds.Parse(link.OfficeKind);
        List<Office> Offices(IEnumerable<Observation> observations) =>
        [
            .. observations.Select(o => o.Key[QueryOffice]!).Distinct(StringComparer.Ordinal)
                .Select(code => _offices.GetValueOrDefault(code) ?? new Office(code, code, OfficeKind.CountryOffice, null, null))
                .OrderBy(o => o.Name, StringComparer.Ordinal),
        ];
        var matching = rows.Where(o => o.Key[AnswerDimension] == link.Answer && (kind is null || _offices.GetValueOrDefault(o.Key[QueryOffice]!)?.Kind == kind)).ToList();
        return new Counted(Offices(matching), Offices(rows), matching);
    }

    /// <param name="answer">The answer the figure counts; null for the question's respondents (its base).</param>
    private FigureInline Figure(Counted counted, decimal? value, CellKind kind, decimal? printed, StatementLink link, string? answer, Questionnaire questionnaire, Question question,
        string language, bool startsSentence, string countedTemplate)
    {
        if (value is null) return new FigureInline("…", PublishedCell.Empty(kind));
        var findings = printed is null ? [] : Check(link, kind, printed.Value, value.Value);
        var trace = _book.For(counted.Basis, $"questionnaire-{questionnaire.Year}", findings);
        var description = countedTemplate
            .Replace("{questionnaire}", questionnaire.Title, StringComparison.Ordinal)
            .Replace("{question}", question.Translations.TryGetValue(language, out var words) ? words.Text : question.Text, StringComparison.Ordinal)
            .Replace("{answer}", answer is null ? string.Join(", ", Answers(question).Select(a => Answer(question, a, language))) : Answer(question, answer, language), StringComparison.Ordinal)
            .Replace("{count}", NumberFormat.Count(counted.Count, language), StringComparison.Ordinal)
            .Replace("{base}", NumberFormat.Count(counted.Base, language), StringComparison.Ordinal);
        _counts.Add(new CountedOffices(description, [.. counted.Offices.Select(o => o.Name)]));
        var key = answer is null ? DimensionKey.Empty : DimensionKey.Of((AnswerDimension, answer));
        if (link.OfficeKind is { } officeKind) key = key.With("office-kind", officeKind);
        var indicator = QuestionnaireObservations.MeasurePrefix + question.Id + (kind == CellKind.Percent ? ".share" : "");
        var cell = new PublishedCell(value, kind, new FigureCoordinates(indicator, questionnaire.Year, key), trace with { Counted = _counts.Count - 1 });
        return new FigureInline(Words(value.Value, kind, language, startsSentence), cell);
    }

    /// <summary>
    /// A finding when the answers do not give the figure the report printed: equal for an exact figure, above it for
    /// "more than", at least it for "at least", and within 5 per cent of it (at least one office or point) for "approximately".
    /// </summary>
    private IReadOnlyList<Finding> Check(StatementLink link, CellKind kind, decimal printed, decimal computed)
    {
        var holds = link.Qualifier switch
        {
            StatementQualifier.MoreThan => computed > printed,
            StatementQualifier.AtLeast => computed >= printed,
            StatementQualifier.Approximately => Math.Abs(computed - printed) <= Math.Max(1m, printed * 0.05m),
            _ => computed == printed,
        };
        if (holds) return [];
        var source = _inputs.Sources.Where(s => s.Name == link.Report + ".txt" || s.Name == link.Report).MaxBy(s => s.ImportedAt);
        var what = kind == CellKind.Percent ? $"{printed} per cent" : $"{printed} offices";
        return
        [
            new Finding("office-statements", Rule,
                $"{link.Report} line {link.Line} prints {OfficeStatement.QualifierName(link.Qualifier)} {what} answering \"{link.Answer}\"; the questionnaire's approved answers give {computed}",
                printed, computed, source?.Name ?? link.Report, link.Line, FindingSeverity.Error, source?.Id),
        ];
    }

    private static IReadOnlyList<string> Answers(Question question) =>
        question.Kind == QuestionKind.YesNo ? [Answering.Yes, Answering.No] : question.Options;

    private static string Answer(Question question, string answer, string language)
    {
        if (question.Kind is QuestionKind.SingleChoice or QuestionKind.MultipleChoice
            && question.Translations.TryGetValue(language, out var words) && words.Options.Count == question.Options.Count)
        {
            var index = question.Options.ToList().IndexOf(answer);
            if (index >= 0) return words.Options[index];
        }
        return (language, answer) switch
        {
            ("fr", Answering.Yes) => "oui",
            ("es", Answering.Yes) => "sí",
            ("fr", Answering.No) => "non",
            _ => answer,
        };
    }

    /// <summary>
    /// A figure as running text writes it: digits with the language's unit for a share ("72 per cent", "72 %"), in words
    /// when it opens a sentence ("Seventy-two per cent", "Soixante-douze pour cent") and for a count below ten ("six").
    /// </summary>
    public static string Words(decimal value, CellKind kind, string language, bool startsSentence)
    {
        var whole = value == decimal.Truncate(value) && value is >= 0 and < 1_000_000;
        // The United Nations editorial rule: a count below ten is written in words in running text ("six offices").
        if (whole && (startsSentence || (kind == CellKind.Count && value < 10)))
        {
            var culture = CultureInfo.GetCultureInfo(language);
            var words = ((long)value).ToWords(culture);
            if (startsSentence) words = char.ToUpper(words[0], culture) + words[1..];
            return kind == CellKind.Percent ? words + language switch { "fr" => " pour cent", "es" => " por ciento", _ => " per cent" } : words;
        }
        var digits = NumberFormat.Count(value, language);
        return kind == CellKind.Percent ? digits + (language == "en" ? " per cent" : "\u00A0%") : digits;
    }

    /// <summary>Whether the text before <paramref name="index"/> ends a sentence (or is empty): a figure there is written in words.</summary>
    private static bool StartsSentence(string template, int index)
    {
        var before = template[..index].TrimEnd();
        return before.Length == 0 || before[^1] is '.' or '!' or '?';
    }

    /// <summary>Adjacent text runs joined, so that renderers see one run between figures.</summary>
    private static List<Inline> Merge(List<Inline> inlines)
    {
        var merged = new List<Inline>();
        var text = new StringBuilder();
        foreach (var inline in inlines)
        {
            if (inline is TextInline plain)
            {
                text.Append(plain.Text);
                continue;
            }
            if (text.Length > 0) merged.Add(new TextInline(text.ToString()));
            text.Clear();
            merged.Add(inline);
        }
        if (text.Length > 0) merged.Add(new TextInline(text.ToString()));
        return merged;
    }
}
