using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Almanac.Domain;
using Almanac.Store;
using Almanac.Web.Demo;

namespace Almanac.Web.Tests;

/// <summary>
/// The questionnaire form as people expect it, through the API and the page's HTML: refused answers named by their
/// question's text and keyed by question id, progress by section, read-only views as text, the confirmation after a
/// submit, and the comment threads on a submission's questions with who may read, write, resolve and reopen them.
/// </summary>
public sealed class QuestionnaireFormTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private const string DataProducts = "How many data products (reports, dashboards, datasets) did the office publish?";

    private static async Task<SubmissionDto> OpenOwnAsync(ApiClient focal)
    {
        using var response = await focal.SendAsync(HttpMethod.Post, "/api/submissions/", new { office = PlatformDemo.FocalOffice, year = 2023 });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<SubmissionDto>(Ct))!;
    }

    private static async Task<JsonElement> JsonAsync(HttpResponseMessage response, HttpStatusCode status)
    {
        using (response)
        {
            var body = await response.Content.ReadAsStringAsync(Ct);
            Assert.True(response.StatusCode == status, $"{response.StatusCode}: {body}");
            return JsonDocument.Parse(body).RootElement.Clone();
        }
    }

    private static Dictionary<string, string?> Complete() => new()
    {
        ["emergency-response"] = "no",
        ["durable-solutions"] = "Partly",
        ["data-products"] = "4",
        ["psea-focal-point"] = "yes",
    };

    [Fact]
    public async Task Refused_answers_are_named_by_their_questions_text_keyed_by_question_id_and_nothing_is_saved()
    {
        await using var server = await PlatformServer.StartAsync();
        using var focal = await server.ClientAsync("focal-mali");
        var draft = await OpenOwnAsync(focal);

        var problem = await JsonAsync(await focal.SendAsync(HttpMethod.Put, $"/api/submissions/{draft.Id}/answers", new
        {
            version = draft.Version,
            answers = new Dictionary<string, string?> { ["data-products"] = "2.5", ["people-assisted/Migrants/Women"] = "many", ["psea-focal-point"] = "yes" },
        }), HttpStatusCode.UnprocessableEntity);
        var errors = problem.GetProperty("errors");
        Assert.Equal(["data-products", "people-assisted"], errors.EnumerateObject().Select(e => e.Name).Order(StringComparer.Ordinal));
        Assert.Equal($"“{DataProducts}”: a count is a whole number (you entered '2.5')", errors.GetProperty("data-products")[0].GetString());
        Assert.Equal("“People assisted in the emergency response, by sex” — Migrants, Women: not a number (you entered 'many')", errors.GetProperty("people-assisted")[0].GetString());
        Assert.StartsWith("Not saved: 2 answers need correcting: ", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.DoesNotContain("data-products", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Empty(await server.Store.AnswersAsync(draft.Id, Ct));
        Assert.Equal(draft.Version, (await server.Store.SubmissionAsync(draft.Id, Ct))!.Version);

        // Submitting with a required answer missing: 422, the missing question by id beside its field.
        var saved = await JsonAsync(await focal.SendAsync(HttpMethod.Put, $"/api/submissions/{draft.Id}/answers",
            new { version = draft.Version, answers = new Dictionary<string, string?> { ["emergency-response"] = "no" } }), HttpStatusCode.OK);
        var version = saved.GetProperty("version").GetInt64();
        var incomplete = await JsonAsync(await focal.SendAsync(HttpMethod.Post, $"/api/submissions/{draft.Id}/submit", new { version }), HttpStatusCode.UnprocessableEntity);
        Assert.Equal($"“{DataProducts}”: an answer is required", incomplete.GetProperty("errors").GetProperty("data-products")[0].GetString());
        Assert.False(incomplete.GetProperty("errors").TryGetProperty("people-assisted", out _));
    }

    [Fact]
    public async Task The_form_post_shows_each_refused_answer_beside_its_question_and_keeps_what_was_typed()
    {
        await using var server = await PlatformServer.StartAsync();
        using var focal = await server.ClientAsync("focal-mali");
        var draft = await OpenOwnAsync(focal);
        using var response = await focal.PostFormAsync($"/submission/{draft.Id}?handler=Save",
            [KeyValuePair.Create("Version", draft.Version.ToString(CultureInfo.InvariantCulture)), KeyValuePair.Create("answer:data-products", "2.5"),
             KeyValuePair.Create("answer:psea-focal-point", "yes")]);
        var page = await response.Content.ReadAsStringAsync(Ct);
        Assert.True(response.StatusCode == HttpStatusCode.OK, page);
        var beside = Between(page, "id=\"error-data-products\"", "</div>");
        Assert.Contains("a count is a whole number (you entered &#x27;2.5&#x27;)", beside, StringComparison.Ordinal);
        Assert.DoesNotContain("hidden", beside[..beside.IndexOf('>', StringComparison.Ordinal)], StringComparison.Ordinal);
        Assert.Contains("Not saved: answers to correct: 1, marked below.", page, StringComparison.Ordinal);
        // The count field is a whole-number field, marked invalid, holding what was typed; the other field is not marked.
        var field = Between(page, "name=\"answer:data-products\"", ">");
        Assert.Contains("type=\"number\" step=\"1\" min=\"0\"", Between(page, "<input type=\"number\"", "name=\"answer:data-products\""), StringComparison.Ordinal);
        Assert.Contains("value=\"2.5\"", field, StringComparison.Ordinal);
        Assert.Contains("aria-invalid=\"true\"", field, StringComparison.Ordinal);
        Assert.True(Between(page, "id=\"error-psea-focal-point\"", ">").Contains("hidden", StringComparison.Ordinal));
        Assert.Empty(await server.Store.AnswersAsync(draft.Id, Ct));
    }

    [Fact]
    public async Task Progress_counts_the_required_shown_questions_answered_in_each_section()
    {
        await using var server = await PlatformServer.StartAsync();
        using var focal = await server.ClientAsync("focal-mali");
        var draft = await OpenOwnAsync(focal);
        var questionnaire = (await server.Store.QuestionnaireAsync(2023, Ct))!;
        var sections = questionnaire.Sections.Count;

        // "yes" to the emergency shows the required table: one question more to answer in the first section.
        var saved = await JsonAsync(await focal.SendAsync(HttpMethod.Put, $"/api/submissions/{draft.Id}/answers",
            new { version = draft.Version, answers = new Dictionary<string, string?> { ["emergency-response"] = "yes", ["data-products"] = "3" } }), HttpStatusCode.OK);
        var progress = saved.GetProperty("progress").EnumerateArray().ToDictionary(p => p.GetProperty("section").GetString()!, p => (p.GetProperty("answered").GetInt32(), p.GetProperty("required").GetInt32()));
        Assert.Equal(sections, progress.Count);
        Assert.Equal((1, 2), progress["saving-lives"]);
        Assert.Equal((1, 1), progress["data"]);
        var saved2 = await JsonAsync(await focal.SendAsync(HttpMethod.Put, $"/api/submissions/{draft.Id}/answers",
            new { version = saved.GetProperty("version").GetInt64(), answers = new Dictionary<string, string?> { ["emergency-response"] = "no" } }), HttpStatusCode.OK);
        Assert.Equal((1, 1), saved2.GetProperty("progress").EnumerateArray().Where(p => p.GetProperty("section").GetString() == "saving-lives")
            .Select(p => (p.GetProperty("answered").GetInt32(), p.GetProperty("required").GetInt32())).Single());

        var detail = await JsonAsync(await focal.SendAsync(HttpMethod.Get, $"/api/submissions/{draft.Id}"), HttpStatusCode.OK);
        Assert.Equal(saved2.GetProperty("progress").ToString(), detail.GetProperty("progress").ToString());
        var page = await focal.Http.GetStringAsync($"/submission/{draft.Id}", Ct);
        var required = progress.Values.Sum(p => p.Item2) - 1;
        Assert.Contains($"2 of {required} required questions answered", page, StringComparison.Ordinal);
        Assert.Contains($"Section 1 of {sections} — {questionnaire.Sections[0].Title}", page, StringComparison.Ordinal);
        Assert.Contains("<p class=\"section-progress\" data-section-progress=\"saving-lives\">1 of 1 answered</p>", page, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_submitted_submission_reads_as_text_labelled_with_its_state_for_the_office_and_the_reviewer()
    {
        await using var server = await PlatformServer.StartAsync();
        using var focal = await server.ClientAsync("focal-mali");
        using var reviewer = await server.ClientAsync("reviewer-dakar");
        var draft = await OpenOwnAsync(focal);
        var editing = await focal.Http.GetStringAsync($"/submission/{draft.Id}", Ct);
        Assert.Contains("name=\"answer:data-products\"", editing, StringComparison.Ordinal);
        Assert.DoesNotContain("id=\"read-only\"", editing, StringComparison.Ordinal);

        // Submitted through the page: the page says so, with its state and what happens next.
        using (var submitted = await focal.PostFormAsync($"/submission/{draft.Id}?handler=Submit",
            [KeyValuePair.Create("Version", draft.Version.ToString(CultureInfo.InvariantCulture)), .. Complete().Select(a => KeyValuePair.Create("answer:" + a.Key, a.Value!))]))
        {
            Assert.Equal(HttpStatusCode.Redirect, submitted.StatusCode);
            Assert.Equal($"/submission/{draft.Id}?submitted=true", submitted.Headers.Location!.OriginalString);
        }
        var confirmation = await focal.Http.GetStringAsync($"/submission/{draft.Id}?submitted=true", Ct);
        Assert.Contains("Submitted for review.", Between(confirmation, "id=\"submitted-confirmation\"", "</div>"), StringComparison.Ordinal);
        Assert.Contains("for 2023 is now submitted: it awaits review", confirmation, StringComparison.Ordinal);

        foreach (var (client, says) in new[] { (focal, "read-only while the reviewer of your region reviews it"), (reviewer, "As its reviewer, you return it") })
        {
            var page = await client.Http.GetStringAsync($"/submission/{draft.Id}", Ct);
            Assert.Contains(says, Between(page, "id=\"read-only\"", "</p>"), StringComparison.Ordinal);
            Assert.DoesNotContain("name=\"answer:", page, StringComparison.Ordinal);
            Assert.DoesNotContain("id=\"submit\"", page, StringComparison.Ordinal);
            Assert.Contains("data-answer-of=\"data-products\">4</p>", page, StringComparison.Ordinal);
            Assert.Contains("data-answer-of=\"durable-solutions\">Partly</p>", page, StringComparison.Ordinal);
            Assert.Contains("Not answered", page, StringComparison.Ordinal);
        }
        // A stale confirmation link (the submission was returned since) says nothing of a submit.
        var detail = await JsonAsync(await reviewer.SendAsync(HttpMethod.Get, $"/api/submissions/{draft.Id}"), HttpStatusCode.OK);
        await JsonAsync(await reviewer.SendAsync(HttpMethod.Post, $"/api/submissions/{draft.Id}/return",
            new { version = detail.GetProperty("submission").GetProperty("version").GetInt64(), comment = "Check the products." }), HttpStatusCode.OK);
        Assert.DoesNotContain("id=\"submitted-confirmation\"", await focal.Http.GetStringAsync($"/submission/{draft.Id}?submitted=true", Ct), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Reviewer_and_office_comment_on_a_question_the_reviewer_resolves_and_reopens_and_others_are_refused()
    {
        var clock = new ManualClock();
        await using var server = await PlatformServer.StartAsync(clock: clock);
        using var focal = await server.ClientAsync("focal-mali");
        using var reviewer = await server.ClientAsync("reviewer-dakar");
        using var editor = await server.ClientAsync("editor");
        using var reader = await server.ClientAsync("reader");
        var draft = await OpenOwnAsync(focal);
        var comments = $"/api/submissions/{draft.Id}/comments";

        var thread = await JsonAsync(await reviewer.SendAsync(HttpMethod.Post, comments, new { question = "data-products", text = "  The hub counted six: which is right?  " }), HttpStatusCode.OK);
        var first = thread.GetProperty("comments")[0];
        Assert.Equal(("reviewer-dakar", "The hub counted six: which is right?"), (first.GetProperty("author").GetString(), first.GetProperty("text").GetString()));
        // The server's clock, which stands still, not the machine's, which went on while the server started.
        Assert.True(Math.Abs((first.GetProperty("at").GetDateTimeOffset() - clock.GetUtcNow()).TotalMilliseconds) < 1, first.ToString());
        clock.Advance(TimeSpan.FromMinutes(1));
        await JsonAsync(await focal.SendAsync(HttpMethod.Post, comments, new { question = "data-products", text = "Six: we counted a dashboard twice." }), HttpStatusCode.OK);
        await JsonAsync(await editor.SendAsync(HttpMethod.Post, comments, new { question = "psea-focal-point", text = "Noted for the report." }), HttpStatusCode.OK);

        var threads = await JsonAsync(await editor.SendAsync(HttpMethod.Get, comments), HttpStatusCode.OK);
        // In the questionnaire's order: data products before the PSEA focal point.
        Assert.Equal(["data-products", "psea-focal-point"], threads.EnumerateArray().Select(t => t.GetProperty("question").GetString()));
        Assert.Equal(["reviewer-dakar", "focal-mali"], threads[0].GetProperty("comments").EnumerateArray().Select(c => c.GetProperty("author").GetString()));
        Assert.Equal(draft.Version, (await server.Store.SubmissionAsync(draft.Id, Ct))!.Version);

        // Only the region's reviewer resolves; the focal point, the editor and the reader are refused, nothing changes.
        await JsonAsync(await focal.SendAsync(HttpMethod.Post, $"{comments}/data-products/resolve"), HttpStatusCode.Forbidden);
        await JsonAsync(await editor.SendAsync(HttpMethod.Post, $"{comments}/data-products/resolve"), HttpStatusCode.Forbidden);
        await JsonAsync(await reader.SendAsync(HttpMethod.Get, comments), HttpStatusCode.Forbidden);
        await JsonAsync(await reader.SendAsync(HttpMethod.Post, comments, new { question = "data-products", text = "hello" }), HttpStatusCode.Forbidden);
        var resolved = await JsonAsync(await reviewer.SendAsync(HttpMethod.Post, $"{comments}/data-products/resolve"), HttpStatusCode.OK);
        Assert.Equal((true, "reviewer-dakar"), (resolved.GetProperty("resolved").GetBoolean(), resolved.GetProperty("resolvedBy").GetString()));
        var twice = await JsonAsync(await reviewer.SendAsync(HttpMethod.Post, $"{comments}/data-products/resolve"), HttpStatusCode.Conflict);
        Assert.Contains("resolved already", twice.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.False((await JsonAsync(await reviewer.SendAsync(HttpMethod.Post, $"{comments}/data-products/reopen"), HttpStatusCode.OK)).GetProperty("resolved").GetBoolean());

        // Bounds and names: 400 for a bad body, 404 for what does not exist.
        var tooLong = await JsonAsync(await focal.SendAsync(HttpMethod.Post, comments, new { question = "data-products", text = new string('x', InputLimits.MaxThreadCommentLength + 1) }), HttpStatusCode.BadRequest);
        Assert.Equal($"a comment has at most {InputLimits.MaxThreadCommentLength} characters (this one has {InputLimits.MaxThreadCommentLength + 1})", tooLong.GetProperty("detail").GetString());
        Assert.Equal("a comment needs text", (await JsonAsync(await focal.SendAsync(HttpMethod.Post, comments, new { question = "data-products", text = " " }), HttpStatusCode.BadRequest)).GetProperty("detail").GetString());
        Assert.Equal("question", (await JsonAsync(await focal.SendAsync(HttpMethod.Post, comments, new { text = "no question" }), HttpStatusCode.BadRequest)).GetProperty("field").GetString());
        Assert.Contains("no question 'nope' in the 2023 questionnaire",
            (await JsonAsync(await focal.SendAsync(HttpMethod.Post, comments, new { question = "nope", text = "x" }), HttpStatusCode.BadRequest)).GetProperty("detail").GetString(), StringComparison.Ordinal);
        await JsonAsync(await reviewer.SendAsync(HttpMethod.Post, $"{comments}/nope/resolve"), HttpStatusCode.NotFound);
        await JsonAsync(await reviewer.SendAsync(HttpMethod.Post, $"{comments}/emergency-response/resolve"), HttpStatusCode.NotFound);
        await JsonAsync(await reviewer.SendAsync(HttpMethod.Get, "/api/submissions/999999/comments"), HttpStatusCode.NotFound);
        var kept = await JsonAsync(await editor.SendAsync(HttpMethod.Get, comments), HttpStatusCode.OK);
        Assert.Equal([2, 1], kept.EnumerateArray().Select(t => t.GetProperty("comments").GetArrayLength()));

        var audit = (await server.Store.AuditAsync(new AuditQuery($"submission {draft.Id}"), Ct)).Where(a => a.Field == "data-products").Reverse().Select(a => $"{a.Actor} {a.Action}");
        Assert.Equal(["reviewer-dakar question comment", "focal-mali question comment", "reviewer-dakar thread resolved", "reviewer-dakar thread reopened"], audit);
    }

    /// <summary>The text of <paramref name="html"/> from <paramref name="start"/> to the next <paramref name="end"/>.</summary>
    private static string Between(string html, string start, string end)
    {
        var from = html.IndexOf(start, StringComparison.Ordinal);
        Assert.True(from >= 0, $"'{start}' is not in the page");
        var to = html.IndexOf(end, from + start.Length, StringComparison.Ordinal);
        return html[from..(to < 0 ? html.Length : to)];
    }
}
