using System.Globalization;
using System.Security.Cryptography;
using Almanac.Domain.Platform;
using Almanac.Ingest;
using Almanac.Ingest.Platform;
using Almanac.Store;
using Almanac.Web.Security;

namespace Almanac.Web.Demo;

/// <summary>A demo account and its password, to print at start-up.</summary>
public sealed record DemoCredential(Account Account, string Password);

/// <summary>
/// The demo organization: the offices the reports name (data/platform/offices.csv), the MiGOF and Strategic Plan
/// frameworks, the 2023 questionnaire, one account per role with a fresh random password, and SYNTHETIC answers for
/// most offices (submitted by the account "synthetic-demo", text answers marked SYNTHETIC) — never the demo focal
/// point's own office, which is left for a person to fill in.
/// </summary>
public static class PlatformDemo
{
    public const int Year = 2023;
    public const string SyntheticActor = "synthetic-demo";
    public const string FocalOffice = "CO-MLI";
    public const string ReviewerRegion = "RO-DAK";

    public static async Task<IReadOnlyList<DemoCredential>> SeedAsync(IPlatformStore store, TimeProvider clock, CancellationToken cancellationToken)
    {
        await SeedOrganizationAsync(store, clock, cancellationToken);
        var setup = new Change("demo-setup", clock.GetUtcNow());
        var questionnaire = PlatformFiles.ReadQuestionnaire("data/platform/questionnaire-2023.yaml", Read("platform/questionnaire-2023.yaml"));
        await store.SaveQuestionnaireAsync(questionnaire, setup, cancellationToken);

        Account[] accounts =
        [
            new("admin", "Demo administrator", Role.Administrator, null, null),
            new("editor", "Demo report editor", Role.Editor, null, null),
            new("reviewer-dakar", "Demo reviewer, Regional Office Dakar", Role.RegionalReviewer, null, ReviewerRegion),
            new("focal-mali", "Demo focal point, Mali", Role.FocalPoint, FocalOffice, null),
            new("focal-peru", "Demo focal point, Peru", Role.FocalPoint, "CO-PER", null),
            new("reader", "Demo reader", Role.Reader, null, null),
        ];
        var credentials = new List<DemoCredential>();
        foreach (var account in accounts)
        {
            var password = RandomNumberGenerator.GetString("abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789", 16);
            await store.SaveAccountAsync(account, SignInService.Hash(account, password), setup, cancellationToken);
            credentials.Add(new DemoCredential(account, password));
        }
        await AnswerSyntheticallyAsync(store, questionnaire, clock, cancellationToken);
        return credentials;
    }

    /// <summary>The organization without accounts or answers: the offices the reports name and the results frameworks.</summary>
    public static async Task SeedOrganizationAsync(IPlatformStore store, TimeProvider clock, CancellationToken cancellationToken)
    {
        var setup = new Change("demo-setup", clock.GetUtcNow());
        using (var offices = new StreamReader(EmbeddedData.Open("platform/offices.csv")))
        {
            await store.ImportOfficesAsync(PlatformFiles.ReadOffices("data/platform/offices.csv", offices), setup, cancellationToken);
        }
        await store.SaveFrameworksAsync(PlatformFiles.ReadFrameworks("data/platform/frameworks.yaml", Read("platform/frameworks.yaml")), setup, cancellationToken);
    }

    /// <summary>The years before the platform's current one whose questionnaires the reports let Almanac rebuild (data/platform/questionnaire-YYYY.yaml), answered and locked by `serve --demo`.</summary>
    public static readonly IReadOnlyList<int> HistoryYears = [2017, 2018];

    /// <summary>Every year whose report's office statements the questionnaires link: `almanac demo` answers, locks and publishes them all.</summary>
    public static readonly IReadOnlyList<int> ReportYears = [2017, 2018, 2023];

