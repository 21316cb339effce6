using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;
using Almanac.Domain.Platform;
using Almanac.Ingest.Platform;
using Almanac.Tests;

namespace Almanac.Web.Tests;

/// <summary>
/// The questionnaire designer's rules through the page and the API, over the demo's 2023 questionnaire (which offices have
/// started answering): a draft is checked by the rules an imported file is read with, each problem beside its field and
/// nothing stored; a change that would strand stored answers is refused by the store; two administrators' changes never
/// silently overwrite each other (the page's stamp, the export's ETag and the import's If-Match); only administrators design.
/// </summary>
public sealed partial class QuestionnaireDesignerTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>The hidden fields of the designer page as it was drawn: the draft and the stamp it started from.</summary>
    private static async Task<(string Draft, string Stamp)> OpenAsync(ApiClient admin, string query = "")
    {
        var page = await admin.Http.GetStringAsync($"/design/2023{query}", Ct);
        string Hidden(string name) => WebUtility.HtmlDecode(Regex.Match(page, $"name=\"{name}\" value=\"([^\"]*)\"").Groups[1].Value);
        return (Hidden("Draft"), Hidden("Stamp"));
    }

    /// <summary>The editor's fields of a question as the page posts them, with <paramref name="changes"/> over them.</summary>
    private static Dictionary<string, string> Fields(Question question, params (string Field, string Value)[] changes)
    {
        var fields = new Dictionary<string, string>
        {
            ["Form.Id"] = question.Id,
            ["Form.Kind"] = PlatformFiles.KindName(question.Kind),
            ["Form.Text"] = question.Text,
            ["Form.Help"] = question.Help ?? "",
            ["Form.Options"] = string.Join("\n", question.Options),
            ["Form.TextFr"] = question.TextIn("fr"),
            ["Form.TextEs"] = question.TextIn("es"),
        };
        if (question.Required) fields["Form.Required"] = "true";
        foreach (var (field, value) in changes) fields[field] = value;
        return fields;
    }

    private static async Task<string> PostAsync(ApiClient admin, string handler, string draft, string stamp, string selected, IEnumerable<KeyValuePair<string, string>> fields)
    {
        using var response = await admin.PostFormAsync($"/design/2023{handler}",
            fields.Concat([new("Draft", draft), new("Stamp", stamp), new("Selected", selected)]), tokenPage: "/design/2023");
        var body = await response.Content.ReadAsStringAsync(Ct);
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{response.StatusCode} {response.Headers.Location}: {body}");
        return body;
    }

    /// <summary>The messages shown beside one of the open question's fields.</summary>
    private static IReadOnlyList<string> Beside(string page, string field) =>
        [.. Regex.Matches(page, $"<div class=\"field-error\" role=\"alert\" data-field=\"{Regex.Escape(field)}\">(.*?)</div>", RegexOptions.Singleline)
            .SelectMany(m => Regex.Matches(m.Groups[1].Value, "<p>(.*?)</p>").Select(p => WebUtility.HtmlDecode(p.Groups[1].Value)))];

    [Fact]
    public async Task A_draft_with_problems_is_shown_with_each_beside_its_field_and_nothing_is_stored()
    {
        await using var server = await PlatformServer.StartAsync();
        using var admin = await server.ClientAsync("admin");
        var stored = (await server.Store.StampedQuestionnaireAsync(2023, Ct))!;
        var (draft, stamp) = await OpenAsync(admin, "?selected=0.2");
        Assert.Equal(stored.Stamp, stamp);
        var question = stored.Questionnaire.Sections[0].Questions[2];

        // A choice without options, an id with a space and a French translation without its text, all at once.
        var page = await PostAsync(admin, "?handler=Save", draft, stamp, "0.2", Fields(question,
            ("Form.Id", "crisis reporting"), ("Form.Kind", "single-choice"), ("Form.Options", ""), ("Form.TextFr", ""), ("Form.HelpFr", "Aide seule")));

        Assert.Contains("Not saved — problems to correct: 4, each shown beside its field.", WebUtility.HtmlDecode(page), StringComparison.Ordinal);
        Assert.Equal(["a question id has at most 100 characters and no spaces"], Beside(page, "id"));
        Assert.Equal(["a choice question needs options"], Beside(page, "options"));
        Assert.Equal(["a translation needs the question's text"], Beside(page, "fr.text"));
        // Its statement counts an answer the question, now a choice without options, no longer offers: said of the whole question.
        Assert.Equal(["the statement at annual-report-2023 line 147 counts the answer 'yes', which the question does not offer"], Beside(page, "question"));
        var after = (await server.Store.StampedQuestionnaireAsync(2023, Ct))!;
        Assert.Equal(stamp, after.Stamp);
        Assert.Equal("crisis-reporting", after.Questionnaire.Sections[0].Questions[2].Id);
        // The draft comes back with the edits, so that correcting one field keeps the others.
        Assert.Contains("value=\"crisis reporting\"", page, StringComparison.Ordinal);

        // A save whose draft did not arrive saves nothing (never the stored questionnaire with the fields over it).
        var lost = WebUtility.HtmlDecode(await PostAsync(admin, "?handler=Save", "", stamp, "0.2", Fields(question, ("Form.Text", "Lost?"))));
        Assert.Contains("The draft sent could not be read: the stored questionnaire is shown again.", lost, StringComparison.Ordinal);
        Assert.Equal(stamp, (await server.Store.StampedQuestionnaireAsync(2023, Ct))!.Stamp);
    }

    [Fact]
    public async Task Titles_and_sections_are_edited_in_three_languages_a_blank_title_is_refused_beside_it_in_the_pages_language_and_saved_once_corrected()
    {
        await using var server = await PlatformServer.StartAsync();
        using var admin = await server.ClientAsync("admin");
        using (await admin.Http.GetAsync("/language?culture=fr&returnUrl=%2F", Ct)) { }
        var stored = (await server.Store.StampedQuestionnaireAsync(2023, Ct))!;
        var (draft, stamp) = await OpenAsync(admin);
        var sections = stored.Questionnaire.Sections.Count;

        // Added at the end, then named: its English title left blank is refused beside it, in French; nothing is stored.
        var page = await PostAsync(admin, "", draft, stamp, "", [new("AddSection", "true")]);
        var added = WebUtility.HtmlDecode(Regex.Match(page, "name=\"Draft\" value=\"([^\"]*)\"").Groups[1].Value);
        Assert.Contains($"id=\"section-{sections}\"", page, StringComparison.Ordinal);
        page = await PostAsync(admin, "?handler=Save", added, stamp, "",
            [new($"SectionTitles[{sections}].En", ""), new($"SectionTitles[{sections}].Fr", "Gestion des données"), new("TitleFields.En", stored.Questionnaire.Title), new("TitleFields.Fr", "Questionnaire 2023")]);
        Assert.Equal(["un titre est requis"], [.. Regex.Matches(page, "<div class=\"field-error\" role=\"alert\" data-field=\"title\">\\s*<p>(.*?)</p>").Select(m => WebUtility.HtmlDecode(m.Groups[1].Value))]);
        Assert.Equal(stamp, (await server.Store.StampedQuestionnaireAsync(2023, Ct))!.Stamp);
        // A section that holds questions is not removed: said in French.
        page = WebUtility.HtmlDecode(await PostAsync(admin, "", added, stamp, "", [new("RemoveSection", "0")]));
        Assert.Contains($"la section '{stored.Questionnaire.Sections[0].Title}' contient {stored.Questionnaire.Sections[0].Questions.Count} questions : déplacez-les ou retirez-les d'abord", page, StringComparison.Ordinal);

        // Corrected, moved up, saved.
        page = await PostAsync(admin, "", added, stamp, "",
            [new($"SectionTitles[{sections}].En", "Data stewardship"), new($"SectionTitles[{sections}].Fr", "Gestion des données"), new($"SectionTitles[{sections}].Es", ""), new("SectionUp", $"{sections}")]);
        var moved = WebUtility.HtmlDecode(Regex.Match(page, "name=\"Draft\" value=\"([^\"]*)\"").Groups[1].Value);
        using var saved = await admin.PostFormAsync("/design/2023?handler=Save",
            [new("Draft", moved), new("Stamp", stamp), new("Selected", ""), new("TitleFields.En", stored.Questionnaire.Title), new("TitleFields.Fr", "Questionnaire institutionnel 2023"), new("TitleFields.Es", "")],
            tokenPage: "/design/2023");
        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
        var after = (await server.Store.StampedQuestionnaireAsync(2023, Ct))!.Questionnaire;
        Assert.Equal(("Questionnaire institutionnel 2023", stored.Questionnaire.Title), (after.TitleIn("fr"), after.TitleIn("es")));
        var stewardship = after.Sections[sections - 1];
        Assert.Equal(("Data stewardship", "Gestion des données", "Data stewardship"), (stewardship.Title, stewardship.TitleIn("fr"), stewardship.TitleIn("es")));
        Assert.Equal(stored.Questionnaire.Sections[^1].Id, after.Sections[^1].Id);
        Assert.Equal(stored.Questionnaire.Questions.Select(q => q.Id), after.Questions.Select(q => q.Id));
        // The YAML export keeps them, so that an import of it gives the same questionnaire.
        Assert.Equal(PlatformFiles.WriteQuestionnaire(after), PlatformFiles.WriteQuestionnaire(PlatformFiles.ReadQuestionnaire("export", PlatformFiles.WriteQuestionnaire(after))));
    }

    [Fact]
    public async Task A_change_of_an_answered_questions_kind_is_refused_beside_the_kind_and_an_unanswered_change_is_saved_and_audited()
    {
        await using var server = await PlatformServer.StartAsync();
        using var admin = await server.ClientAsync("admin");
        var stored = (await server.Store.StampedQuestionnaireAsync(2023, Ct))!;
        var question = stored.Questionnaire.Sections[0].Questions[0];
        var answered = (await server.Store.SubmissionsWithAnswersAsync(2023, Ct)).Count(s => s.Answers.ContainsKey(question.Id));
        Assert.True(answered > 1, "the demo's synthetic offices answer the first question");
        var (draft, stamp) = await OpenAsync(admin, "?selected=0.0");

        var page = await PostAsync(admin, "?handler=Save", draft, stamp, "0.0", Fields(question, ("Form.Kind", "text")));

        Assert.Equal([$"question '{question.Id}' is answered by {answered} offices: its kind cannot change (add a question of the new kind with a new id instead)"], Beside(page, "kind"));
        Assert.Equal(stamp, (await server.Store.StampedQuestionnaireAsync(2023, Ct))!.Stamp);

        // Its words change freely: saved through the import's store method, audited, and the page opens on the new version.
        using var saved = await admin.PostFormAsync("/design/2023?handler=Save",
            Fields(question, ("Form.TextEs", "¿Respondió su oficina a una emergencia durante 2023?")).Concat([new("Draft", draft), new("Stamp", stamp), new("Selected", "0.0")]),
            tokenPage: "/design/2023");
        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
        Assert.Equal("/design/2023?saved=true&selected=0.0", saved.Headers.Location!.OriginalString);
        var after = (await server.Store.StampedQuestionnaireAsync(2023, Ct))!;
        Assert.Equal("¿Respondió su oficina a una emergencia durante 2023?", after.Questionnaire.Question(question.Id)!.TextIn("es"));
        Assert.Equal(after.Stamp, (await OpenAsync(admin)).Stamp);
        var audit = (await server.Store.AuditAsync(new Store.AuditQuery("questionnaire 2023"), Ct))[0];
        Assert.Equal(("admin", "update"), (audit.Actor, audit.Action));
        Assert.Equal(PlatformFiles.WriteQuestionnaire(after.Questionnaire), PlatformFiles.WriteQuestionnaire(PlatformFiles.ReadQuestionnaire("export", PlatformFiles.WriteQuestionnaire(after.Questionnaire))));
    }

    [Theory]
    [MemberData(nameof(TestStores.Engines), MemberType = typeof(TestStores))]
    public async Task Two_administrators_changes_never_silently_overwrite_each_other_in_the_designer_or_through_the_api(string engine)
    {
        await using var server = await PlatformServer.StartAsync(engine);
        using var first = await server.ClientAsync("admin");
        using var second = await server.ClientAsync("admin");
        var (draft, stamp) = await OpenAsync(first, "?selected=0.0");

        // The second administrator imports a new version through the API at the export's ETag.
        using var export = await second.SendAsync(HttpMethod.Get, "/api/questionnaires/2023/export");
        Assert.Equal($"\"{stamp}\"", export.Headers.ETag!.Tag);
        var yaml = (await export.Content.ReadAsStringAsync(Ct)).Replace("title: Institutional questionnaire 2023", "title: Institutional questionnaire 2023 (revised)", StringComparison.Ordinal);
        using var imported = await second.SendWithHeaderAsync(HttpMethod.Post, "/api/questionnaires/import", new TextBody(yaml, "application/yaml"), "If-Match", $"\"{stamp}\"");
        var importedBody = await imported.Content.ReadAsStringAsync(Ct);
        Assert.True(imported.StatusCode == HttpStatusCode.OK, importedBody);
        var newStamp = JsonDocument.Parse(importedBody).RootElement.GetProperty("stamp").GetString()!;
        Assert.NotEqual(stamp, newStamp);
        Assert.Equal(newStamp, (await server.Store.StampedQuestionnaireAsync(2023, Ct))!.Stamp);
        Assert.Equal($"\"{newStamp}\"", imported.Headers.ETag!.Tag);

        // The first saves the page they opened before: refused with who came first, nothing stored.
        var question = (await server.Store.QuestionnaireAsync(2023, Ct))!.Sections[0].Questions[0];
        var page = WebUtility.HtmlDecode(await PostAsync(first, "?handler=Save", draft, stamp, "0.0", Fields(question, ("Form.Help", "Another help"))));
        Assert.Matches("Not saved: the 2023 questionnaire was changed by admin at [-0-9]+ [:0-9]+Z since this page read it: nothing was saved. Reload the designer", page);
        var now = (await server.Store.StampedQuestionnaireAsync(2023, Ct))!;
        Assert.Equal((newStamp, "Institutional questionnaire 2023 (revised)"), (now.Stamp, now.Questionnaire.Title));
        Assert.NotEqual("Another help", now.Questionnaire.Question(question.Id)!.Help);

        // An import at the old ETag is refused the same way (409), one at the new stamp goes through.
        using var stale = await second.SendWithHeaderAsync(HttpMethod.Post, "/api/questionnaires/import", new TextBody(yaml, "application/yaml"), "If-Match", $"\"{stamp}\"");
        Assert.Equal(HttpStatusCode.Conflict, stale.StatusCode);
        Assert.Contains("was changed by admin at", JsonDocument.Parse(await stale.Content.ReadAsStringAsync(Ct)).RootElement.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Only_administrators_open_the_designer()
    {
        await using var server = await PlatformServer.StartAsync();
        foreach (var user in new[] { "focal-mali", "reviewer-dakar", "editor", "reader" })
        {
            using var client = await server.ClientAsync(user);
            using var response = await client.Http.GetAsync("/design/2023", Ct);
            Assert.True(response.StatusCode == HttpStatusCode.Forbidden, $"{user}: {response.StatusCode}");
        }
        using var admin = await server.ClientAsync("admin");
        using var missing = await admin.Http.GetAsync("/design/2031", Ct);
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
    }
}
