using System.Text.Json;
using System.Text.Json.Serialization;
using Almanac.Domain;
using Almanac.Domain.Platform;
using Almanac.Ingest.Platform;
using Almanac.Web.Localization;
using Almanac.Web.Security;
using Almanac.Web.Services;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;

namespace Almanac.Web.Pages;

/// <summary>A question's answer fields as a focal point fills them in (the partial _AnswerInput): named <paramref name="Prefix"/> and the answer key.</summary>
public sealed record AnswerInput(Question Question, IReadOnlyDictionary<string, string> Answers, bool Invalid, string Language, string Prefix = "answer:");

/// <summary>
/// The questionnaire designer (administrators): a year's sections and questions, one question open in an editor (kind,
/// options, rows and columns, unit, show-if, required, and its words in English, French and Spanish), questions added,
/// moved and removed, and a preview of the form as a focal point sees it. The draft travels with the page (the
/// questionnaire as JSON, with the stamp of the version it started from), so that nothing is stored until it is saved:
/// then through the import's own checks and store method, refused with each problem beside its field, or when another
/// change came first.
/// </summary>
public sealed class DesignModel(PlatformService platform, IStringLocalizer<UiText> text) : PageModel
{
    private static readonly JsonSerializerOptions DraftJson = new()
    {
        IgnoreReadOnlyProperties = true,
        Converters = { new JsonStringEnumConverter() },
    };

    /// <summary>The kinds as the questionnaire file names them, in the order the editor offers them.</summary>
    public static readonly IReadOnlyList<QuestionKind> Kinds = Enum.GetValues<QuestionKind>();

    /// <summary>A new question's text: its English words, whatever the page's language, until the administrator writes them.</summary>
    public const string NewQuestionText = "New question";

    /// <summary>A new section's title, in English as a new question's text is.</summary>
    public const string NewSectionTitle = "New section";

    /// <summary>What the preview's fields are named by: never an answer a form posts.</summary>
    public const string PreviewPrefix = "preview:";

    [BindProperty(SupportsGet = true)] public int Year { get; set; }
    [BindProperty] public string? Stamp { get; set; }
    [BindProperty] public string? Draft { get; set; }

    /// <summary>The place ("section.index") of the question open in the editor, if any.</summary>
    [BindProperty(SupportsGet = true)] public string? Selected { get; set; }
    [BindProperty(SupportsGet = true)] public string? PreviewLanguage { get; set; }
    [BindProperty] public QuestionForm Form { get; set; } = new();

    // The button pressed: each names the place it acts on.
    [BindProperty] public string? Open { get; set; }
    [BindProperty] public string? Up { get; set; }
    [BindProperty] public string? Down { get; set; }
    [BindProperty] public string? Remove { get; set; }
    [BindProperty] public int? AddTo { get; set; }
    [BindProperty] public int? SectionUp { get; set; }
    [BindProperty] public int? SectionDown { get; set; }
    [BindProperty] public int? RemoveSection { get; set; }
    [BindProperty] public bool AddSection { get; set; }

    public Questionnaire Questionnaire { get; private set; } = null!;
    public QuestionPlace? Place { get; private set; }
    public int Submissions { get; private set; }
    public YearLock? Lock { get; private set; }

    /// <summary>What is wrong with the draft, by the rules a save applies (those of an imported file), and after a refused save, the store's.</summary>
    public IReadOnlyList<AnswerProblem> Problems { get; private set; } = [];
    public string? Message { get; private set; }
    public bool Failed { get; private set; }

    public string Language => PreviewLanguage is "fr" or "es" ? PreviewLanguage : "en";

    public async Task OnGetAsync(bool saved, CancellationToken cancellationToken)
    {
        await LoadAsync(fromDraft: false, cancellationToken);
        if (saved) Message = text["Design.Saved", Year, Stamp ?? ""];
        Problems = Answering.Check(Questionnaire);
        Draft = JsonSerializer.Serialize(Questionnaire, DraftJson);
    }

