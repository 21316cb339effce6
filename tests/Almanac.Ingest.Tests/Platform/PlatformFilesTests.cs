using System.Globalization;
using Almanac.Domain;
using Almanac.Domain.Platform;
using Almanac.Domain.Publishing;
using Almanac.Ingest.Platform;
using Almanac.Tests;

namespace Almanac.Ingest.Tests.Platform;

/// <summary>The platform's files: questionnaires and frameworks as YAML, offices as CSV, and the demo's data files.</summary>
public sealed class PlatformFilesTests
{
    private static readonly string[] ReportYears = ["2017", "2018", "2023"];

    private static string Data(string name) => File.ReadAllText(Path.Combine(SharedFiles.RepositoryRoot, "data", "platform", name));

    [Fact]
    public void The_2023_questionnaire_reads_with_every_kind_and_exports_to_a_file_that_reads_the_same()
    {
        var questionnaire = PlatformFiles.ReadQuestionnaire("questionnaire-2023.yaml", Data("questionnaire-2023.yaml"));
        Assert.Equal(Enum.GetValues<QuestionKind>().Order(), questionnaire.Questions.Select(q => q.Kind).Distinct().Order());
        var table = questionnaire.Question("people-assisted")!;
        Assert.Equal(["Women", "Men"], table.Columns);
        Assert.Equal(new ShowIf("emergency-response", "yes"), table.ShowIf);
        var again = PlatformFiles.ReadQuestionnaire("export", PlatformFiles.WriteQuestionnaire(questionnaire));
        Assert.Equal(PlatformFiles.WriteQuestionnaire(questionnaire), PlatformFiles.WriteQuestionnaire(again));
        Assert.Equal(questionnaire.Questions.Select(q => (q.Id, q.Kind, q.Text, q.Help, q.Required, q.ShowIf)), again.Questions.Select(q => (q.Id, q.Kind, q.Text, q.Help, q.Required, q.ShowIf)));
    }

    private const string LinkedQuestionnaire = """
        year: 2018
        framework: migof
        participation: { report: annual-report-2018, line: 1969, percent: 98 }
        sections:
          - id: standards
            node: principle-1
            questions:
              - id: advice
                kind: yes-no
                text: Did the office advise the government on legislation?
                fr: { text: Le bureau a-t-il conseillé le gouvernement sur la législation ? }
                es: { text: ¿Asesoró la oficina al gobierno sobre la legislación? }
                statements:
                  - report: annual-report-2018
                    line: 68
                    percent: 72
                    say:
                      en: "{percent} of offices advised their government on legislation."
                      fr: "{percent} des bureaux ont conseillé leur gouvernement sur la législation."
                      es: "El {percent} de las oficinas asesoró a su gobierno sobre la legislación."
              - id: advice-how
                kind: multiple-choice
                text: How?
                options: [Assessing compliance, Technical support]
                fr: { text: Comment ?, options: [Évaluer la conformité, Appui technique] }
                show-if: { question: advice, equals: "yes" }
                statements:
                  - { report: annual-report-2018, line: 70, answer: Assessing compliance, count: 35 }
                  - { report: annual-report-2018, line: 70, answer: Technical support, count: 56, qualifier: more-than, office-kind: country }
        """;

