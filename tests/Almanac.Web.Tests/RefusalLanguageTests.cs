using System.Globalization;
using System.Net;
using System.Text.Json;
using Almanac.Domain;
using Almanac.Domain.Platform;
using Almanac.Web.Demo;
using Almanac.Web.Localization;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Almanac.Web.Tests;

/// <summary>
/// Refusals built on the server said in the reader's language: the domain gives a stable code and its arguments, the web
/// says it from UiText in English, French or Spanish; the API's ProblemDetails carry the code beside the words. The English
/// texts say exactly what the domain's English says (the command line's), argument by argument.
/// </summary>
public sealed class RefusalLanguageTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static readonly IStringLocalizer<UiText> Text =
        new StringLocalizer<UiText>(new ResourceManagerStringLocalizerFactory(Options.Create(new LocalizationOptions()), NullLoggerFactory.Instance));

    private static string Say(Refusal refusal, string language)
    {
        var before = CultureInfo.CurrentUICulture;
        CultureInfo.CurrentUICulture = CultureInfo.GetCultureInfo(language);
        try
        {
            return RefusalText.Say(refusal, Text);
        }
        finally
        {
            CultureInfo.CurrentUICulture = before;
        }
    }

    private static Refusal Thrown(Action action) => Assert.IsAssignableFrom<AlmanacException>(Record.Exception(action)).Refusal
        ?? throw new InvalidOperationException("the error carries no refusal");

    private static readonly Account Admin = new("root", "Root", Role.Administrator, null, null);

    /// <summary>The demo's 2023 questionnaire, with its questions' French and Spanish words.</summary>
    private static readonly Lazy<Questionnaire> Questionnaire2023 = new(() =>
    {
        var file = Path.Combine(AppContext.BaseDirectory, "..", "..", "..", "..", "..", "data", "platform", "questionnaire-2023.yaml");
        return Almanac.Ingest.Platform.PlatformFiles.ReadQuestionnaire(file, File.ReadAllText(file));
    });

    /// <summary>The one problem of a save of one answer, worded for the field beside which the form shows it.</summary>
    private static Refusal Refused(string key, string value)
    {
        var error = Assert.IsType<AnswersRefusedException>(Record.Exception(() => Answering.NormalizeOrRefuse(Questionnaire2023.Value, new Dictionary<string, string?> { [key] = value })));
        return Assert.Single(error.Fields).Reason ?? throw new InvalidOperationException("the field problem carries no refusal");
    }

    /// <summary>A refusal of every rule with a code, built by the domain as the platform builds it.</summary>
    public static TheoryData<string> Cases() => [.. Refusals().Keys];

    private static Dictionary<string, Func<Refusal>> Refusals()
    {
        IReadOnlyList<Office> offices = [new("RO-DAK", "Dakar", OfficeKind.RegionalOffice, "RO-DAK", null), new("CO-MLI", "Mali", OfficeKind.CountryOffice, "RO-DAK", "MLI")];
        var long201 = new string('x', 201);
        return new()
        {
            ["office code missing"] = () => Thrown(() => OfficeRules.Checked("", "Name", "country", null, null)),
            ["office code start"] = () => Thrown(() => OfficeRules.Checked("-X", "Name", "country", null, null)),
            ["office code characters"] = () => Thrown(() => OfficeRules.Checked("X Y", "Name", "country", null, null)),
            ["office name long"] = () => Thrown(() => OfficeRules.Checked("X1", long201, "country", null, null)),
            ["office kind"] = () => Thrown(() => OfficeRules.Checked("X1", "Name", "planet", null, null)),
            ["office country"] = () => Thrown(() => OfficeRules.Checked("X1", "Name", "country", null, "FR")),
            ["office region not regional"] = () => Thrown(() => OfficeRules.CheckAmong(offices, new Office("CO-X", "X", OfficeKind.CountryOffice, "CO-MLI", "MLI"))),
            ["office others report to it"] = () => Thrown(() => OfficeRules.CheckAmong(offices, new Office("RO-DAK", "Dakar", OfficeKind.CountryOffice, null, "SEN"))),
            ["office in use"] = () => OfficeRules.DeleteProblem("RO-DAK", new OfficeUse(2, 1, 3, 1))!,
            ["office in use once"] = () => OfficeRules.DeleteProblem("CO-X", new OfficeUse(1, 0, 0, 0))!,
            ["office code taken"] = () => OfficeRules.CodeTaken("CO-MLI", "Mali"),
            ["user name start"] = () => AccountRules.UserNameProblem("Root")!,
            ["user name characters"] = () => AccountRules.UserNameProblem("a b")!,
            ["user name taken"] = () => AccountRules.TakenProblem("ana", "ana"),
            ["user name taken by"] = () => AccountRules.TakenProblem("ana", "Ana"),
            ["display name"] = () => AccountRules.DisplayNameProblem(" ")!,
            ["password short"] = () => AccountRules.PasswordProblem("short", "ana")!,
            ["password common"] = () => AccountRules.PasswordProblem("password1234", "ana")!,
            ["scope"] = () => AccountRules.ScopeOf("ana", AccountRules.ScopeProblem(Admin with { Office = "CO-MLI" }, offices)!),
            ["no office"] = () => AccountRules.ScopeProblem(new Account("ana", "Ana", Role.FocalPoint, "CO-ZZZ", null), offices)!,
            ["last administrator"] = () => AccountRules.LockOutProblem("root", true, false, 0)!,
            ["workflow not allowed"] = () => Thrown(() => SubmissionWorkflow.Apply(SubmissionState.Draft, SubmissionAction.Approve, false)),
            ["workflow locked"] = () => Thrown(() => SubmissionWorkflow.Apply(SubmissionState.Submitted, SubmissionAction.Return, true)),
            ["comment too long"] = () => Thrown(() => SubmissionWorkflow.CheckComment(new string('x', InputLimits.MaxCommentLength + 1))),
            ["return without comment"] = () => SubmissionWorkflow.ReturnNeedsComment,
            ["access"] = () => Security.AccessDeniedException.MayNot("act.approve", "approve the submission of office CO-MLI", "CO-MLI").Refusal!,
            ["answer count not whole"] = () => Refused("data-products", "2.5"),
            ["answer not a number in a cell"] = () => Refused("people-assisted/Migrants/Women", "many"),
            ["answer negative"] = () => Refused("data-products", "-3"),
            ["answer count too large"] = () => Refused("data-products", "100000000000000"),
            ["answer not an option"] = () => Refused("durable-solutions", "Sometimes"),
            ["answer yes or no"] = () => Refused("psea-focal-point", "perhaps"),
            ["answer no such question"] = () => Refused("no-such-question", "1"),
            ["answer text too long"] = () => Thrown(() => Answering.Normalize(Questionnaire2023.Value, Questionnaire2023.Value.Questions.First(q => q.Kind == QuestionKind.Text).Id, new string('x', InputLimits.MaxTextAnswerLength + 1))),
            ["answers not saved"] = () => Assert.IsType<AnswersRefusedException>(Record.Exception(() => Answering.NormalizeOrRefuse(Questionnaire2023.Value,
                new Dictionary<string, string?> { ["data-products"] = "2.5", ["psea-focal-point"] = "perhaps" }))).Refusal!,
            ["answer required"] = () => Answering.Incomplete(Questionnaire2023.Value, new Dictionary<string, string>())[0].Reason!,
            ["overview state"] = () => SubmissionOverview.Problem(new OverviewFilter(State: "bogus"))!,
            ["overview sort"] = () => SubmissionOverview.Problem(new OverviewFilter(Sort: "bogus"))!,
            ["overview search"] = () => SubmissionOverview.Problem(new OverviewFilter(Search: new string('x', SubmissionOverview.MaxSearchLength + 1)))!,
            ["overview region"] = () => SubmissionOverview.Problem(new OverviewFilter(Region: new string('x', SubmissionOverview.MaxSearchLength + 1)))!,
            ["comment empty"] = () => Thrown(() => CommentRules.Checked("  ")),
            ["thread comment too long"] = () => Thrown(() => CommentRules.Checked(new string('x', InputLimits.MaxThreadCommentLength + 1))),
            ["not found office"] = () => NotFoundException.Office("CO-ZZZ").Refusal!,
            ["no submission"] = () => NotFoundException.Submission(99).Refusal!,
            ["no questionnaire"] = () => NotFoundException.Questionnaire(2031).Refusal!,
            ["no account"] = () => NotFoundException.Account("nobody").Refusal!,
            ["lock out of range"] = () => QuestionnaireObservations.LockRefusal(2023, [new OutOfRangeAnswer(7, "CO-MLI", 2023, SubmissionState.Approved, "data-products", "1e20")]),
        };
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void The_english_text_of_a_code_says_what_the_domain_says_and_french_and_spanish_say_it_otherwise(string name)
    {
        var refusal = Refusals()[name]();
        Assert.Equal(refusal.Message, Say(refusal, "en"));
        var french = Say(refusal, "fr");
        var spanish = Say(refusal, "es");
        Assert.NotEqual(refusal.Message, french);
        Assert.NotEqual(refusal.Message, spanish);
        Assert.NotEqual(french, spanish);
        // No placeholder is left unfilled.
        Assert.DoesNotContain("{", french + spanish, StringComparison.Ordinal);
    }

    [Fact]
    public void Words_of_a_vocabulary_and_nested_refusals_are_said_in_the_language_and_an_unknown_code_in_english()
    {
        var notAllowed = Thrown(() => SubmissionWorkflow.Apply(SubmissionState.Draft, SubmissionAction.Approve, false));
        Assert.Equal("une soumission à l'état « brouillon » ne peut pas être approuvée", Say(notAllowed, "fr"));
        Assert.Equal("office 'RO-DAK' cannot be deleted: it has 2 submissions, 1 focal point account, 3 reviewer accounts, 1 office reporting to it; "
            + "an office is deleted only while no submission, account or office refers to it (rename it, or change it, instead)", Say(OfficeRules.DeleteProblem("RO-DAK", new OfficeUse(2, 1, 3, 1))!, "en"));
        Assert.StartsWith("le bureau 'RO-DAK' ne peut pas être supprimé : il a 2 soumissions, 1 compte de point focal, 3 comptes d'examinateur·rice, 1 bureau qui en relève ;",
            Say(OfficeRules.DeleteProblem("RO-DAK", new OfficeUse(2, 1, 3, 1))!, "fr"), StringComparison.Ordinal);
        var tooLong = Say(Thrown(() => OfficeRules.Checked("X1", new string('x', 201), "country", null, null)), "fr");
        Assert.StartsWith("nom 'xxx", tooLong, StringComparison.Ordinal);
        Assert.EndsWith(" : un nom a au plus 200 caractères (celui-ci en a 201)", tooLong, StringComparison.Ordinal);
        Assert.Equal("el rol administrador no tiene oficina ni región", Say(Roles.ScopeProblem(Admin with { Region = "RO-DAK" })!, "es"));
        var unknown = Refusal.Of("no.such.code", "said in English only");
        Assert.Equal("said in English only", Say(unknown, "fr"));
    }

    private static async Task<JsonElement> ProblemAsync(ApiClient client, HttpMethod method, string path, object? body, string language, HttpStatusCode status)
    {
        using var request = new HttpRequestMessage(method, path);
        if (client.Token is not null) request.Headers.Add("X-CSRF-TOKEN", client.Token);
        if (body is not null) request.Content = System.Net.Http.Json.JsonContent.Create(body);
        request.Headers.TryAddWithoutValidation("Accept-Language", language);
        using var response = await client.Http.SendAsync(request, Ct);
        var text = await response.Content.ReadAsStringAsync(Ct);
        Assert.True(response.StatusCode == status, $"{response.StatusCode}: {text}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        return JsonDocument.Parse(text).RootElement.Clone();
    }

    private static (string? Code, string? Detail) CodeAndDetail(JsonElement problem) =>
        (problem.TryGetProperty("code", out var code) ? code.GetString() : null, problem.GetProperty("detail").GetString());

    [Fact]
    public async Task A_french_or_spanish_request_gets_each_kind_of_refusal_in_its_language_beside_the_same_stable_code()
    {
        await using var server = await PlatformServer.StartAsync();
        using var admin = await server.ClientAsync("admin");
        using var focal = await server.ClientAsync("focal-mali");
        using var reviewer = await server.ClientAsync("reviewer-dakar");

        // Access: a focal point does not see the overview.
        var access = await ProblemAsync(focal, HttpMethod.Get, "/api/overview/2023", null, "fr-FR,fr;q=0.9", HttpStatusCode.Forbidden);
        Assert.Equal(("access.see-overview", "votre compte ne peut pas voir la vue d'ensemble des soumissions"), CodeAndDetail(access));
        var english = await ProblemAsync(focal, HttpMethod.Get, "/api/overview/2023", null, "en", HttpStatusCode.Forbidden);
        Assert.Equal(("access.see-overview", "your account may not see the submissions overview"), CodeAndDetail(english));

        // Offices: a code that does not begin with a letter or digit, named with its field and value.
        var office = new { code = "-X", name = "Bureau", kind = "country", region = PlatformDemo.ReviewerRegion, country = "SEN" };
        var officeFr = await ProblemAsync(admin, HttpMethod.Post, "/api/offices/", office, "fr", HttpStatusCode.BadRequest);
        Assert.Equal(("office.code-start", "code '-X' : un code commence par une lettre ou un chiffre"), CodeAndDetail(officeFr));
        Assert.Equal("code", officeFr.GetProperty("field").GetString());
        var officeEs = await ProblemAsync(admin, HttpMethod.Post, "/api/offices/", office, "es", HttpStatusCode.BadRequest);
        Assert.Equal(("office.code-start", "código '-X': un código empieza por una letra o una cifra"), CodeAndDetail(officeEs));
        Assert.DoesNotContain(await server.Store.OfficesAsync(Ct), o => o.Code == "-X");

        // Accounts: the last enabled administrator is not disabled.
        var lastAdmin = await ProblemAsync(admin, HttpMethod.Post, "/api/accounts/admin/disable", null, "fr", HttpStatusCode.Conflict);
        Assert.Equal("account.last-administrator", CodeAndDetail(lastAdmin).Code);
        Assert.StartsWith("'admin' est le dernier compte administrateur actif : ", CodeAndDetail(lastAdmin).Detail, StringComparison.Ordinal);

        // Workflow: a draft cannot be approved.
        using (var opened = await focal.SendAsync(HttpMethod.Post, "/api/submissions/", new { office = PlatformDemo.FocalOffice, year = 2023 }))
        {
            Assert.True(opened.IsSuccessStatusCode, await opened.Content.ReadAsStringAsync(Ct));
        }
        var draft = (await server.Store.SubmissionsAsync(2023, Ct)).Single(s => s.Office == PlatformDemo.FocalOffice);
        Assert.Equal(SubmissionState.Draft, draft.State);
        var workflow = await ProblemAsync(reviewer, HttpMethod.Post, $"/api/submissions/{draft.Id}/approve", new { version = draft.Version }, "es", HttpStatusCode.Conflict);
        Assert.Equal("workflow.not-allowed", CodeAndDetail(workflow).Code);
        Assert.DoesNotContain("cannot be", CodeAndDetail(workflow).Detail, StringComparison.Ordinal);
        Assert.StartsWith("un envío en estado «", CodeAndDetail(workflow).Detail, StringComparison.Ordinal);
        Assert.Equal(SubmissionState.Draft, (await server.Store.SubmissionsAsync(2023, Ct)).Single(s => s.Id == draft.Id).State);

        // An error without a code (a request the API cannot read) stays in English, without a code.
        var uncoded = await ProblemAsync(focal, HttpMethod.Put, $"/api/submissions/{draft.Id}/answers", new { answers = new Dictionary<string, string>() }, "fr", HttpStatusCode.BadRequest);
        Assert.Equal(JsonValueKind.Undefined, uncoded.TryGetProperty("code", out var none) ? none.ValueKind : JsonValueKind.Undefined);
        Assert.StartsWith("request field 'version': required", CodeAndDetail(uncoded).Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_overview_filter_the_year_lock_comments_backups_and_missing_records_are_refused_in_french_and_spanish_naming_their_values()
    {
        await using var server = await PlatformServer.StartAsync(configure: o => o.BackupRoot = null);
        using var admin = await server.ClientAsync("admin");
        using var focal = await server.ClientAsync("focal-mali");

        // The overview's filter: the state typed and the states there are.
        var state = await ProblemAsync(admin, HttpMethod.Get, "/api/overview/2023?state=bogus", null, "fr", HttpStatusCode.BadRequest);
        Assert.Equal(("overview.state-unknown", "l'état 'bogus' n'est aucun de ceux-ci : not-started, draft, submitted, returned, approved"), CodeAndDetail(state));
        var sort = await ProblemAsync(admin, HttpMethod.Get, "/api/overview/2023?sort=colour", null, "es", HttpStatusCode.BadRequest);
        Assert.Equal(("overview.sort-unknown", "el orden 'colour' no es ninguno de estos: office, region, state, updated"), CodeAndDetail(sort));
        var search = await ProblemAsync(admin, HttpMethod.Get, "/api/overview/2023?q=" + new string('x', 101), null, "fr", HttpStatusCode.BadRequest);
        Assert.Equal(("overview.search-too-long", "le texte recherché a 101 caractères, plus que les 100 acceptés"), CodeAndDetail(search));

        // The year's lock: unlocking an open year, locking a locked one.
        var notLocked = await ProblemAsync(admin, HttpMethod.Post, "/api/years/2023/unlock", null, "fr", HttpStatusCode.Conflict);
        Assert.Equal(("year.not-locked", "l'année 2023 n'est pas verrouillée : il n'y a rien à déverrouiller"), CodeAndDetail(notLocked));
        using (var locked = await admin.SendAsync(HttpMethod.Post, "/api/years/2023/lock", null))
        {
            Assert.True(locked.IsSuccessStatusCode, await locked.Content.ReadAsStringAsync(Ct));
        }
        var lockedAgain = await ProblemAsync(admin, HttpMethod.Post, "/api/years/2023/lock", null, "es", HttpStatusCode.Conflict);
        Assert.Equal(("year.locked-already", "el año 2023 ya está bloqueado"), CodeAndDetail(lockedAgain));
        var noOpening = await ProblemAsync(focal, HttpMethod.Post, "/api/submissions/", new { office = PlatformDemo.FocalOffice, year = 2023 }, "fr", HttpStatusCode.Conflict);
        Assert.Equal(("year.locked-no-opening", "l'année 2023 est verrouillée : aucune soumission ne peut être commencée"), CodeAndDetail(noOpening));
        Assert.NotNull(await server.Store.YearLockAsync(2023, Ct));

        // Records that do not exist, named by their value.
        var noSubmission = await ProblemAsync(admin, HttpMethod.Get, "/api/submissions/987654", null, "es", HttpStatusCode.NotFound);
        Assert.Equal(("not-found.submission", "no hay ningún envío 987654"), CodeAndDetail(noSubmission));
        var noQuestionnaire = await ProblemAsync(admin, HttpMethod.Post, "/api/years/2031/unlock", null, "fr", HttpStatusCode.NotFound);
        Assert.Equal(("not-found.questionnaire", "aucun questionnaire pour 2031"), CodeAndDetail(noQuestionnaire));
        var noRegion = await ProblemAsync(admin, HttpMethod.Get, "/api/results/2023?region=RO-NOWHERE", null, "es", HttpStatusCode.NotFound);
        Assert.Equal(("not-found.region", "no hay ninguna región 'RO-NOWHERE'"), CodeAndDetail(noRegion));

        // A backup on a server that writes none.
        var backup = await ProblemAsync(admin, HttpMethod.Post, "/api/admin/backup", null, "es", HttpStatusCode.Conflict);
        Assert.Equal("backup.no-directory", CodeAndDetail(backup).Code);
        Assert.StartsWith("este servidor no escribe copias de seguridad: su ajuste Platform:BackupRoot", CodeAndDetail(backup).Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Refused_answers_and_comments_are_said_beside_their_question_in_its_french_or_spanish_words_with_the_value_typed()
    {
        await using var server = await PlatformServer.StartAsync();
        using var focal = await server.ClientAsync("focal-mali");
        using (var opened = await focal.SendAsync(HttpMethod.Post, "/api/submissions/", new { office = PlatformDemo.FocalOffice, year = 2023 }))
        {
            Assert.True(opened.IsSuccessStatusCode, await opened.Content.ReadAsStringAsync(Ct));
        }
        var draft = (await server.Store.SubmissionsAsync(2023, Ct)).Single(s => s.Office == PlatformDemo.FocalOffice);

        // A count of 2.5, a cell that is not a number, a choice not offered, a yes-or-no answered otherwise.
        var refused = await ProblemAsync(focal, HttpMethod.Put, $"/api/submissions/{draft.Id}/answers", new
        {
            version = draft.Version,
            answers = new Dictionary<string, string?> { ["data-products"] = "2.5", ["people-assisted/Migrants/Women"] = "many", ["durable-solutions"] = "Sometimes", ["psea-focal-point"] = "perhaps" },
        }, "fr", HttpStatusCode.UnprocessableEntity);
        Assert.Equal("answer.not-saved-many", CodeAndDetail(refused).Code);
        Assert.StartsWith("Non enregistré : 4 réponses sont à corriger : ", CodeAndDetail(refused).Detail, StringComparison.Ordinal);
        var errors = refused.GetProperty("errors");
        Assert.Equal("“Combien de produits de données (rapports, tableaux de bord, jeux de données) le bureau a-t-il publiés ?” : un effectif est un nombre entier (vous avez saisi '2.5')",
            errors.GetProperty("data-products")[0].GetString());
        Assert.Equal("“Personnes aidées dans le cadre de l'intervention d'urgence, par sexe” — Migrants, Femmes : ce n'est pas un nombre (vous avez saisi 'many')",
            errors.GetProperty("people-assisted")[0].GetString());
        Assert.Equal("“Dans quelle mesure le bureau a-t-il intégré les solutions durables dans sa programmation ?” : ne fait pas partie des options (Not yet, Partly, Fully) (vous avez saisi 'Sometimes')",
            errors.GetProperty("durable-solutions")[0].GetString());
        Assert.EndsWith(" : répondez oui ou non (vous avez saisi 'perhaps')", errors.GetProperty("psea-focal-point")[0].GetString(), StringComparison.Ordinal);
        Assert.Empty(await server.Store.AnswersAsync(draft.Id, Ct));

        // A figure out of range, in Spanish.
        var tooLarge = await ProblemAsync(focal, HttpMethod.Put, $"/api/submissions/{draft.Id}/answers",
            new { version = draft.Version, answers = new Dictionary<string, string?> { ["data-products"] = "100000000000000" } }, "es", HttpStatusCode.UnprocessableEntity);
        Assert.Equal(("answer.not-saved", "No guardado: “¿Cuántos productos de datos (informes, paneles, conjuntos de datos) publicó la oficina?”: demasiado grande: un recuento es como máximo 99999999999999 (usted escribió '100000000000000')"),
            CodeAndDetail(tooLarge));

        // A save at a version someone else moved on: who and when, in French; what they saved stays.
        using (var saved = await focal.SendAsync(HttpMethod.Put, $"/api/submissions/{draft.Id}/answers", new { version = draft.Version, answers = new Dictionary<string, string?> { ["durable-solutions"] = "Partly" } }))
        {
            Assert.True(saved.IsSuccessStatusCode, await saved.Content.ReadAsStringAsync(Ct));
        }
        var moved = (await server.Store.SubmissionAsync(draft.Id, Ct))!;
        var stale = await ProblemAsync(focal, HttpMethod.Put, $"/api/submissions/{draft.Id}/answers",
            new { version = draft.Version, answers = new Dictionary<string, string?> { ["durable-solutions"] = "Fully" } }, "fr", HttpStatusCode.Conflict);
        Assert.Equal(("submission.changed-since-read",
            $"la soumission {draft.Id} a été modifiée par focal-mali le {moved.UpdatedAt:u} (version {moved.Version} ; cette page avait la version {draft.Version}) : rechargez-la pour voir ses modifications, puis refaites les vôtres"),
            CodeAndDetail(stale));
        Assert.Equal("Partly", (await server.Store.AnswersAsync(draft.Id, Ct))["durable-solutions"]);

        // Submitting with required answers missing, in Spanish, beside each question.
        var incomplete = await ProblemAsync(focal, HttpMethod.Post, $"/api/submissions/{draft.Id}/submit", new { version = moved.Version }, "es", HttpStatusCode.UnprocessableEntity);
        Assert.Equal("answer.incomplete", CodeAndDetail(incomplete).Code);
        Assert.StartsWith("el envío está incompleto: ", CodeAndDetail(incomplete).Detail, StringComparison.Ordinal);
        Assert.Equal("“¿Cuántos productos de datos (informes, paneles, conjuntos de datos) publicó la oficina?”: se requiere una respuesta",
            incomplete.GetProperty("errors").GetProperty("data-products")[0].GetString());
        Assert.Equal(SubmissionState.Draft, (await server.Store.SubmissionAsync(draft.Id, Ct))!.State);

        // Comments: an empty one, and one on a question the questionnaire does not have.
        var empty = await ProblemAsync(focal, HttpMethod.Post, $"/api/submissions/{draft.Id}/comments", new { question = "data-products", text = "   " }, "fr", HttpStatusCode.BadRequest);
        Assert.Equal(("comment.text-required", "un commentaire a besoin d'un texte"), CodeAndDetail(empty));
        var noQuestion = await ProblemAsync(focal, HttpMethod.Post, $"/api/submissions/{draft.Id}/comments", new { question = "no-such", text = "Hello" }, "es", HttpStatusCode.BadRequest);
        Assert.Equal(("comment.no-question", "no hay ninguna pregunta 'no-such' en el cuestionario 2023: un comentario trata de una de sus preguntas"), CodeAndDetail(noQuestion));
        using var reviewer = await server.ClientAsync("reviewer-dakar");
        var noThread = await ProblemAsync(reviewer, HttpMethod.Post, $"/api/submissions/{draft.Id}/comments/data-products/resolve", null, "fr", HttpStatusCode.NotFound);
        Assert.Equal(("comment.no-thread-to-resolve", $"aucun commentaire sur la question 'data-products' de la soumission {draft.Id} : il n'y a pas de discussion à résoudre"), CodeAndDetail(noThread));
        Assert.Empty(await server.Store.CommentThreadsAsync(draft.Id, Ct));
    }

    [Fact]
    public async Task The_french_form_says_a_refused_count_beside_its_field_in_french_with_the_value_typed()
    {
        await using var server = await PlatformServer.StartAsync();
        using var focal = await server.ClientAsync("focal-mali");
        using (await focal.Http.GetAsync("/language?culture=fr&returnUrl=%2F", Ct)) { }
        using (var opened = await focal.SendAsync(HttpMethod.Post, "/api/submissions/", new { office = PlatformDemo.FocalOffice, year = 2023 }))
        {
            Assert.True(opened.IsSuccessStatusCode, await opened.Content.ReadAsStringAsync(Ct));
        }
        var draft = (await server.Store.SubmissionsAsync(2023, Ct)).Single(s => s.Office == PlatformDemo.FocalOffice);
        using var response = await focal.PostFormAsync($"/submission/{draft.Id}?handler=Save",
            [new("Version", draft.Version.ToString(CultureInfo.InvariantCulture)), new("answer:data-products", "2.5"), new("answer:psea-focal-point", "yes")]);
        var page = WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync(Ct));
        Assert.True(response.StatusCode == HttpStatusCode.OK, page);
        var start = page.IndexOf("id=\"error-data-products\"", StringComparison.Ordinal);
        Assert.True(start >= 0, "no message beside the field");
        var beside = page[start..page.IndexOf("</div>", start, StringComparison.Ordinal)];
        Assert.Contains("“Combien de produits de données (rapports, tableaux de bord, jeux de données) le bureau a-t-il publiés ?” : un effectif est un nombre entier (vous avez saisi '2.5')",
            beside, StringComparison.Ordinal);
        Assert.DoesNotContain("whole number", page, StringComparison.Ordinal);
        Assert.Empty(await server.Store.AnswersAsync(draft.Id, Ct));
    }

    [Fact]
    public async Task The_offices_page_in_french_says_its_refusal_beside_the_field_in_french()
    {
        await using var server = await PlatformServer.StartAsync();
        using var admin = await server.ClientAsync("admin");
        using (await admin.Http.GetAsync("/language?culture=fr&returnUrl=%2F", Ct)) { }
        using var response = await admin.PostFormAsync("/offices?handler=Add",
            [new("Code", "CO-MLI"), new("Name", "Encore le Mali"), new("Kind", "country"), new("OfficeRegion", PlatformDemo.ReviewerRegion), new("Country", "MLI")], tokenPage: "/offices");
        var page = WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync(Ct));
        Assert.Contains("le code 'CO-MLI' est déjà celui du bureau '", page, StringComparison.Ordinal);
        Assert.DoesNotContain("is taken by office", page, StringComparison.Ordinal);
    }
}
