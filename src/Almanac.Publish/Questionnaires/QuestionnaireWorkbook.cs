using System.Globalization;
using Almanac.Domain;
using Almanac.Domain.Platform;
using Almanac.Publish.Publications;
using Almanac.Publish.Publications.Xlsx;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;
using Layout = Almanac.Domain.Platform.QuestionnaireWorkbookLayout;

namespace Almanac.Publish.Questionnaires;

/// <summary>
/// The words a questionnaire workbook writes besides the questionnaire's own, in the workbook's language: the web's
/// resources give them (Workbook.* in UiText), so that the workbook speaks as the pages do.
/// </summary>
/// <param name="Submission">"{0} — {1}, version {2}" (office, year, version).</param>
/// <param name="WholeNumber">"A whole number from 0 to {0}".</param>
/// <param name="Amount">"A number from 0 to {0}, at most {1} decimals".</param>
/// <param name="Text">"Text of at most {0} characters".</param>
public sealed record WorkbookWords(string Instructions, IReadOnlyList<string> InstructionLines, string Question, string Answer, string Accepted,
    string Yes, string No, string Submission, string WholeNumber, string Amount, string Choose, string YesNo, string Text, string Tick, string Refused);

/// <summary>A submission a workbook carries: its office, questionnaire and answers as stored.</summary>
public sealed record WorkbookSource(Submission Submission, Office Office, Questionnaire Questionnaire, IReadOnlyDictionary<string, string> Answers);

/// <summary>
/// Writes submissions as an offline questionnaire workbook (<see cref="QuestionnaireWorkbookLayout"/> is its layout): the
/// instructions first, then for each submission a sheet per section, a row per answer with its question's words in the
/// language, the answer cell validated as the form checks it (a drop-down list for a choice and for yes or no, a whole
/// or decimal number within the bounds, a text length), every other cell locked and the sheets protected, the keys on a
/// hidden sheet. The same submissions give the same bytes.
/// </summary>
public static class QuestionnaireWorkbook
{
    private const uint Plain = 0;
    private const uint Bold = 1;
    private const uint Wrapped = 2;
    private const uint AnswerCell = 3;

    /// <summary>The workbook's bytes.</summary>
    public static byte[] Write(IReadOnlyList<WorkbookSource> sources, string language, WorkbookWords words)
    {
        ArgumentNullException.ThrowIfNull(sources);
        ArgumentNullException.ThrowIfNull(words);
        var taken = new HashSet<string>(StringComparer.OrdinalIgnoreCase) { Layout.KeysSheet, Layout.ListsSheet };
        var sheets = new List<(string Name, Worksheet Sheet, SheetStateValues State)>();
        var lists = new Lists();
        var keys = new List<string[]> { new[] { Layout.Marker, Layout.FormatVersion } };
        var instructions = new List<(string Text, uint Style)> { (words.Instructions, Bold) };
        instructions.AddRange(words.InstructionLines.Select(l => (l, Wrapped)));
        var instructionsName = XlsxWriter.Unique(XlsxWriter.SheetName(words.Instructions), taken);
        foreach (var source in sources)
        {
            var (submission, office, questionnaire, answers) = source;
            keys.Add(["submission", Invariant(submission.Id), office.Code, Invariant(submission.Year), Invariant(submission.Version), language]);
            instructions.Add(("", Plain));
            instructions.Add((string.Format(CultureInfo.InvariantCulture, words.Submission, office.Name + " (" + office.Code + ")", submission.Year, submission.Version), Bold));
            foreach (var section in questionnaire.Sections)
            {
                var title = section.TitleIn(language);
                var name = XlsxWriter.Unique(XlsxWriter.SheetName(sources.Count > 1 ? $"{office.Code} {title}" : title), taken);
                instructions.Add(("  " + name, Plain));
                sheets.Add((name, SectionSheet(name, title, section, questionnaire, answers, language, words, lists, keys, submission.Id), SheetStateValues.Visible));
            }
        }
        sheets.Insert(0, (instructionsName, TextSheet(instructions), SheetStateValues.Visible));
        sheets.Add((Layout.ListsSheet, lists.Sheet(), SheetStateValues.Hidden));
        sheets.Add((Layout.KeysSheet, KeysSheet(keys), SheetStateValues.VeryHidden));
        var first = sources.Count > 0 ? sources[0] : null;
        return Package(first is null ? "Questionnaire" : first.Questionnaire.TitleIn(language), language, sheets);
    }