    /// <summary>An edit: the editor's fields applied to its question, then the button's change (open, move, remove, add); nothing is stored.</summary>
    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        await LoadAsync(fromDraft: true, cancellationToken);
        try
        {
            ApplyForm();
            ApplyButton();
        }
        catch (AlmanacException error) when (error is not AccessDeniedException)
        {
            (Message, Failed) = (RefusalText.Say(error, text), true);
        }
        Problems = Answering.Check(Questionnaire);
        return Render();
    }

    /// <summary>The preview of the draft with the editor's fields applied, for the page's script to show as the fields change.</summary>
    public async Task<IActionResult> OnPostPreviewAsync(CancellationToken cancellationToken)
    {
        await LoadAsync(fromDraft: true, cancellationToken);
        ApplyForm();
        return Partial("_DesignPreview", this);
    }

    public async Task<IActionResult> OnPostSaveAsync(CancellationToken cancellationToken)
    {
        await LoadAsync(fromDraft: true, cancellationToken);
        // A draft that did not arrive is never saved as the stored questionnaire with the fields over it: the page says so.
        if (Failed) return Render();
        try
        {
            ApplyForm();
            await platform.SaveDesignAsync(Admin(), Questionnaire, Stamp ?? "", cancellationToken);
            return Redirect($"/design/{Year}?saved=true" + (Place is { } place ? $"&selected={place}" : "") + (PreviewLanguage is null ? "" : $"&previewLanguage={Language}"));
        }
        catch (QuestionnaireRefusedException refused)
        {
            (Message, Failed, Problems) = (text["Design.NotSaved", refused.Problems.Count], true, refused.Problems);
        }
        catch (AlmanacException error) when (error is not AccessDeniedException)
        {
            (Message, Failed) = (text["Design.NotSavedBecause", RefusalText.Say(error, text)], true);
            Problems = Answering.Check(Questionnaire);
        }
        return Render();
    }

    private PageResult Render()
    {
        Draft = JsonSerializer.Serialize(Questionnaire, DraftJson);
        Selected = Place?.ToString();
        // The fields show the question as it now is (after a move or a removal, another question or none).
        ModelState.Clear();
        if (Place is { } place) Form = QuestionForm.Of(QuestionnaireDesign.At(Questionnaire, place));
        return Page();
    }

    private Account Admin()
    {
        var account = CurrentAccount.Required(User);
        if (!Access.CanAdminister(account)) throw AccessDeniedException.MayNot("change-questionnaires", "change questionnaires");
        return account;
    }

    /// <summary>
    /// The questionnaire being designed: the draft the page sent, or, on first opening (or a draft that cannot be read), the
    /// stored one with its stamp. The year's lock and submissions are read afresh each time.
    /// </summary>
    private async Task LoadAsync(bool fromDraft, CancellationToken cancellationToken)
    {
        var view = await platform.DesignAsync(Admin(), Year, cancellationToken);
        (Submissions, Lock) = (view.Stored.Submissions, view.Lock);
        Questionnaire? draft = null;
        if (fromDraft)
        {
            try
            {
                draft = Complete(JsonSerializer.Deserialize<Questionnaire>(Draft ?? "", DraftJson));
            }
            catch (JsonException)
            {
            }
            if (draft is null || draft.Year != Year) (Message, Failed) = (text["Design.DraftUnreadable"], true);
        }
        if (draft is null || draft.Year != Year)
        {
            draft = view.Stored.Questionnaire;
            Stamp = view.Stored.Stamp;
        }
        Questionnaire = draft;
        Place = QuestionPlace.Parse(Selected) is { } place && QuestionnaireDesign.Holds(draft, place) ? place : null;
        if (!fromDraft && Place is { } open) Form = QuestionForm.Of(QuestionnaireDesign.At(draft, open));
    }

    /// <summary>A draft as sent, with every list present (JSON may leave one null), or null when it is not a questionnaire.</summary>
    private static Questionnaire? Complete(Questionnaire? draft) => draft?.Sections is null ? null : draft with
    {
        Sections = [.. draft.Sections.Select(s => s with
        {
            Questions = [.. (s.Questions ?? []).Select(q => q with
            {
                Options = q.Options ?? [], Rows = q.Rows ?? [], Columns = q.Columns ?? [],
                Statements = q.Statements ?? [],
                Translations = (q.Translations ?? new Dictionary<string, QuestionText>()).ToDictionary(t => t.Key, t => t.Value with
                {
                    Options = t.Value.Options ?? [], Rows = t.Value.Rows ?? [], Columns = t.Value.Columns ?? [],
                }, StringComparer.Ordinal),
            })],
            Titles = s.Titles ?? new Dictionary<string, string>(),
        })],
        Titles = draft.Titles ?? new Dictionary<string, string>(),
    };

    private void ApplyForm()
    {
        if (Place is { } place && Form.Kind is not null)
        {
            Questionnaire = QuestionnaireDesign.Replace(Questionnaire, place, Form.ToQuestion(QuestionnaireDesign.At(Questionnaire, place)));
        }
        // Titles are read from the form as sent, not bound: a field sent empty is a title left blank (refused when English),
        // a field not sent keeps the title, and a section's fields are found by its place whichever others are sent.
        if (TitleForm.Read(Request, TitleForm.QuestionnaireName) is { } title) Questionnaire = QuestionnaireDesign.Retitle(Questionnaire, title.En!, title.Fr, title.Es);
        for (var section = 0; section < Questionnaire.Sections.Count; section++)
        {
            if (TitleForm.Read(Request, TitleForm.SectionName(section)) is { } words) Questionnaire = QuestionnaireDesign.RenameSection(Questionnaire, section, words.En!, words.Fr, words.Es);
        }
    }

    private void ApplyButton()
    {
        if (QuestionPlace.Parse(Open) is { } open)
        {
            QuestionnaireDesign.At(Questionnaire, open);
            Place = open;
        }
        else if (QuestionPlace.Parse(Up ?? Down) is { } moved)
        {
            (Questionnaire, var to) = QuestionnaireDesign.Move(Questionnaire, moved, down: Down is not null);
            Place = to;
        }
        else if (QuestionPlace.Parse(Remove) is { } removed)
        {
            Questionnaire = QuestionnaireDesign.Remove(Questionnaire, removed);
            Place = null;
        }
        else if (AddTo is { } section)
        {
            (Questionnaire, var added) = QuestionnaireDesign.Add(Questionnaire, section, NewQuestionText);
            Place = added;
        }
        else if ((SectionUp ?? SectionDown) is { } from)
        {
            (Questionnaire, var to) = QuestionnaireDesign.MoveSection(Questionnaire, from, down: SectionDown is not null);
            // The open question goes with its section; the question of the section it changed places with, with that one.
            if (Place is { } selected && to != from) Place = selected.Section == from ? selected with { Section = to } : selected.Section == to ? selected with { Section = from } : selected;
        }
        else if (RemoveSection is { } gone)
        {
            Questionnaire = QuestionnaireDesign.RemoveSection(Questionnaire, gone);
            if (Place is { } selected && selected.Section > gone) Place = selected with { Section = selected.Section - 1 };
        }
        else if (AddSection)
        {
            (Questionnaire, _) = QuestionnaireDesign.AddSection(Questionnaire, NewSectionTitle);
        }
    }

    /// <summary>The draft's problems with the question at a place: each the check names by its id (an id given twice, at its second place).</summary>
    public IReadOnlyList<AnswerProblem> ProblemsAt(QuestionPlace place, string? field = null)
    {
        var question = QuestionnaireDesign.At(Questionnaire, place);
        var places = Questionnaire.Sections.SelectMany((s, i) => s.Questions.Select((q, j) => (q.Id, Place: new QuestionPlace(i, j)))).Where(x => x.Id == question.Id).ToList();
        return [.. Problems.Where(p => p.Key == question.Id && (p.Field == "id" ? places[^1].Place : places[0].Place) == place
            && (field is null || p.Field == field || field == "" && p.Field is null or "statements"))];
    }

    /// <summary>The draft's problems with a title: the questionnaire's (<see cref="Answering.TitleKey"/>) or a section's, by field ("title", "fr.title").</summary>
    public IReadOnlyList<AnswerProblem> TitleProblems(string key, string field) => [.. Problems.Where(p => p.Key == key && p.Field == field)];

    /// <summary>The questions a show-if may name for the question at a place: those before it.</summary>
    public IEnumerable<Question> Earlier(QuestionPlace place) =>
        Questionnaire.Sections.SelectMany((s, i) => s.Questions.Select((q, j) => (q, new QuestionPlace(i, j))))
            .TakeWhile(x => x.Item2 != place).Select(x => x.q);

    public static string KindName(QuestionKind kind) => PlatformFiles.KindName(kind);
}