    [Fact]
    public void Statements_and_translations_of_a_question_read_and_export_to_a_file_that_reads_the_same()
    {
        var questionnaire = PlatformFiles.ReadQuestionnaire("q.yaml", LinkedQuestionnaire);
        Assert.Equal(98m, questionnaire.Participation!.Percent);
        var advice = questionnaire.Question("advice")!;
        var sentences = new LocalizedText(new Dictionary<string, string>
        {
            ["en"] = "{percent} of offices advised their government on legislation.",
            ["fr"] = "{percent} des bureaux ont conseillé leur gouvernement sur la législation.",
            ["es"] = "El {percent} de las oficinas asesoró a su gobierno sobre la legislación.",
        });
        Assert.Equal(new StatementLink("annual-report-2018", 68, "yes", null, 72m, Domain.Reports.Statements.StatementQualifier.Exact, Say: sentences), Assert.Single(advice.Statements));
        Assert.Equal("¿Asesoró la oficina al gobierno sobre la legislación?", advice.Translations["es"].Text);
        var how = questionnaire.Question("advice-how")!;
        Assert.Equal(["Évaluer la conformité", "Appui technique"], how.Translations["fr"].Options);
        Assert.Equal(("Technical support", Domain.Reports.Statements.StatementQualifier.MoreThan, "country"), (how.Statements[1].Answer, how.Statements[1].Qualifier, how.Statements[1].OfficeKind));

        var again = PlatformFiles.ReadQuestionnaire("export", PlatformFiles.WriteQuestionnaire(questionnaire));
        Assert.Equal(questionnaire.Questions.SelectMany(q => q.Statements), again.Questions.SelectMany(q => q.Statements));
        Assert.Equal(questionnaire.Participation, again.Participation);
        Assert.Equal(questionnaire.Questions.SelectMany(q => q.Translations.Select(t => (t.Key, t.Value.Text, t.Value.Help, string.Join("|", t.Value.Options)))),
            again.Questions.SelectMany(q => q.Translations.Select(t => (t.Key, t.Value.Text, t.Value.Help, string.Join("|", t.Value.Options)))));
    }

    private const string TranslatedTitles = """
        year: 2023
        title: Institutional questionnaire 2023
        fr: { title: Questionnaire institutionnel 2023 }
        es: { title: Cuestionario institucional 2023 }
        sections:
          - id: s
            title: Partnerships
            fr: { title: Partenariats }
            questions:
              - id: assisted
                kind: table
                text: People assisted, by sex
                rows: [Migrants, Host community members]
                columns: [Women, Men]
                es: { text: "Personas asistidas, por sexo", rows: [Migrantes, Miembros de la comunidad de acogida], columns: [Mujeres, Hombres] }
              - { id: how, kind: single-choice, text: How far?, options: [Partly, Fully], fr: { text: Dans quelle mesure ?, options: [En partie, Entièrement] } }
        """;

    [Fact]
    public void Titles_rows_and_columns_read_in_french_and_spanish_with_english_where_a_language_has_none_and_export_as_read()
    {
        var questionnaire = PlatformFiles.ReadQuestionnaire("q.yaml", TranslatedTitles);
        Assert.Equal(("Questionnaire institutionnel 2023", "Cuestionario institucional 2023", "Institutional questionnaire 2023"),
            (questionnaire.TitleIn("fr"), questionnaire.TitleIn("es"), questionnaire.TitleIn("en")));
        var section = Assert.Single(questionnaire.Sections);
        Assert.Equal(("Partenariats", "Partnerships"), (section.TitleIn("fr"), section.TitleIn("es")));
        var table = questionnaire.Question("assisted")!;
        Assert.Equal(("Personas asistidas, por sexo", "Miembros de la comunidad de acogida", "Hombres"), (table.TextIn("es"), table.RowIn("Host community members", "es"), table.ColumnIn("Men", "es")));
        // No French words for the table: its English text, rows and columns; the cells stay keyed by the English names.
        Assert.Equal(("People assisted, by sex", "Migrants", "Women"), (table.TextIn("fr"), table.RowIn("Migrants", "fr"), table.ColumnIn("Women", "fr")));
        var how = questionnaire.Question("how")!;
        Assert.Equal(("Entièrement", "Fully", "Fully"), (how.OptionIn("Fully", "fr"), how.OptionIn("Fully", "es"), how.OptionIn("Fully", "en")));

        var written = PlatformFiles.WriteQuestionnaire(questionnaire);
        var again = PlatformFiles.ReadQuestionnaire("export", written);
        Assert.Equal(written, PlatformFiles.WriteQuestionnaire(again));
        Assert.Equal((questionnaire.Titles["es"], section.Titles["fr"]), (again.Titles["es"], again.Sections[0].Titles["fr"]));
        Assert.Equal(table.Translations["es"].Rows, again.Question("assisted")!.Translations["es"].Rows);
        Assert.Equal(table.Translations["es"].Columns, again.Question("assisted")!.Translations["es"].Columns);
    }