    private static Worksheet SectionSheet(string sheetName, string title, QuestionnaireSection section, Questionnaire questionnaire, IReadOnlyDictionary<string, string> answers,
        string language, WorkbookWords words, Lists lists, List<string[]> keys, long submissionId)
    {
        var data = new SheetData();
        var validations = new List<DataValidation>();
        var row = 0;
        void Line(string? key, string question, uint questionStyle, string? hint, Action<Row, string>? answer = null)
        {
            row++;
            var r = new Row { RowIndex = (uint)row };
            r.Append(Text(Layout.KeyColumn, row, key ?? "", Plain));
            r.Append(Text(Layout.QuestionColumn, row, question, questionStyle));
            var reference = Layout.Cell(Layout.AnswerColumn, row);
            if (answer is not null)
            {
                answer(r, reference);
                keys.Add(["answer", Invariant(submissionId), sheetName, reference, key!]);
            }
            if (hint is not null) r.Append(Text(Layout.HintColumn, row, hint, Wrapped));
            data.Append(r);
        }
        void Validate(string reference, DataValidationValues type, string formula1, string? formula2, string prompt, DataValidationOperatorValues? op = null)
        {
            var validation = new DataValidation
            {
                Type = type,
                AllowBlank = true,
                ShowErrorMessage = true,
                ShowInputMessage = true,
                ErrorStyle = DataValidationErrorStyleValues.Stop,
                ErrorTitle = Cut(words.Refused, 32),
                Error = Cut(prompt, 255),
                Prompt = Cut(prompt, 255),
                SequenceOfReferences = new ListValue<StringValue>([reference]),
            };
            if (op is { } o) validation.Operator = o;
            validation.Append(new Formula1(formula1));
            if (formula2 is not null) validation.Append(new Formula2(formula2));
            validations.Add(validation);
        }
        void Number(Row r, string reference, string? value, NumberUnit unit)
        {
            r.Append(Answer(reference, value, numeric: true));
            var max = InputLimits.MaxCount.ToString(CultureInfo.InvariantCulture);
            if (unit == NumberUnit.Count) Validate(reference, DataValidationValues.Whole, "0", max, string.Format(CultureInfo.InvariantCulture, words.WholeNumber, max), DataValidationOperatorValues.Between);
            else Validate(reference, DataValidationValues.Decimal, "0", max + ".9999", string.Format(CultureInfo.InvariantCulture, words.Amount, max + ".9999", InputLimits.FactDecimals), DataValidationOperatorValues.Between);
        }
        void List(Row r, string reference, string? value, IReadOnlyList<string> entries, string prompt)
        {
            r.Append(Answer(reference, value, numeric: false));
            Validate(reference, DataValidationValues.List, lists.Range(entries), null, prompt);
        }
        string YesNo(string? stored) => stored switch { Answering.Yes => words.Yes, Answering.No => words.No, _ => stored ?? "" };

        Line(null, title, Bold, null);
        Line(null, words.Question, Bold, words.Accepted);
        foreach (var question in section.Questions)
        {
            var text = question.TextIn(language) + (question.Required ? " *" : "");
            var help = question.HelpIn(language);
            string Hint(string accepted) => help is null ? accepted : accepted + " — " + help;
            var stored = answers.GetValueOrDefault(question.Id);
            switch (question.Kind)
            {
                case QuestionKind.YesNo:
                    Line(question.Id, text, Wrapped, Hint(words.YesNo), (r, at) => List(r, at, YesNo(stored), [words.Yes, words.No], words.YesNo));
                    break;
                case QuestionKind.SingleChoice:
                    Line(question.Id, text, Wrapped, Hint(words.Choose), (r, at) => List(r, at, stored is null ? null : question.OptionIn(stored, language),
                        [.. question.Options.Select(o => question.OptionIn(o, language))], words.Choose));
                    break;
                case QuestionKind.MultipleChoice:
                    Line(null, text, Wrapped, Hint(words.Tick));
                    var chosen = Answering.Choices(stored);
                    foreach (var option in question.Options)
                    {
                        Line(question.Id + "/" + option, "    " + question.OptionIn(option, language), Wrapped, null,
                            (r, at) => List(r, at, chosen.Contains(option, StringComparer.Ordinal) ? words.Yes : null, [words.Yes, words.No], words.Tick));
                    }
                    break;
                case QuestionKind.Number:
                    Line(question.Id, text, Wrapped, Hint(question.Unit == NumberUnit.Count ? string.Format(CultureInfo.InvariantCulture, words.WholeNumber, InputLimits.MaxCount)
                        : string.Format(CultureInfo.InvariantCulture, words.Amount, InputLimits.MaxCount + ".9999", InputLimits.FactDecimals)), (r, at) => Number(r, at, stored, question.Unit));
                    break;
                case QuestionKind.Text:
                    var length = InputLimits.MaxTextAnswerLength.ToString(CultureInfo.InvariantCulture);
                    Line(question.Id, text, Wrapped, Hint(string.Format(CultureInfo.InvariantCulture, words.Text, length)), (r, at) =>
                    {
                        r.Append(Answer(at, stored, numeric: false));
                        Validate(at, DataValidationValues.TextLength, length, null, string.Format(CultureInfo.InvariantCulture, words.Text, length), DataValidationOperatorValues.LessThanOrEqual);
                    });
                    break;
                case QuestionKind.Table:
                    Line(null, text, Wrapped, help);
                    foreach (var tableRow in question.Rows)
                    {
                        foreach (var column in question.Columns)
                        {
                            var key = Answering.CellKey(question.Id, tableRow, column);
                            Line(key, $"    {question.RowIn(tableRow, language)} — {question.ColumnIn(column, language)}", Wrapped, null,
                                (r, at) => Number(r, at, answers.GetValueOrDefault(key), question.Unit));
                        }
                    }
                    break;
            }
        }
        var sheet = new Worksheet(
            new SheetViews(new SheetView { WorkbookViewId = 0, TabSelected = false }),
            new SheetFormatProperties { DefaultRowHeight = 15 },
            new Columns(
                new Column { Min = 1, Max = 1, Width = 12, Hidden = true, CustomWidth = true },
                new Column { Min = 2, Max = 2, Width = 70, CustomWidth = true },
                new Column { Min = 3, Max = 3, Width = 30, CustomWidth = true },
                new Column { Min = 4, Max = 4, Width = 60, CustomWidth = true }),
            data,
            Protected());
        if (validations.Count > 0)
        {
            var list = new DataValidations { Count = (uint)validations.Count };
            list.Append(validations);
            sheet.Append(list);
        }
        return sheet;
    }

