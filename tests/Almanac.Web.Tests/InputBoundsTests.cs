using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Almanac.Domain;
using Almanac.Tests;
using Almanac.Web.Demo;

namespace Almanac.Web.Tests;

/// <summary>
/// The bounds of <see cref="InputLimits"/> through the server: an answer the fact table cannot hold is refused, one at
/// the bound goes through review, results, the year lock and queries on both stores; malformed requests are 400
/// ProblemDetails naming the field (a form error on the page); CSV answers keep formula-like cells from running.
/// </summary>
public sealed class InputBoundsTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static readonly string Largest = InputLimits.MaxCount.ToString(CultureInfo.InvariantCulture);

    private static async Task<SubmissionDto> OpenOwnAsync(ApiClient focal)
    {
        using var response = await focal.SendAsync(HttpMethod.Post, "/api/submissions/", new { office = PlatformDemo.FocalOffice, year = 2023 });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<SubmissionDto>(Ct))!;
    }

    private static async Task<JsonElement> ProblemAsync(HttpResponseMessage response, HttpStatusCode status)
    {
        var body = await response.Content.ReadAsStringAsync(Ct);
        Assert.True(response.StatusCode == status, $"{response.StatusCode}: {body}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        return JsonDocument.Parse(body).RootElement;
    }

    private static async Task<decimal> DataProductsSumAsync(ApiClient client)
    {
        using var response = await client.SendAsync(HttpMethod.Get, "/api/results/2023");
        var body = await response.Content.ReadAsStringAsync(Ct);
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{response.StatusCode}: {body}");
        return JsonDocument.Parse(body).RootElement.GetProperty("answers").EnumerateArray()
            .Single(a => a.GetProperty("question").GetString() == "data-products").GetProperty("sum").GetDecimal();
    }

    [Theory]
    [MemberData(nameof(TestStores.Engines), MemberType = typeof(TestStores))]
    public async Task An_answer_past_the_fact_table_is_refused_and_one_at_the_bound_is_counted_by_results_the_lock_and_queries(string engine)
    {
        await using var server = await PlatformServer.StartAsync(engine);
        using var focal = await server.ClientAsync("focal-mali");
        using var reviewer = await server.ClientAsync("reviewer-dakar");
        using var editor = await server.ClientAsync("editor");
        var draft = await OpenOwnAsync(focal);

        // The answer: decimal.MaxValue, which once approved made results answer 500 and the year impossible to lock.
        using (var refused = await focal.SendAsync(HttpMethod.Put, $"/api/submissions/{draft.Id}/answers",
            new { version = draft.Version, answers = new Dictionary<string, string> { ["data-products"] = "79228162514264337593543950335" } }))
        {
            var problem = await ProblemAsync(refused, HttpStatusCode.UnprocessableEntity);
            Assert.Equal("data-products", problem.GetProperty("key").GetString());
            Assert.Equal("Not saved: “How many data products (reports, dashboards, datasets) did the office publish?”: too large: a count is at most 99999999999999 "
                + "(you entered '79228162514264337593543950335')", problem.GetProperty("detail").GetString());
            Assert.Equal(problem.GetProperty("detail").GetString()!["Not saved: ".Length..],
                Assert.Single(problem.GetProperty("errors").GetProperty("data-products").EnumerateArray().ToList()).GetString());
        }
        Assert.Empty(await server.Store.AnswersAsync(draft.Id, Ct));

        var before = await DataProductsSumAsync(editor);
        var answers = new Dictionary<string, string>
        {
            ["emergency-response"] = "yes",
            ["durable-solutions"] = "Partly",
            ["data-products"] = Largest,
            ["psea-focal-point"] = "yes",
        };
        foreach (var row in new[] { "Displaced persons", "Migrants", "Host community members" })
        {
            foreach (var column in new[] { "Women", "Men" }) answers[$"people-assisted/{row}/{column}"] = Largest;
        }
        using var saved = await focal.SendAsync(HttpMethod.Put, $"/api/submissions/{draft.Id}/answers", new { version = draft.Version, answers });
        Assert.Equal(HttpStatusCode.OK, saved.StatusCode);
        var version = (await saved.Content.ReadFromJsonAsync<SubmissionDto>(Ct))!.Version;
        using var submitted = await focal.SendAsync(HttpMethod.Post, $"/api/submissions/{draft.Id}/submit", new { version });
        Assert.Equal(HttpStatusCode.OK, submitted.StatusCode);
        using var approved = await reviewer.SendAsync(HttpMethod.Post, $"/api/submissions/{draft.Id}/approve", new { version = version + 1, comment = "at the bound" });
        Assert.Equal(HttpStatusCode.OK, approved.StatusCode);

        Assert.Equal(before + InputLimits.MaxCount, await DataProductsSumAsync(editor));
        using (var page = await editor.SendAsync(HttpMethod.Get, "/results?year=2023"))
        {
            Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        }
        using var locked = await editor.SendAsync(HttpMethod.Post, "/api/years/2023/lock");
        Assert.True(locked.StatusCode == HttpStatusCode.OK, await locked.Content.ReadAsStringAsync(Ct));

        // The locked facts hold the answer exactly, and a query adds every office's up past what one answer may be.
        using var byOffice = await editor.SendAsync(HttpMethod.Get, "/api/query/?measure=questionnaire.data-products&rows=office&year=2023&totals=true&format=csv");
        var lines = (await byOffice.Content.ReadAsStringAsync(Ct)).TrimEnd().Split('\n');
        Assert.Contains($"CO-MLI,{Largest}", lines);
        Assert.Equal($",{(before + InputLimits.MaxCount).ToString(CultureInfo.InvariantCulture)}", lines[^1]);
        using var table = await editor.SendAsync(HttpMethod.Get, "/api/query/?measure=questionnaire.people-assisted&where=office=CO-MLI&year=2023&format=csv");
        Assert.Equal(["value", (6 * InputLimits.MaxCount).ToString(CultureInfo.InvariantCulture)], (await table.Content.ReadAsStringAsync(Ct)).TrimEnd().Split('\n'));
    }

    [Fact]
    public async Task Malformed_submission_requests_are_400_problem_details_naming_the_field_and_change_nothing()
    {
        await using var server = await PlatformServer.StartAsync();
        using var focal = await server.ClientAsync("focal-mali");
        var draft = await OpenOwnAsync(focal);
        var answersPath = $"/api/submissions/{draft.Id}/answers";

        async Task ExpectAsync(HttpMethod method, string path, object? body, string? field, string detail)
        {
            using var response = await focal.SendAsync(method, path, body);
            var problem = await ProblemAsync(response, HttpStatusCode.BadRequest);
            Assert.Equal(detail, problem.GetProperty("detail").GetString());
            if (field is null) Assert.False(problem.TryGetProperty("field", out _));
            else Assert.Equal(field, problem.GetProperty("field").GetString());
        }

        await ExpectAsync(HttpMethod.Put, answersPath, new { version = draft.Version, answers = (object?)null }, "answers",
            "request field 'answers': required: an object of answer keys to values (an empty value or null removes an answer)");
        await ExpectAsync(HttpMethod.Put, answersPath, new { answers = new { } }, "version",
            "request field 'version': required: the submission's version as last read, a whole number");
        await ExpectAsync(HttpMethod.Put, answersPath, new { version = "abc", answers = new { } }, "version", "request field 'version' is not a whole number");
        await ExpectAsync(HttpMethod.Put, answersPath, new { version = draft.Version, answers = new Dictionary<string, object> { ["data-products"] = 5 } },
            "answers.data-products", "request field 'answers.data-products' is not a string or null");
        await ExpectAsync(HttpMethod.Put, answersPath, new { version = draft.Version, answers = new List<string> { "data-products" } }, "answers", "request field 'answers' is not an object");
        await ExpectAsync(HttpMethod.Put, answersPath, new TextBody("{\"version\": 1, \"answers\": {", "application/json"), "answers", "request field 'answers' is not valid JSON");
        await ExpectAsync(HttpMethod.Put, answersPath, new TextBody("[1, 2]", "application/json"), null, "the request body is not an object: send a JSON object");
        await ExpectAsync(HttpMethod.Put, answersPath, new TextBody("", "application/json"), null, "the request has no body: send a JSON object");
        await ExpectAsync(HttpMethod.Put, answersPath, new { version = draft.Version, answers = Enumerable.Range(0, 1001).ToDictionary(i => $"k{i}", _ => "1") }, null,
            "1001 answers in one save: a questionnaire asks at most 1000");
        await ExpectAsync(HttpMethod.Post, "/api/submissions/", new { office = (string?)null, year = 2023 }, "office", "request field 'office': required: the office's code");
        await ExpectAsync(HttpMethod.Post, "/api/submissions/", new { office = PlatformDemo.FocalOffice }, "year", "request field 'year': required: the year, a whole number");
        await ExpectAsync(HttpMethod.Post, $"/api/submissions/{draft.Id}/submit", new { comment = "no version" }, "version",
            "request field 'version': required: the submission's version as last read, a whole number");
        await ExpectAsync(HttpMethod.Post, $"/api/submissions/{draft.Id}/submit", new { version = draft.Version, comment = new string('c', 4001) }, null,
            "the comment is longer than 4000 characters (it has 4001)");
        await ExpectAsync(HttpMethod.Post, "/api/session/", new { userName = (string?)null, password = "x" }, "userName", "request field 'userName': required: the account's user name");
        await ExpectAsync(HttpMethod.Get, "/api/submissions/?year=abc", null, "year", "parameter 'year', value 'abc': not a whole number");
        using (var login = await focal.PostFormAsync("/login", [KeyValuePair.Create("UserName", ""), KeyValuePair.Create("Password", "")], tokenPage: "/login"))
        {
            Assert.Equal(HttpStatusCode.OK, login.StatusCode);
            Assert.Contains("Enter your user name and password.", await login.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
        }

        // A bad value a megabyte long is named, but the message repeats only its start, with its length.
        using (var huge = await focal.SendAsync(HttpMethod.Put, answersPath, new { version = draft.Version, answers = new Dictionary<string, string> { ["data-products"] = new('9', 1_000_000) } }))
        {
            var detail = (await ProblemAsync(huge, HttpStatusCode.UnprocessableEntity)).GetProperty("detail").GetString()!;
            Assert.Equal("Not saved: “How many data products (reports, dashboards, datasets) did the office publish?”: too large: a count is at most 99999999999999 "
                + $"(you entered '{new string('9', InputLimits.MaxEchoedValueLength)}…' (1000000 characters))", detail);
        }

        // A body past the bound is refused before any of it is read, whether the endpoint binds JSON or reads text. (The
        // client asks first, "Expect: 100-continue", as curl does for large bodies: a server that refuses a body closes
        // the connection on one still being sent.)
        foreach (var (path, type) in new[] { (answersPath, "application/json"), ("/api/offices/import", "text/csv") })
        {
            using var handler = new SocketsHttpHandler { UseCookies = false, Expect100ContinueTimeout = TimeSpan.FromSeconds(60) };
            using var http = new HttpClient(handler) { BaseAddress = server.Address };
            using var request = new HttpRequestMessage(path == answersPath ? HttpMethod.Put : HttpMethod.Post, path)
            {
                Content = new StringContent(new string(' ', (int)InputLimits.MaxRequestBodyBytes + 1), Encoding.UTF8, type),
            };
            request.Headers.Add("Cookie", focal.CookieHeader);
            request.Headers.Add("X-CSRF-TOKEN", focal.Token);
            request.Headers.ExpectContinue = true;
            using var large = await http.SendAsync(request, Ct);
            var problem = await ProblemAsync(large, HttpStatusCode.RequestEntityTooLarge);
            Assert.Equal($"the request body is larger than {InputLimits.MaxRequestBodyBytes} bytes, the most the server reads", problem.GetProperty("detail").GetString());
        }

        Assert.Empty(await server.Store.AnswersAsync(draft.Id, Ct));
        Assert.Equal(draft.Version, (await server.Store.SubmissionAsync(draft.Id, Ct))!.Version);
    }

    [Theory]
    [InlineData("abc", "The form's version 'abc' is not a whole number: reload the page and save again.")]
    [InlineData(null, "The form carries no version: reload the page and save again.")]
    public async Task A_form_without_a_whole_number_version_is_refused_with_a_form_error_and_the_typed_answer_shown(string? version, string message)
    {
        await using var server = await PlatformServer.StartAsync();
        using var focal = await server.ClientAsync("focal-mali");
        var draft = await OpenOwnAsync(focal);
        var fields = new List<KeyValuePair<string, string>> { KeyValuePair.Create("answer:data-products", "7") };
        if (version is not null) fields.Add(KeyValuePair.Create("Version", version));

        foreach (var handler in new[] { "Save", "Submit" })
        {
            using var response = await focal.PostFormAsync($"/submission/{draft.Id}?handler={handler}", fields);
            var page = await response.Content.ReadAsStringAsync(Ct);
            Assert.True(response.StatusCode == HttpStatusCode.OK, $"{response.StatusCode}: {page}");
            Assert.Contains(System.Text.Encodings.Web.HtmlEncoder.Default.Encode(message), page, StringComparison.Ordinal);
            Assert.Contains("value=\"7\"", page, StringComparison.Ordinal);
        }
        Assert.Empty(await server.Store.AnswersAsync(draft.Id, Ct));
    }

    /// <summary>The form is read (by the antiforgery check, first) only up to the fields a questionnaire can ask.</summary>
    [Fact]
    public async Task A_form_with_more_fields_than_a_questionnaire_can_ask_is_refused_as_a_bad_request()
    {
        await using var server = await PlatformServer.StartAsync();
        using var focal = await server.ClientAsync("focal-mali");
        var draft = await OpenOwnAsync(focal);
        var fields = Enumerable.Range(0, InputLimits.MaxAnswersPerSubmission + 100).Select(i => KeyValuePair.Create($"answer:x{i}", "1"))
            .Append(KeyValuePair.Create("Version", draft.Version.ToString(CultureInfo.InvariantCulture)));

        using var response = await focal.PostFormAsync($"/submission/{draft.Id}?handler=Save", fields);

        var body = await response.Content.ReadAsStringAsync(Ct);
        Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"{response.StatusCode}: {body}");
        Assert.Empty(await server.Store.AnswersAsync(draft.Id, Ct));
    }

    [Fact]
    public async Task CSV_downloads_keep_formula_like_cells_from_running_while_negative_numbers_stay_numbers()
    {
        await using var server = await PlatformServer.StartAsync();
        using var admin = await server.ClientAsync("admin");
        var offices = await admin.Http.GetStringAsync("/api/offices/export", Ct);
        var injected = offices.TrimEnd() + "\nCO-XXA,\"=HYPERLINK(\"\"http://evil.example\"\",\"\"Mali\"\")\",country,RO-DAK,MLI\n";
        using (var imported = await admin.SendAsync(HttpMethod.Post, "/api/offices/import", new TextBody(injected, "text/csv")))
        {
            Assert.Equal(HttpStatusCode.OK, imported.StatusCode);
        }
        var exported = await admin.Http.GetStringAsync("/api/offices/export", Ct);
        Assert.Contains("CO-XXA,\"'=HYPERLINK(\"\"http://evil.example\"\",\"\"Mali\"\")\",country,RO-DAK,MLI", exported, StringComparison.Ordinal);
        // The export imports back as the same offices: the quote is the file's, not the name's.
        using (var again = await admin.SendAsync(HttpMethod.Post, "/api/offices/import", new TextBody(exported, "text/csv")))
        {
            Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        }
        Assert.Equal("=HYPERLINK(\"http://evil.example\",\"Mali\")", (await server.Store.OfficesAsync(Ct)).Single(o => o.Code == "CO-XXA").Name);

        await FactTestData.ImportAsync(server.Facts, """
            measure,year,office,item,value
            ops.balance,2023,CO-MLI,=1+2,-5
            ops.balance,2023,CO-MLI,@SUM(A1),3.25
            """);
        using var query = await admin.SendAsync(HttpMethod.Get, "/api/query/?measure=ops.balance&rows=item&year=2023&format=csv");
        Assert.Equal(HttpStatusCode.OK, query.StatusCode);
        Assert.Equal(["item,value", "'=1+2,-5", "'@SUM(A1),3.25"], (await query.Content.ReadAsStringAsync(Ct)).TrimEnd().Split('\n'));
    }
}