    [Theory]
    [InlineData("fr: { title: Partenariats }", "fr: { title: \"\" }", "sections.s.fr.title", "a translation needs the title")]
    [InlineData("columns: [Mujeres, Hombres]", "columns: [Mujeres]", "assisted.es.columns", "the es translation has 1 columns where the question has 2")]
    [InlineData("rows: [Migrantes, Miembros de la comunidad de acogida]", "rows: [Migrantes, Otros, Más]", "assisted.es.rows", "the es translation has 3 rows where the question has 2")]
    public void A_translation_without_its_title_or_with_other_rows_or_columns_than_the_question_is_refused(string given, string written, string field, string problem)
    {
        Assert.Contains(given, TranslatedTitles, StringComparison.Ordinal);
        var refused = Assert.Throws<InputException>(() => PlatformFiles.ReadQuestionnaire("q.yaml", TranslatedTitles.Replace(given, written, StringComparison.Ordinal)));
        Assert.Equal(field, refused.Column);
        Assert.Contains(problem, refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_statement_linked_to_an_answer_the_question_does_not_offer_is_named()
    {
        var wrong = Assert.Throws<InputException>(() => PlatformFiles.ReadQuestionnaire("q.yaml", LinkedQuestionnaire.Replace("answer: Technical support,", "answer: Advocacy,", StringComparison.Ordinal)));
        Assert.Equal("advice-how.statements", wrong.Column);
        Assert.Contains("line 70 counts the answer 'Advocacy', which the question does not offer", wrong.Message, StringComparison.Ordinal);
        var qualifier = Assert.Throws<InputException>(() => PlatformFiles.ReadQuestionnaire("q.yaml", LinkedQuestionnaire.Replace("qualifier: more-than", "qualifier: roughly", StringComparison.Ordinal)));
        Assert.Equal(("advice-how.statements.qualifier", "roughly"), (qualifier.Column, qualifier.Value));
    }

    [Theory]
    [InlineData("fr: \"{share} des bureaux ont conseillé leur gouvernement.\"", "the fr sentence names {share}")]
    [InlineData("fr: \"Des bureaux ont conseillé leur gouvernement.\"", "the fr sentence does not give {percent}, which the report prints")]
    [InlineData("fr: \"{percent} des {bureaux ont conseillé leur gouvernement.\"", "the fr sentence has a brace that is not a placeholder")]
    [InlineData("de: \"{percent} der Büros berieten ihre Regierung.\"", "a sentence in 'de': the report is written in en, fr, es")]
    public void A_sentence_that_names_an_unknown_placeholder_or_leaves_out_a_printed_figure_is_refused(string frenchLine, string problem)
    {
        const string French = "fr: \"{percent} des bureaux ont conseillé leur gouvernement sur la législation.\"";
        Assert.Contains(French, LinkedQuestionnaire, StringComparison.Ordinal);
        var refused = Assert.Throws<InputException>(() => PlatformFiles.ReadQuestionnaire("q.yaml", LinkedQuestionnaire.Replace(French, frenchLine, StringComparison.Ordinal)));
        Assert.Equal("advice.statements", refused.Column);
        Assert.Contains($"line 68: {problem}", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_bad_questionnaire_file_names_the_file_line_field_and_value()
    {
        var unknown = Assert.Throws<InputException>(() => PlatformFiles.ReadQuestionnaire("q.yaml", "year: 2023\nsections:\n  - id: s\n    colour: red\n"));
        Assert.Equal(("q.yaml", 4L), (unknown.File, unknown.Line));
        var kind = Assert.Throws<InputException>(() => PlatformFiles.ReadQuestionnaire("q.yaml", "year: 2023\nsections:\n  - id: s\n    questions:\n      - { id: a, kind: slider, text: A }\n"));
        Assert.Equal(("a.kind", "slider", 5L), (kind.Column, kind.Value, kind.Line));
        var showIf = Assert.Throws<InputException>(() => PlatformFiles.ReadQuestionnaire("q.yaml",
            "year: 2023\nsections:\n  - id: s\n    questions:\n      - { id: a, kind: text, text: A, show-if: { question: b, equals: x } }\n      - { id: b, kind: text, text: B }\n"));
        Assert.Contains("not an earlier question", showIf.Message, StringComparison.Ordinal);
        Assert.Equal(("a.show-if", 5L), (showIf.Column, showIf.Line));
    }

    /// <summary>
    /// A problem the whole questionnaire's check finds (after the file is read) is said on the line of the question's
    /// field, and on the question's own line when the field is not written; in the block style the Admin page's export
    /// writes, each on a line of its own.
    /// </summary>
    [Theory]
    [InlineData("[Partly, Partly]", "", "how.options", 13, "'Partly' is listed twice")]
    [InlineData("[]", "", "how.options", 13, "a choice question needs options")]
    [InlineData("[Partly, Fully]", "        show-if: { question: fund, equals: maybe }\n", "how.show-if", 14, "show-if asks 'fund' for 'maybe', which it cannot answer (its answers: yes, no)")]
    [InlineData("[Partly, Fully]", "        fr: { text: \"\" }\n", "how.fr.text", 14, "a translation needs the question's text")]
    [InlineData("[Partly, Fully]", "        fr:\n          text: Comment ?\n          options: [Un]\n", "how.fr.options", 16, "the fr translation has 1 options where the question has 2")]
    [InlineData("[Partly, Fully]", "      - id: fund\n        kind: yes-no\n        text: Again?\n", "fund.id", 14, "appears twice")]
    public void A_problem_of_the_questionnaire_names_the_line_of_the_field_it_concerns(string options, string added, string field, long line, string problem)
    {
        var text = "year: 2023\nframework: sp\nsections:\n  - id: s\n    title: S\n    questions:\n      - id: fund\n        kind: yes-no\n        text: Funded?\n"
            + $"      - id: how\n        kind: single-choice\n        text: How?\n        options: {options}\n" + added;
        var refused = Assert.Throws<InputException>(() => PlatformFiles.ReadQuestionnaire("q.yaml", text));
        Assert.Equal(("q.yaml", line, field), (refused.File, refused.Line, refused.Column));
        Assert.EndsWith(problem, refused.Message, StringComparison.Ordinal);
        Assert.StartsWith($"q.yaml, line {line}, column '{field}': ", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_problem_of_a_field_not_written_is_said_on_its_questions_line()
    {
        var refused = Assert.Throws<InputException>(() => PlatformFiles.ReadQuestionnaire("q.yaml",
            "year: 2023\nsections:\n  - id: s\n    questions:\n      - id: a\n        kind: yes-no\n        text: A\n      - id: b\n        kind: multiple-choice\n        text: B\n"));
        Assert.Equal((8L, "b.options"), (refused.Line, refused.Column));
        Assert.Contains("a choice question needs options", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_number_questions_unit_is_count_unless_it_says_amount_and_only_number_and_table_questions_have_one()
    {
        var questionnaire = PlatformFiles.ReadQuestionnaire("q.yaml", """
            year: 2023
            sections:
              - id: s
                questions:
                  - { id: products, kind: number, text: How many? }
                  - { id: budget, kind: number, text: How much?, unit: amount }
                  - { id: assisted, kind: table, text: Assisted, rows: [a], columns: [b], unit: count }
            """);
        Assert.Equal([NumberUnit.Count, NumberUnit.Amount, NumberUnit.Count], questionnaire.Questions.Select(q => q.Unit));
        var again = PlatformFiles.ReadQuestionnaire("export", PlatformFiles.WriteQuestionnaire(questionnaire));
        Assert.Equal(questionnaire.Questions.Select(q => q.Unit), again.Questions.Select(q => q.Unit));
        Assert.Contains("unit: amount", PlatformFiles.WriteQuestionnaire(questionnaire), StringComparison.Ordinal);

        var onText = Assert.Throws<InputException>(() => PlatformFiles.ReadQuestionnaire("q.yaml", "year: 2023\nsections:\n  - id: s\n    questions:\n      - { id: a, kind: text, text: A, unit: count }\n"));
        Assert.Equal(("a.unit", "count"), (onText.Column, onText.Value));
        var unknown = Assert.Throws<InputException>(() => PlatformFiles.ReadQuestionnaire("q.yaml", "year: 2023\nsections:\n  - id: s\n    questions:\n      - { id: a, kind: number, text: A, unit: litres }\n"));
        Assert.Contains("count or amount", unknown.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_offices_export_keeps_a_formula_like_name_from_running_and_imports_back_unchanged()
    {
        Office[] offices =
        [
            new("RO-DAK", "=HYPERLINK(\"http://evil.example\",\"Dakar\")", OfficeKind.RegionalOffice, "RO-DAK", "SEN"),
            new("CO-MLI", "@Mali", OfficeKind.CountryOffice, "RO-DAK", "MLI"),
            new("CO-PER", "-Peru", OfficeKind.CountryOffice, "RO-DAK", "PER"),
        ];
        var csv = PlatformFiles.WriteOffices(offices);
        Assert.Contains("RO-DAK,\"'=HYPERLINK(\"\"http://evil.example\"\",\"\"Dakar\"\")\",regional,RO-DAK,SEN", csv, StringComparison.Ordinal);
        Assert.Contains("CO-MLI,'@Mali,country,RO-DAK,MLI", csv, StringComparison.Ordinal);
        Assert.Contains("CO-PER,'-Peru,country,RO-DAK,PER", csv, StringComparison.Ordinal);
        Assert.Equal(offices, PlatformFiles.ReadOffices("export.csv", new StringReader(csv)));
    }

    [Fact]
    public void An_offices_file_past_the_bound_is_refused_on_the_first_office_too_many()
    {
        var text = new System.Text.StringBuilder("code,name,kind,region,country\nHQ,Headquarters,headquarters,,\n");
        for (var i = 1; i <= InputLimits.MaxOffices; i++) text.Append(CultureInfo.InvariantCulture, $"CO-{i},Office {i},country,,MLI\n");
        var error = Assert.Throws<InputException>(() => PlatformFiles.ReadOffices("offices.csv", new StringReader(text.ToString())));
        Assert.Equal((InputLimits.MaxOffices + 2L, "offices.csv"), (error.Line, error.File));
        Assert.Contains("more than 10 000 offices", error.Message, StringComparison.Ordinal);
        Assert.Equal(InputLimits.MaxOffices, PlatformFiles.ReadOffices("offices.csv", new StringReader(string.Join('\n', text.ToString().Split('\n')[..^2]))).Count);
    }

    [Fact]
    public void The_frameworks_name_the_parts_the_reports_name()
    {
        var frameworks = PlatformFiles.ReadFrameworks("frameworks.yaml", Data("frameworks.yaml"));
        var migof = frameworks.Single(f => f.Id == "migof");
        Assert.Equal((3, 3, 1), (migof.Nodes.Count(n => n.Kind == "principle"), migof.Nodes.Count(n => n.Kind == "objective"), migof.Nodes.Count(n => n.Kind == "organizational effectiveness")));
        var plan = frameworks.Single(f => f.Id == "strategic-plan-2024-2028");
        Assert.Equal((3, 7, 4), (plan.Nodes.Count(n => n.Kind == "objective"), plan.Nodes.Count(n => n.Kind == "enabler"), plan.Nodes.Count(n => n.Kind == "cross-cutting priority")));
        // The 2023 report's table of contents prints each of the Plan's parts (titles as printed).
        var report = File.ReadAllText(SharedFiles.Require("reports/annual-report-2023.txt"));
        Assert.All(plan.Nodes, n => Assert.Contains(n.Title, report, StringComparison.OrdinalIgnoreCase));
        Assert.Equal(frameworks.Select(f => f.Id), PlatformFiles.ReadFrameworks("export", PlatformFiles.WriteFrameworks(frameworks)).Select(f => f.Id));
    }

    [Fact]
    public void The_crosswalk_maps_every_migof_node_reaches_every_plan_node_and_survives_an_export()
    {
        var frameworks = PlatformFiles.ReadFrameworks("frameworks.yaml", Data("frameworks.yaml"));
        var migof = frameworks.Single(f => f.Id == "migof");
        var plan = frameworks.Single(f => f.Id == "strategic-plan-2024-2028");
        var crosswalk = Crosswalk.Of(frameworks);
        // Every MiGOF node continues in the Plan, and every Plan node but none has a MiGOF node it continues (read back).
        Assert.All(migof.Nodes, n => Assert.NotEmpty(crosswalk.Counterparts(new NodeRef(migof.Id, n.Id), plan.Id)));
        Assert.All(plan.Nodes, n => Assert.NotEmpty(crosswalk.Counterparts(new NodeRef(plan.Id, n.Id), migof.Id)));
        Assert.Equal(["enabler-partnerships", "objective-3"], crosswalk.Counterparts(new NodeRef("migof", "principle-3"), plan.Id));
        Assert.Equal(migof.Crosswalk.Count, migof.Nodes.Count);
        Assert.Empty(plan.Crosswalk);
        var again = PlatformFiles.ReadFrameworks("export", PlatformFiles.WriteFrameworks(frameworks));
        Assert.Equal(migof.Crosswalk.Select(l => (l.From, string.Join(",", l.To))), again.Single(f => f.Id == "migof").Crosswalk.Select(l => (l.From, string.Join(",", l.To))));

        // The three questionnaires give each framework its indicators: one per statement-linked answer under a node (a
        // question the 2018 questionnaire moved to another node is an indicator of each).
        var questionnaires = ReportYears.Select(y => PlatformFiles.ReadQuestionnaire($"questionnaire-{y}.yaml", Data($"questionnaire-{y}.yaml"))).ToList();
        var links = questionnaires.SelectMany(q => q.Sections.SelectMany(s => s.Questions.SelectMany(question => question.Statements.Select(l => (q.Framework, s.FrameworkNode, question.Id, l.Answer, l.OfficeKind)))))
            .Distinct().Count();
        var indicators = frameworks.SelectMany(f => FrameworkIndicators.Derive(f, questionnaires)).ToList();
        Assert.Equal(links, indicators.Count);
        // 264 printed figures make 223 indicators: a question of 2017 printed again in 2018 is one series, a baseline a year.
        Assert.Equal(264, questionnaires.Sum(q => q.Questions.Sum(question => question.Statements.Count)));
        Assert.Equal(223, indicators.Count);
        var sdg = indicators.Single(i => i.Id == "sdg-support=yes");
        Assert.Equal(("migof", "principle-2"), (sdg.Framework, sdg.Node));
        Assert.Equal([2017, 2018], sdg.Baselines.Select(b => b.Year));
        Assert.All(plan.Nodes.Where(n => n.Id == "enabler-data-and-evidence"), n => Assert.Single(n.Indicators));
    }

    [Theory]
    [InlineData("migof/principle-1", "strategic-plan-2024-2028/priority-nothing", "crosswalk.to", "strategic-plan-2024-2028/priority-nothing")]
    [InlineData("migof/principle-9", "strategic-plan-2024-2028/objective-1", "crosswalk.from", "migof/principle-9")]
    [InlineData("mgof/principle-1", "strategic-plan-2024-2028/objective-1", "crosswalk.from", "mgof/principle-1")]
    [InlineData("principle-1", "strategic-plan-2024-2028/objective-1", "crosswalk.from", "principle-1")]
    public void A_crosswalk_naming_an_unknown_node_is_refused_with_the_file_field_and_value(string from, string to, string field, string value)
    {
        var text = Data("frameworks.yaml");
        text = text[..text.IndexOf("\ncrosswalk:", StringComparison.Ordinal)] + $"\ncrosswalk:\n  - from: {from}\n    to: [{to}]\n";
        var error = Assert.Throws<InputException>(() => PlatformFiles.ReadFrameworks("frameworks.yaml", text));
        Assert.Equal(("frameworks.yaml", field, value), (error.File, error.Column, error.Value));
    }

    [Fact]
    public void A_file_of_one_framework_may_cross_walk_to_a_stored_one_but_not_start_from_it()
    {
        var stored = PlatformFiles.ReadFrameworks("frameworks.yaml", Data("frameworks.yaml"));
        const string MigofOnly = """
            frameworks:
              - { id: migof, name: MiGOF, from-year: 2016, to-year: 2019, nodes: [{ id: principle-3, kind: principle, title: Partnerships }] }
            crosswalk:
              - { from: migof/principle-3, to: [strategic-plan-2024-2028/enabler-partnerships] }
            """;
        Assert.Throws<InputException>(() => PlatformFiles.ReadFrameworks("migof.yaml", MigofOnly));
        var migof = Assert.Single(PlatformFiles.ReadFrameworks("migof.yaml", MigofOnly, stored));
        Assert.Equal([new NodeRef("strategic-plan-2024-2028", "enabler-partnerships")], Assert.Single(migof.Crosswalk).To);

        var other = MigofOnly.Replace("from: migof/principle-3, to: [strategic-plan-2024-2028/enabler-partnerships]", "from: strategic-plan-2024-2028/enabler-partnerships, to: [migof/principle-3]", StringComparison.Ordinal);
        var error = Assert.Throws<InputException>(() => PlatformFiles.ReadFrameworks("migof.yaml", other, stored));
        Assert.Equal(("migof.yaml", "crosswalk.from", "strategic-plan-2024-2028/enabler-partnerships"), (error.File, error.Column, error.Value));
    }

    [Fact]
    public void The_demo_offices_are_the_ones_the_reports_name_and_a_bad_office_file_names_its_line()
    {
        using var reader = new StringReader(Data("offices.csv"));
        var offices = PlatformFiles.ReadOffices("offices.csv", reader);
        var reports = string.Join("\n", ReportYears.Select(y => File.ReadAllText(SharedFiles.Require($"reports/annual-report-{y}.txt"))));
        foreach (var office in offices.Where(o => o.Kind == OfficeKind.RegionalOffice))
        {
            Assert.Contains(office.Name["Regional Office ".Length..], reports, StringComparison.Ordinal);
        }
        Assert.All(offices.Where(o => o.Kind == OfficeKind.CountryOffice), o => Assert.NotNull(o.Region));

        var error = Assert.Throws<InputException>(() => PlatformFiles.ReadOffices("bad.csv", new StringReader("code,name,kind,region,country\nHQ,Headquarters,headquarters,,CHE\nCO-X,X,embassy,,XXX\n")));
        Assert.Equal(("bad.csv", 3L, "kind", "embassy"), (error.File, error.Line, error.Column, error.Value));
        var region = Assert.Throws<InputException>(() => PlatformFiles.ReadOffices("bad.csv", new StringReader("code,name,kind,region,country\nCO-X,X,country,RO-NONE,MLI\n")));
        Assert.Equal((2L, "region", "RO-NONE"), (region.Line, region.Column, region.Value));
    }
}