    /// <summary>The sheet protection: every cell but the answers locked, rows and columns neither inserted nor deleted; no password, as it guards against slips, not people.</summary>
    private static SheetProtection Protected() => new()
    {
        Sheet = true,
        Objects = true,
        Scenarios = true,
        InsertRows = true,
        InsertColumns = true,
        DeleteRows = true,
        DeleteColumns = true,
        Sort = true,
        FormatCells = true,
        FormatColumns = false,
        FormatRows = false,
        SelectLockedCells = false,
        SelectUnlockedCells = false,
    };

    private static Worksheet TextSheet(List<(string Text, uint Style)> lines)
    {
        var data = new SheetData();
        for (var i = 0; i < lines.Count; i++)
        {
            data.Append(new Row(Text(1, i + 1, lines[i].Text, lines[i].Style)) { RowIndex = (uint)(i + 1) });
        }
        return new Worksheet(new SheetViews(new SheetView { WorkbookViewId = 0, TabSelected = true }), new Columns(new Column { Min = 1, Max = 1, Width = 120, CustomWidth = true }),
            data, Protected());
    }

    private static Worksheet KeysSheet(List<string[]> keys)
    {
        var data = new SheetData();
        for (var i = 0; i < keys.Count; i++)
        {
            var row = new Row { RowIndex = (uint)(i + 1) };
            for (var c = 0; c < keys[i].Length; c++) row.Append(Text(c + 1, i + 1, keys[i][c], Plain));
            data.Append(row);
        }
        return new Worksheet(data, Protected());
    }

    /// <summary>The drop-down lists' entries, a column each, the same list written once.</summary>
    private sealed class Lists
    {
        private readonly List<IReadOnlyList<string>> columns = [];
        private readonly Dictionary<string, int> index = new(StringComparer.Ordinal);

        public string Range(IReadOnlyList<string> entries)
        {
            var joined = string.Join("\u001F", entries);
            if (!index.TryGetValue(joined, out var column))
            {
                columns.Add(entries);
                index[joined] = column = columns.Count;
            }
            var letters = Layout.Cell(column, 1)[..^1];
            return $"'{Layout.ListsSheet}'!${letters}$1:${letters}${entries.Count}";
        }

        public Worksheet Sheet()
        {
            var data = new SheetData();
            var rows = columns.Count == 0 ? 0 : columns.Max(c => c.Count);
            for (var r = 1; r <= rows; r++)
            {
                var row = new Row { RowIndex = (uint)r };
                for (var c = 1; c <= columns.Count; c++)
                {
                    if (r <= columns[c - 1].Count) row.Append(Text(c, r, columns[c - 1][r - 1], Plain));
                }
                data.Append(row);
            }
            return new Worksheet(data, Protected());
        }
    }

    private static Cell Text(int column, int row, string text, uint style) =>
        new(new InlineString(new Text(text) { Space = SpaceProcessingModeValues.Preserve })) { CellReference = Layout.Cell(column, row), DataType = CellValues.InlineString, StyleIndex = style };