/// <summary>
/// The editor's fields for one question, as the form posts them: lists one entry a line. What the editor does not show
/// (the statements a question's answers stand behind) is kept from the question as it was.
/// </summary>
public sealed class QuestionForm
{
    public string? Id { get; set; }
    public string? Kind { get; set; }
    public bool Required { get; set; }
    public string? Unit { get; set; }
    public string? Options { get; set; }
    public string? Rows { get; set; }
    public string? Columns { get; set; }
    public string? ShowIfQuestion { get; set; }
    public string? ShowIfValue { get; set; }
    public string? Text { get; set; }
    public string? Help { get; set; }
    public string? TextFr { get; set; }
    public string? HelpFr { get; set; }
    public string? OptionsFr { get; set; }
    public string? RowsFr { get; set; }
    public string? ColumnsFr { get; set; }
    public string? TextEs { get; set; }
    public string? HelpEs { get; set; }
    public string? OptionsEs { get; set; }
    public string? RowsEs { get; set; }
    public string? ColumnsEs { get; set; }

    public static QuestionForm Of(Question question)
    {
        QuestionText? Words(string language) => question.Translations.GetValueOrDefault(language);
        return new QuestionForm
        {
            Id = question.Id,
            Kind = PlatformFiles.KindName(question.Kind),
            Required = question.Required,
            Unit = question.Unit == NumberUnit.Amount ? "amount" : "count",
            Options = Lines(question.Options),
            Rows = Lines(question.Rows),
            Columns = Lines(question.Columns),
            ShowIfQuestion = question.ShowIf?.Question,
            ShowIfValue = question.ShowIf?.Value,
            Text = question.Text,
            Help = question.Help,
            TextFr = Words("fr")?.Text,
            HelpFr = Words("fr")?.Help,
            OptionsFr = Lines(Words("fr")?.Options),
            RowsFr = Lines(Words("fr")?.Rows),
            ColumnsFr = Lines(Words("fr")?.Columns),
            TextEs = Words("es")?.Text,
            HelpEs = Words("es")?.Help,
            OptionsEs = Lines(Words("es")?.Options),
            RowsEs = Lines(Words("es")?.Rows),
            ColumnsEs = Lines(Words("es")?.Columns),
        };
    }

