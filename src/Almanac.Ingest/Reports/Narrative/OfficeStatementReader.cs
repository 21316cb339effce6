using System.Globalization;
using System.Text.RegularExpressions;
using Almanac.Domain.Reports.Statements;

namespace Almanac.Ingest.Reports.Narrative;

/// <summary>
/// Reads every statement of a report's narrative that counts offices or gives a share of them — "In 2017, 102 IOM
/// offices supported …", "Seventy-two per cent of IOM offices …", "(35 offices)", "Of these, 60 offices (36%) …",
/// "74 per cent of the 123 offices reporting on risk management" — with its qualifier, base, year, paragraph, line and
/// the statement it refines. Written for the genre, not for one report: no statement list, no line numbers, any layout
/// <see cref="NarrativeText"/> reads.
/// </summary>
public static partial class OfficeStatementReader
{
    /// <summary>The statements of a document in reading order.</summary>
    public static IReadOnlyList<OfficeStatement> Read(ReportDocument document)
    {
        var reportYear = document.Identity.Year;
        var found = new List<Figure>();
        foreach (var paragraph in NarrativeText.Paragraphs(document))
        {
            if (!MentionsOffices().IsMatch(paragraph.Text)) continue;
            // Found once per paragraph: a long paragraph must not be searched again for each of its sentences.
            var reportingBases = ReportingBase().Matches(paragraph.Text);
            foreach (var sentence in NarrativeText.Sentences(paragraph.Text))
            {
                // What a part without a head refers to: the paragraph's last statement; "Of these" may also point back
                // across a paragraph break, to the section's last statement.
                var inParagraph = found.LastOrDefault(f => f.Role is StatementRole.Main or StatementRole.Subset && f.Paragraph == paragraph);
                var previous = inParagraph ?? found.LastOrDefault(f => f.Role == StatementRole.Main && f.Paragraph.Section == paragraph.Section);
                // "Of the 159 reporting offices, 65 … and almost two thirds of reporting offices …": the same base.
                var reporting = reportingBases.LastOrDefault(b => b.Index + b.Length <= sentence.Offset) is { } b ? Number(b.Groups["b"].Value) : null;
                found.AddRange(new SentenceReader(paragraph, sentence, reportYear, inParagraph, previous, reporting).Read());
            }
        }
        var ordinals = new Dictionary<Figure, int>();
        for (var i = 0; i < found.Count; i++) ordinals[found[i]] = i + 1;
        return [.. found.Select(f => new OfficeStatement(
            ordinals[f], f.Paragraph.Number, f.Line, f.Year, f.Subject, f.Count, f.Qualifier, f.Percent,
            f.Base ?? (f.Role == StatementRole.Subset && f.Parent is { Qualifier: StatementQualifier.Exact, Count: { } whole } ? whole : null),
            f.Role, f.Parent is null ? null : ordinals[f.Parent], f.Role == StatementRole.Conjunct ? null : f.Parent?.Line, f.Paragraph.Section, Cut(f.Sentence.Trim(), OfficeStatement.MaxTextLength)))];
    }

    /// <summary>One figure found in a sentence, before ordinals are given.</summary>
    private sealed class Figure(NarrativeParagraph paragraph, string sentence, int position)
    {
        public NarrativeParagraph Paragraph { get; } = paragraph;
        public string Sentence { get; } = sentence;

        /// <summary>Where the figure's number starts in the sentence.</summary>
        public int Position { get; } = position;
        public int End { get; set; }
        public int Line { get; set; }
        public int Year { get; set; }
        public int? ExplicitYear { get; set; }
        public int? Count { get; set; }
        public decimal? Percent { get; set; }
        public int? Base { get; set; }
        public StatementQualifier Qualifier { get; set; }
        public StatementRole Role { get; set; } = StatementRole.Main;
        public Figure? Parent { get; set; }
        public string Subject { get; set; } = "";
        public bool IsShare => Count is null && Percent is not null;
    }