    /// <summary>An answer cell, unlocked: a stored figure as a number (so that the number validation holds it), anything else as text.</summary>
    private static Cell Answer(string reference, string? value, bool numeric)
    {
        if (value is null) return new Cell { CellReference = reference, StyleIndex = AnswerCell };
        if (numeric && decimal.TryParse(value, NumberStyles.Number, CultureInfo.InvariantCulture, out _))
            return new Cell(new CellValue(value)) { CellReference = reference, DataType = CellValues.Number, StyleIndex = AnswerCell };
        var cell = Text(0, 0, value, AnswerCell);
        cell.CellReference = reference;
        return cell;
    }

    private static string Invariant(long value) => value.ToString(CultureInfo.InvariantCulture);

    private static string Cut(string text, int length) => text.Length <= length ? text : text[..length];

    private static byte[] Package(string title, string language, List<(string Name, Worksheet Sheet, SheetStateValues State)> sheets)
    {
        using var memory = new MemoryStream();
        using (var document = SpreadsheetDocument.Create(memory, SpreadsheetDocumentType.Workbook))
        {
            CoreProperties.Add(document, title, language);
            // Relationship ids are given, never generated: generated ones are random.
            var workbookPart = document.AddNewPart<WorkbookPart>("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml", "rIdWorkbook");
            var stylesPart = workbookPart.AddNewPart<WorkbookStylesPart>("rIdStyles");
            var list = new Sheets();
            for (var i = 0; i < sheets.Count; i++)
            {
                var part = workbookPart.AddNewPart<WorksheetPart>($"rIdSheet{i + 1}");
                part.Worksheet = sheets[i].Sheet;
                var sheet = new Sheet { Name = sheets[i].Name, SheetId = (uint)(i + 1), Id = $"rIdSheet{i + 1}" };
                if (sheets[i].State != SheetStateValues.Visible) sheet.State = sheets[i].State;
                list.Append(sheet);
            }
            var workbook = new Workbook(new WorkbookProtection { LockStructure = true }, new BookViews(new WorkbookView { ActiveTab = 0 }), list);
            workbook.AddNamespaceDeclaration("r", "http://schemas.openxmlformats.org/officeDocument/2006/relationships");
            workbookPart.Workbook = workbook;
            stylesPart.Stylesheet = Styles();
        }
        return DeterministicPackage.Repack(memory.ToArray());
    }

    /// <summary>Four styles: plain, bold, wrapped, and the answer cell (unlocked, wrapped, shaded so that a person sees where to type).</summary>
    private static Stylesheet Styles() => new(
        new Fonts(new Font(new FontSize { Val = 11 }, new FontName { Val = "Calibri" }),
            new Font(new Bold(), new FontSize { Val = 11 }, new FontName { Val = "Calibri" }))
        { Count = 2 },
        new Fills(new Fill(new PatternFill { PatternType = PatternValues.None }), new Fill(new PatternFill { PatternType = PatternValues.Gray125 }),
            new Fill(new PatternFill(new ForegroundColor { Rgb = "FFFFF7D6" }) { PatternType = PatternValues.Solid }))
        { Count = 3 },
        new Borders(new Border(new LeftBorder(), new RightBorder(), new TopBorder(), new BottomBorder(), new DiagonalBorder()),
            new Border(new LeftBorder { Style = BorderStyleValues.Thin }, new RightBorder { Style = BorderStyleValues.Thin }, new TopBorder { Style = BorderStyleValues.Thin },
                new BottomBorder { Style = BorderStyleValues.Thin }, new DiagonalBorder()))
        { Count = 2 },
        new CellStyleFormats(new CellFormat { NumberFormatId = 0, FontId = 0, FillId = 0, BorderId = 0 }) { Count = 1 },
        new CellFormats(
            new CellFormat { NumberFormatId = 0, FontId = 0, FillId = 0, BorderId = 0, FormatId = 0 },
            new CellFormat { NumberFormatId = 0, FontId = 1, FillId = 0, BorderId = 0, FormatId = 0, ApplyFont = true },
            new CellFormat(new Alignment { WrapText = true, Vertical = VerticalAlignmentValues.Top }) { NumberFormatId = 0, FontId = 0, FillId = 0, BorderId = 0, FormatId = 0, ApplyAlignment = true },
            new CellFormat(new Alignment { WrapText = true, Vertical = VerticalAlignmentValues.Top }, new Protection { Locked = false })
            {
                NumberFormatId = 0,
                FontId = 0,
                FillId = 2,
                BorderId = 1,
                FormatId = 0,
                ApplyFill = true,
                ApplyBorder = true,
                ApplyAlignment = true,
                ApplyProtection = true,
            })
        { Count = 4 },
        new CellStyles(new CellStyle { Name = "Normal", FormatId = 0, BuiltinId = 0 }) { Count = 1 });
}