    /// <summary>
    /// The institutional questionnaires of <paramref name="years"/> (by default <see cref="HistoryYears"/>) with SYNTHETIC
    /// answers that reproduce every statement their reports print about offices (<see cref="SyntheticAnswers"/>), imported
    /// as approved by the account "synthetic-demo", and each year locked, so that its answers are facts for queries and
    /// the publish step. Returns the source id of each lock.
    /// </summary>
    public static async Task<IReadOnlyDictionary<int, long>> SeedHistoryAsync(IPlatformStore store, TimeProvider clock, CancellationToken cancellationToken,
        IReadOnlyList<int>? years = null)
    {
        var change = new Change(SyntheticActor, clock.GetUtcNow());
        var offices = await store.OfficesAsync(cancellationToken);
        var locks = new Dictionary<int, long>();
        foreach (var year in years ?? HistoryYears)
        {
            var file = $"platform/questionnaire-{year}.yaml";
            var questionnaire = PlatformFiles.ReadQuestionnaire("data/" + file, Read(file));
            await store.SaveQuestionnaireAsync(questionnaire, change, cancellationToken);
            var answers = SyntheticAnswers.Generate(questionnaire, offices, seed: year);
            await store.ImportApprovedAnswersAsync(year, answers.Answers, SyntheticAnswers.Label, change, cancellationToken);
            locks[year] = await store.LockYearAsync(year, change, cancellationToken);
        }
        return locks;
    }

    private static string Read(string path)
    {
        using var reader = new StreamReader(EmbeddedData.Open(path));
        return reader.ReadToEnd();
    }

    /// <summary>Synthetic answers, the same every time (a fixed seed): most offices submit, most submissions are approved.</summary>
    private static async Task AnswerSyntheticallyAsync(IPlatformStore store, Questionnaire questionnaire, TimeProvider clock, CancellationToken cancellationToken)
    {
        var random = new Random(Year);
        var change = new Change(SyntheticActor, clock.GetUtcNow());
        foreach (var office in await store.OfficesAsync(cancellationToken))
        {
            var roll = random.NextDouble();
            if (office.Code is FocalOffice or "CO-PER" || roll < 0.08) continue; // no submission
            var submission = await store.OpenSubmissionAsync(office.Code, Year, change, cancellationToken);
            var answers = new Dictionary<string, string?>(StringComparer.Ordinal);
            foreach (var question in questionnaire.Questions)
            {
                switch (question.Kind)
                {
                    case QuestionKind.YesNo:
                        answers[question.Id] = random.NextDouble() < 0.75 ? Answering.Yes : Answering.No;
                        break;
                    case QuestionKind.SingleChoice:
                        answers[question.Id] = question.Options[random.Next(question.Options.Count)];
                        break;
                    case QuestionKind.MultipleChoice:
                        answers[question.Id] = string.Join(Answering.ChoiceSeparator, question.Options.Where(_ => random.NextDouble() < 0.45));
                        break;
                    case QuestionKind.Number:
                        answers[question.Id] = random.Next(0, 25).ToString(CultureInfo.InvariantCulture);
                        break;
                    case QuestionKind.Text:
                        answers[question.Id] = "SYNTHETIC demo answer: a plan is being drawn up.";
                        break;
                    case QuestionKind.Table:
                        foreach (var row in question.Rows)
                        {
                            foreach (var column in question.Columns) answers[Answering.CellKey(question.Id, row, column)] = random.Next(50, 5000).ToString(CultureInfo.InvariantCulture);
                        }
                        break;
                }
            }
            // Only what a person could have answered: questions hidden by show-if and empty choices stay unanswered.
            var given = answers.Where(a => !string.IsNullOrEmpty(a.Value)).ToDictionary(a => a.Key, a => a.Value!, StringComparer.Ordinal);
            foreach (var key in answers.Keys.ToList())
            {
                if (!given.ContainsKey(key) || !Answering.IsShown(questionnaire, questionnaire.Question(Answering.QuestionOf(key))!, given)) answers[key] = null;
            }
            submission = await store.SaveAnswersAsync(submission.Id, submission.Version, answers, change, cancellationToken);
            if (roll < 0.18) continue; // a draft
            submission = await store.ActAsync(submission.Id, submission.Version, SubmissionAction.Submit, null, change, cancellationToken);
            if (roll < 0.35) continue; // awaiting review
            await store.ActAsync(submission.Id, submission.Version, SubmissionAction.Approve, "SYNTHETIC demo approval", change, cancellationToken);
        }
    }
}