    /// <summary>The figures of one sentence: each pattern adds figures or details of figures, keyed by where the number stands.</summary>
    private sealed class SentenceReader(NarrativeParagraph paragraph, NarrativeSentence sentence, int reportYear,
        Figure? previousInParagraph, Figure? previousStatement, int? reportingBase)
    {
        private readonly SortedDictionary<int, Figure> _figures = [];
        private readonly List<(int Start, int End)> _yearsUsed = [];
        private readonly string _text = sentence.Text;

        public List<Figure> Read()
        {
            // "Out of these, 97 stated …" counts offices without the word when the sentence before stated a count of them.
            if (!MentionsOffices().IsMatch(_text) && !(previousStatement is not null && PointsBack().IsMatch(_text))) return [];
            Counts();
            Shares();
            OfTheseLead();
            OfWhich();
            FromTo();
            Comparisons();
            Continuations();
            Resolve();
            return [.. _figures.Values];
        }

        private Figure At(Group number, Match phrase)
        {
            if (!_figures.TryGetValue(number.Index, out var figure))
            {
                figure = new Figure(paragraph, _text, number.Index);
                _figures[number.Index] = figure;
            }
            figure.End = Math.Max(figure.End, phrase.Index + phrase.Length);
            figure.Line = paragraph.LineAt(sentence.Offset + number.Index);
            return figure;
        }

        private void Counts()
        {
            foreach (Match m in CountPhrase().Matches(_text))
            {
                var number = m.Groups["n"];
                var before = _text[..m.Index];
                // "the nine Regional Offices" names the organization's structure; "of the 123 offices" is a base, read with its share.
                if (Definite().IsMatch(before)) continue;
                var count = Number(number.Value);
                // "one Regional Office": the singular counts one office and nothing else.
                if ((count == 1) != m.Groups["noun"].Value.Equals("office", StringComparison.OrdinalIgnoreCase)) continue;
                var figure = At(number, m);
                figure.Count = count;
                figure.Qualifier = Qualifier(m.Groups["qual"].Value);
                if (m.Groups["pct"].Success) figure.Percent = Percent(m.Groups["pct"].Value);
                if (NarrativeText.PreviousYearOpening().Match(before) is { Success: true } year)
                {
                    figure.Role = StatementRole.Comparison;
                    figure.ExplicitYear = int.Parse(year.Groups["y"].Value, CultureInfo.InvariantCulture);
                    _yearsUsed.Add((year.Index, m.Index));
                }
                else if (InParentheses(m.Index, m.Index + m.Length))
                {
                    figure.Role = StatementRole.Part;
                }
            }
            // "… (13 offices); … working groups (13); …": once a sentence breaks a count down in parentheses, a bare
            // number in parentheses is one more part.
            if (!_figures.Values.Any(f => f.Role == StatementRole.Part)) return;
            foreach (Match m in BarePart().Matches(_text))
            {
                var number = m.Groups["n"];
                if (_figures.ContainsKey(number.Index)) continue;
                var figure = At(number, m);
                figure.Count = Number(number.Value);
                figure.Role = StatementRole.Part;
            }
        }

        private void Shares()
        {
            foreach (Match m in SharePhrase().Matches(_text))
            {
                var figure = At(m.Groups["p"], m);
                figure.Percent = Percent(m.Groups["p"].Value);
                figure.Qualifier = Qualifier(m.Groups["qual"].Value);
                if (m.Groups["b"].Success) figure.Base = Number(m.Groups["b"].Value);
                else if (m.Groups["reporting"].Success) figure.Base = reportingBase;
            }
            foreach (Match m in FractionPhrase().Matches(_text))
            {
                var figure = At(m.Groups["f"], m);
                figure.Percent = Fraction(m.Groups["f"].Value);
                // "almost two thirds": a fraction in words is a rounded share unless the text says more.
                figure.Qualifier = m.Groups["qual"].Success ? Qualifier(m.Groups["qual"].Value) : StatementQualifier.Approximately;
                if (m.Groups["b"].Success) figure.Base = Number(m.Groups["b"].Value);
                else if (m.Groups["reporting"].Success) figure.Base = reportingBase;
            }
        }

        /// <summary>"Of these, 60 offices (36%) …", "Out of these offices, 28 …", "Of the 159 reporting offices, 65 …", "Of the offices that …, close to 70 per cent …".</summary>
        private void OfTheseLead()
        {
            var m = OfTheseLeadPhrase().Match(_text);
            if (!m.Success) return;
            var pointsBack = m.Groups["these"].Success || !m.Groups["b"].Success;
            if (!m.Groups["these"].Success && !MentionsOffices().IsMatch(m.Groups["mid"].Value)) return;
            var figure = At(m.Groups["n"], m);
            var value = m.Groups["n"].Value;
            if (m.Groups["pc"].Success)
            {
                figure.Percent ??= Percent(value);
                figure.Count = null;
            }
            else
            {
                figure.Count ??= Number(value);
                if (m.Groups["lpct"].Success) figure.Percent ??= Percent(m.Groups["lpct"].Value);
            }
            figure.Qualifier = m.Groups["qual"].Success ? Qualifier(m.Groups["qual"].Value) : figure.Qualifier;
            figure.Role = StatementRole.Subset;
            if (m.Groups["b"].Success) figure.Base = Number(m.Groups["b"].Value);
            if (pointsBack) figure.Parent = previousStatement;
        }

        /// <summary>"…, of which 28 …": a subset of the figure before it.</summary>
        private void OfWhich()
        {
            foreach (Match m in OfWhichPhrase().Matches(_text))
            {
                var whole = _figures.Values.LastOrDefault(f => f.Position < m.Index && f.Count is not null);
                if (whole is null) continue;
                var figure = At(m.Groups["n"], m);
                figure.Count ??= Number(m.Groups["n"].Value);
                figure.Role = StatementRole.Subset;
                figure.Parent = whole;
            }
        }

        /// <summary>"The number of IOM offices providing health support … in 2017 doubled compared to that of 2016, from 19 to 39."</summary>
        private void FromTo()
        {
            var subject = NumberOfOffices().Match(_text);
            if (!subject.Success) return;
            var m = FromToPhrase().Match(_text, subject.Index);
            if (!m.Success) return;
            var years = YearMention().Matches(_text).Select(y => int.Parse(y.Value, CultureInfo.InvariantCulture)).Where(Plausible).Distinct().Order().ToList();
            var (earlier, later) = years.Count >= 2 ? (years[0], years[^1]) : (YearNear(m.Index) - 1, YearNear(m.Index));
            var to = At(m.Groups["b"], m);
            to.Count = Number(m.Groups["b"].Value);
            to.ExplicitYear = later;
            var from = At(m.Groups["a"], m);
            from.Count = Number(m.Groups["a"].Value);
            from.ExplicitYear = earlier;
            from.Role = StatementRole.Comparison;
            from.Parent = to;
            var what = subject.Groups["what"].Value;
            to.Subject = Clause(what);
            _yearsUsed.Add((0, _text.Length));
        }

        /// <summary>"… in 2018 compared with 33 in 2017", "(2016: 52)".</summary>
        private void Comparisons()
        {
            if (!_figures.Values.Any(f => f.Count is not null)) return;
            foreach (Match m in ComparedWith().Matches(_text))
            {
                // "… in seven countries … compared with five in 2017" compares the countries, not the offices: the
                // compared figure must follow the count of offices with no other number between them.
                var counted = _figures.Values.LastOrDefault(f => f.Position < m.Index && f.Count is not null);
                if (counted is null || NumberToken().Matches(_text[counted.End..m.Index]).Any(n => !YearMention().IsMatch(n.Value))) continue;
                var figure = At(m.Groups["n"], m);
                figure.Count ??= Number(m.Groups["n"].Value);
                figure.Role = StatementRole.Comparison;
                figure.ExplicitYear = int.Parse(m.Groups["y"].Value, CultureInfo.InvariantCulture);
                _yearsUsed.Add((m.Index, m.Index + m.Length));
            }
        }

        /// <summary>
        /// Figures that continue a list of office counts without the noun: "Seventy-nine offices reported …; 54 reported
        /// that …; and 48 that …", "… while 56 (34%) had started …", "72 per cent of offices …, and 69 per cent involved …".
        /// </summary>
        private void Continuations()
        {
            foreach (Match m in CountContinuation().Matches(_text))
            {
                if (!_figures.Values.Any(f => f.Position < m.Index && f.Count is not null && f.Role != StatementRole.Comparison)) continue;
                var value = Number(m.Groups["n"].Value);
                if (value is null || _figures.ContainsKey(m.Groups["n"].Index)) continue;
                var figure = At(m.Groups["n"], m);
                figure.Count = value;
                figure.Qualifier = Qualifier(m.Groups["qual"].Value);
                if (m.Groups["pct"].Success) figure.Percent = Percent(m.Groups["pct"].Value);
                figure.Subject = Clause(_text[m.Groups["verb"].Index..]);
                Inherit(figure);
            }
            foreach (Match m in ShareContinuation().Matches(_text))
            {
                var share = _figures.Values.LastOrDefault(f => f.Position < m.Index && f.IsShare);
                if (share is null || _figures.ContainsKey(m.Groups["p"].Index)) continue;
                var figure = At(m.Groups["p"], m);
                figure.Percent = Percent(m.Groups["p"].Value);
                figure.Qualifier = Qualifier(m.Groups["qual"].Value);
                figure.Base = share.Base;
                figure.Subject = Clause(_text[m.Groups["verb"].Index..]);
                Inherit(figure);
            }
        }

        /// <summary>A figure that continues a sentence begun with "Of these, …" is a subset of the same statement.</summary>
        private void Inherit(Figure figure)
        {
            var lead = _figures.Values.FirstOrDefault(f => f.Role == StatementRole.Subset && f.Position < figure.Position);
            if (lead is null) return;
            figure.Role = StatementRole.Subset;
            figure.Parent = lead.Parent;
            figure.Base ??= lead.Base;
        }

        /// <summary>Roles, parents, years and subjects, once every pattern has spoken.</summary>
        private void Resolve()
        {
            Figure? head = null;
            Figure? last = null;
            foreach (var figure in _figures.Values)
            {
                if (figure.Count is null && figure.Percent is null) continue;
                if (figure.Role == StatementRole.Main && last is { Role: StatementRole.Main or StatementRole.Conjunct, Count: not null } && figure.Count is not null
                    && AndBetween().IsMatch(_text[last.End..figure.Position]))
                {
                    figure.Role = StatementRole.Conjunct;
                    figure.Parent = last.Role == StatementRole.Conjunct ? last.Parent : last;
                }
                if (figure.Role == StatementRole.Part) figure.Parent ??= head ?? previousInParagraph;
                if (figure.Role == StatementRole.Comparison) figure.Parent ??= head;
                if (figure.Role is StatementRole.Main or StatementRole.Subset) head = figure;
                last = figure;
            }
            foreach (var figure in _figures.Values)
            {
                figure.Year = figure.ExplicitYear ?? (figure.Role is StatementRole.Part or StatementRole.Conjunct && figure.Parent is not null
                    ? figure.Parent.ExplicitYear ?? YearNear(figure.Parent.Position)
                    : YearNear(figure.Position));
                if (figure.Subject.Length == 0) figure.Subject = Subject(figure);
            }
            foreach (var figure in _figures.Values.Where(f => f.Role == StatementRole.Conjunct && f.Parent is not null))
            {
                // "105 Country Offices and eight Regional Offices reported that …": what the group did follows its last member.
                figure.Parent!.Subject = figure.Subject;
            }
            foreach (var figure in _figures.Values.Where(f => f.Role == StatementRole.Comparison && f.Parent is not null))
            {
                figure.Subject = figure.Parent!.Subject;
            }
            foreach (var key in _figures.Where(f => f.Value.Count is null && f.Value.Percent is null).Select(f => f.Key).ToList()) _figures.Remove(key);
        }

        private string Subject(Figure figure)
        {
            var next = _figures.Values.Where(f => f.Position > figure.Position).Select(f => f.Position).DefaultIfEmpty(_text.Length).Min();
            if (figure.Role == StatementRole.Part)
            {
                var open = _text.LastIndexOf('(', figure.Position);
                var from = Math.Max(_text.LastIndexOfAny([',', ';', ':', ')'], Math.Max(open - 1, 0)) + 1, 0);
                var parentEnd = figure.Parent is { } p && p.Paragraph == figure.Paragraph && p.Sentence == figure.Sentence ? p.End : 0;
                return Clause(_text[Math.Max(from, Math.Min(parentEnd, open))..Math.Max(open, 0)], leading: true);
            }
            var after = figure.End < next ? Clause(_text[figure.End..next]) : "";
            if (after.Split(' ', StringSplitOptions.RemoveEmptyEntries).Length >= 3) return after;
            var previousEnd = _figures.Values.Where(f => f.Position < figure.Position).Select(f => f.End).DefaultIfEmpty(0).Max();
            var before = Clause(_text[Math.Min(previousEnd, figure.Position)..figure.Position], leading: true);
            return before.Length > after.Length ? before : after;
        }

        /// <summary>The year the sentence names for a figure: the nearest "in/during/by … YYYY" before it, else the first after it, else the report's year.</summary>
        private int YearNear(int position)
        {
            var mentions = TemporalYear().Matches(_text)
                .Where(m => !_yearsUsed.Any(u => m.Index >= u.Start && m.Index < u.End))
                .Select(m => (m.Index, Year: int.Parse(m.Groups["y"].Value, CultureInfo.InvariantCulture)))
                .Where(m => Plausible(m.Year))
                .ToList();
            var before = mentions.LastOrDefault(m => m.Index < position);
            if (before.Year != 0) return before.Year;
            var after = mentions.FirstOrDefault(m => m.Index > position);
            return after.Year != 0 ? after.Year : reportYear;
        }

        private bool Plausible(int year) => year >= reportYear - 15 && year <= reportYear + 1;

        private bool InParentheses(int start, int end)
        {
            var open = _text.LastIndexOf('(', Math.Max(start - 1, 0));
            if (open < 0 || _text.IndexOf(')', open) is var close && close >= 0 && close < start) return false;
            var after = _text.IndexOf(')', end > 0 ? end - 1 : 0);
            var reopen = _text.IndexOf('(', end > 0 ? end - 1 : 0);
            return after >= 0 && (reopen < 0 || reopen > after);
        }
    }