    /// <summary>
    /// The question as the fields give it, the rest kept from <paramref name="was"/>: options only for a choice, rows,
    /// columns for a table, a unit for a number or a table; a language's words when any of them is given.
    /// </summary>
    public Question ToQuestion(Question was)
    {
        var kind = DesignModel.Kinds.FirstOrDefault(k => PlatformFiles.KindName(k) == Kind, was.Kind);
        var choice = kind is QuestionKind.SingleChoice or QuestionKind.MultipleChoice;
        var table = kind == QuestionKind.Table;
        var translations = new Dictionary<string, QuestionText>(StringComparer.Ordinal);
        foreach (var (language, words, help, options, rows, columns) in new[] { ("fr", TextFr, HelpFr, OptionsFr, RowsFr, ColumnsFr), ("es", TextEs, HelpEs, OptionsEs, RowsEs, ColumnsEs) })
        {
            var given = new[] { words, help }.Concat(choice ? [options] : []).Concat(table ? [rows, columns] : []);
            if (given.All(string.IsNullOrWhiteSpace)) continue;
            translations[language] = new QuestionText(words?.Trim() ?? "", Blank(help), choice ? List(options) : []) { Rows = table ? List(rows) : [], Columns = table ? List(columns) : [] };
        }
        return was with
        {
            Id = Id?.Trim() ?? "",
            Kind = kind,
            Text = Text?.Trim() ?? "",
            Help = Blank(Help),
            Required = Required,
            Options = choice ? List(Options) : [],
            Rows = table ? List(Rows) : [],
            Columns = table ? List(Columns) : [],
            ShowIf = string.IsNullOrWhiteSpace(ShowIfQuestion) ? null : new ShowIf(ShowIfQuestion.Trim(), ShowIfValue?.Trim() ?? ""),
            Unit = kind is QuestionKind.Number or QuestionKind.Table && Unit == "amount" ? NumberUnit.Amount : NumberUnit.Count,
            Translations = translations,
        };
    }

    private static string? Blank(string? text) => string.IsNullOrWhiteSpace(text) ? null : text.Trim();

    private static string Lines(IReadOnlyList<string>? entries) => entries is null ? "" : string.Join("\n", entries);

    private static List<string> List(string? lines) =>
        [.. (lines ?? "").Split('\n', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)];
}

/// <summary>
/// A title's fields (the questionnaire's, a section's) in English, French and Spanish, named "{name}.En", "{name}.Fr",
/// "{name}.Es": an empty field stays empty (a blank English title is refused, a blank translation is none).
/// </summary>
public sealed class TitleForm
{
    /// <summary>The name of the questionnaire's title fields.</summary>
    public const string QuestionnaireName = "TitleFields";

    /// <summary>The name of a section's title fields, by its place as drawn.</summary>
    public static string SectionName(int section) => string.Create(System.Globalization.CultureInfo.InvariantCulture, $"SectionTitles[{section}]");

    public string? En { get; init; }
    public string? Fr { get; init; }
    public string? Es { get; init; }

    /// <summary>The fields a form sent under the name, or null when it sent no English one (the title is then kept as it is).</summary>
    public static TitleForm? Read(HttpRequest request, string name) =>
        request.HasFormContentType && request.Form.TryGetValue(name + ".En", out var english)
            ? new TitleForm { En = english.ToString(), Fr = request.Form[name + ".Fr"].ToString(), Es = request.Form[name + ".Es"].ToString() }
            : null;

    public static TitleForm Of(string title, IReadOnlyDictionary<string, string> titles) =>
        new() { En = title, Fr = titles.GetValueOrDefault("fr") ?? "", Es = titles.GetValueOrDefault("es") ?? "" };
}