    /// <summary>A clause of running text: up to its first ';', parenthesis or sentence end, trimmed of joining words and cut to length.</summary>
    private static string Clause(string text, bool leading = false)
    {
        var clause = text;
        if (!leading)
        {
            var stop = clause.IndexOfAny([';', '(', ')']);
            if (stop >= 0) clause = clause[..stop];
            var join = ClauseJoin().Match(clause);
            if (join.Success) clause = clause[..join.Index];
        }
        else
        {
            var start = clause.LastIndexOfAny([';', '(', ')', ':']);
            if (start >= 0) clause = clause[(start + 1)..];
        }
        clause = LeadingJoin().Replace(clause.Trim(), "");
        clause = clause.Trim().TrimEnd('.', ',', ';', ':', ' ');
        return Cut(clause, OfficeStatement.MaxSubjectLength);
    }

    private static string Cut(string text, int length)
    {
        if (text.Length <= length) return text;
        var cut = text[..length];
        var space = cut.LastIndexOf(' ');
        return (space > length / 2 ? cut[..space] : cut) + "…";
    }

    private static int? Number(string text)
    {
        var digits = text.Replace(",", "", StringComparison.Ordinal).Replace(" ", "", StringComparison.Ordinal);
        return int.TryParse(digits, NumberStyles.None, CultureInfo.InvariantCulture, out var value) ? value : NarrativeText.WordsValue(text);
    }

    private static decimal? Percent(string text) =>
        decimal.TryParse(text, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var value) ? value : NarrativeText.WordsValue(text);

    private static decimal Fraction(string words)
    {
        var lower = words.ToLowerInvariant();
        if (lower.Contains("two", StringComparison.Ordinal) && lower.Contains("third", StringComparison.Ordinal)) return 66.7m;
        if (lower.Contains("third", StringComparison.Ordinal)) return 33.3m;
        if (lower.Contains("three", StringComparison.Ordinal)) return 75m;
        if (lower.Contains("quarter", StringComparison.Ordinal)) return 25m;
        return 50m;
    }

    private static StatementQualifier Qualifier(string text) => WhitespaceRun().Replace(text.Trim().ToLowerInvariant(), " ") switch
    {
        "" or "a total of" => StatementQualifier.Exact,
        "more than" or "over" or "upwards of" => StatementQualifier.MoreThan,
        "at least" or "no fewer than" or "no less than" => StatementQualifier.AtLeast,
        _ => StatementQualifier.Approximately,
    };

    private const string Qual = @"(?:(?<qual>more\s+than|over|upwards\s+of|at\s+least|no\s+fewer\s+than|no\s+less\s+than|about|approximately|roughly|some|around|close\s+to|nearly|almost|an\s+estimated|a\s+total\s+of)\s+)";
    private const string Words = @"(?:(?:one|two|three|four|five|six|seven|eight|nine)\s+hundred(?:\s+(?:and\s+)?(?:(?:twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)(?:[-‑](?:one|two|three|four|five|six|seven|eight|nine))?|ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen|one|two|three|four|five|six|seven|eight|nine))?|(?:twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)(?:[-‑](?:one|two|three|four|five|six|seven|eight|nine))?|ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen|one|two|three|four|five|six|seven|eight|nine)";
    private const string Digits = @"(?<![\d.,])\d{1,4}(?![\d]|[.,]\d)";
    private const string Modifiers = @"(?:(?:IOM|IOM's|IOM’s|Organization's|Organization’s|its|their|country|regional|field|reporting|responding|participating|additional|more|other|national|subregional|sub-regional|and|Headquarters)\s+){0,4}";
    private const string Pct = @"\s*(?:per\s*cent|percent|%)";

    /// <summary>What follows a count of offices written without the noun: a verb ("54 reported that", "40 carried out",
    /// "51 collaborating"), "that", or "in"/"with" continuing a list ("27 in awareness-raising", "6 with humanitarian visas").</summary>
    private const string Verb = @"(?:reported|indicated|mentioned|confirmed|noted|stated|said|that|had|have|were|are|did|with|in\b(?!\s+(?:19|20)\d{2})|[a-z]+ed|[a-z]+ing)\b";

    [GeneratedRegex(@"\boffices?\b", RegexOptions.IgnoreCase)]
    private static partial Regex MentionsOffices();

    [GeneratedRegex(@"^\s*(?:Of|Out\s+of|Among)\s+(?:these|those|them)\b", RegexOptions.IgnoreCase)]
    private static partial Regex PointsBack();

    [GeneratedRegex(Qual + @"?(?<n>" + Digits + @"|\b" + Words + @"\b)\s+" + Modifiers + @"(?<noun>offices?)\b(?:\s*\((?<pct>\d{1,3}(?:\.\d+)?)" + Pct + @"\))?", RegexOptions.IgnoreCase)]
    private static partial Regex CountPhrase();

    [GeneratedRegex(Qual + @"?(?<p>\d{1,3}(?:\.\d+)?|\b" + Words + @"\b)" + Pct + @"\s+of\s+(?:the\s+)?(?:(?<b>" + Digits + @"|\b" + Words + @"\b)\s+)?(?:(?<reporting>reporting|responding)\s+)?" + Modifiers + @"offices\b", RegexOptions.IgnoreCase)]
    private static partial Regex SharePhrase();

    [GeneratedRegex(Qual + @"?\b(?<f>two[\s\-‑]thirds|one[\s\-‑]third|a\s+third|one[\s\-‑]half|half|a\s+quarter|one[\s\-‑]quarter|three[\s\-‑]quarters)\s+of\s+(?:the\s+)?(?:(?<b>" + Digits + @"|\b" + Words + @"\b)\s+)?(?:(?<reporting>reporting|responding)\s+)?" + Modifiers + @"offices\b", RegexOptions.IgnoreCase)]
    private static partial Regex FractionPhrase();

    [GeneratedRegex(@"^\s*(?:Of|Out\s+of|Among)\s+(?:(?<these>these|those|them)|the(?:\s+(?<b>" + Digits + @"|\b" + Words + @"\b))?(?=\s))(?<mid>[^,;]{0,160}?),\s+" + Qual + @"?(?<n>" + Digits + @"|\b" + Words + @"\b)(?:(?<pc>" + Pct + @")|\s*\((?<lpct>\d{1,3}(?:\.\d+)?)" + Pct + @"\)|(?=\s+(?:" + Modifiers + @"offices\b|\(|" + Verb + @")))", RegexOptions.IgnoreCase)]
    private static partial Regex OfTheseLeadPhrase();

    [GeneratedRegex(@",\s+of\s+(?:which|whom|these|them)\s+(?<n>" + Digits + @"|\b" + Words + @"\b)\b|[;,]\s+(?:and\s+)?(?<n>" + Digits + @"|\b" + Words + @"\b)\s+of\s+(?:these|them|which)\b", RegexOptions.IgnoreCase)]
    private static partial Regex OfWhichPhrase();

    [GeneratedRegex(@"\bnumber\s+of\s+(?<what>" + Modifiers + @"offices\b[^,;()]*)", RegexOptions.IgnoreCase)]
    private static partial Regex NumberOfOffices();

    [GeneratedRegex(@"\bfrom\s+(?<a>" + Digits + @"|\b" + Words + @"\b)\s+to\s+(?<b>" + Digits + @"|\b" + Words + @"\b)\b", RegexOptions.IgnoreCase)]
    private static partial Regex FromToPhrase();

    [GeneratedRegex(@"\bcompared\s+(?:with|to)\s+(?<n>" + Digits + @"|\b" + Words + @"\b)(?:\s+offices)?\s+in\s+(?<y>(?:19|20)\d{2})\b|\((?<y>(?:19|20)\d{2})\s*:\s*(?<n>" + Digits + @")\)", RegexOptions.IgnoreCase)]
    private static partial Regex ComparedWith();

    [GeneratedRegex(@"(?:[;,]|\bwhile\b|\bwhereas\b|\band\b|\bwith\b)\s+(?:and\s+|while\s+|whereas\s+)?(?:another\s+|a\s+further\s+)?" + Qual + @"?(?<n>" + Digits + @"|\b" + Words + @"\b)(?:\s*\((?<pct>\d{1,3}(?:\.\d+)?)" + Pct + @"\))?\s+(?<verb>" + Verb + @")")]
    private static partial Regex CountContinuation();

    [GeneratedRegex(@"(?:[;,]|\bwhile\b|\band\b)\s+(?:and\s+|while\s+)?" + Qual + @"?(?<p>\d{1,3}(?:\.\d+)?|\b" + Words + @"\b)" + Pct + @"\s+(?!of\b)(?<verb>[a-z]+)")]
    private static partial Regex ShareContinuation();

    [GeneratedRegex(@"\b(?:in|during|throughout|for|by|by\s+the\s+end\s+of|at\s+the\s+end\s+of|as\s+of(?:\s+[A-Z][a-z]+)?)\s+(?<y>(?:19|20)\d{2})\b(?!\s*[-–‑]\s*\d)", RegexOptions.IgnoreCase)]
    private static partial Regex TemporalYear();

    [GeneratedRegex(@"\b(?:19|20)\d{2}\b")]
    private static partial Regex YearMention();

    [GeneratedRegex(@"(?<b>" + Digits + @"|\b" + Words + @"\b)\s+(?:reporting|responding)\s+offices\b", RegexOptions.IgnoreCase)]
    private static partial Regex ReportingBase();

    [GeneratedRegex(Digits + @"|\b" + Words + @"\b", RegexOptions.IgnoreCase)]
    private static partial Regex NumberToken();

    [GeneratedRegex(@"\((?<n>\d{1,3})\)")]
    private static partial Regex BarePart();

    [GeneratedRegex(@"\bthe\s+$", RegexOptions.IgnoreCase)]
    private static partial Regex Definite();

    [GeneratedRegex(@"^\s*(?:,\s*)?and\s+$", RegexOptions.IgnoreCase)]
    private static partial Regex AndBetween();

    [GeneratedRegex(@",\s+(?:while|whereas|and\s+(?=\d|another|a\s+further)|followed\s+by|with\s+(?=\d)|particularly|notably|including|such\s+as|for\s+(?:example|instance)|mostly|mainly)\b", RegexOptions.IgnoreCase)]
    private static partial Regex ClauseJoin();

    [GeneratedRegex(@"^(?:,\s*)?(?:and|or|while|whereas|with|as\s+well\s+as)\s+", RegexOptions.IgnoreCase)]
    private static partial Regex LeadingJoin();

    [GeneratedRegex(@"\s+")]
    private static partial Regex WhitespaceRun();
}
