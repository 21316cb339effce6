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

/// <summary>
/// Administration: questionnaires edited as their file (validated on save, errors name the field), frameworks and
/// offices imported and exported as files; the answers stored outside the bounds, each submission returned to its office
/// for correction from here; a backup of the store written by the server.
/// </summary>
public sealed class AdminModel(PlatformService platform, IStringLocalizer<UiText> text) : PageModel
{
    [BindProperty(SupportsGet = true)] public int? Edit { get; set; }
    [BindProperty] public string? Yaml { get; set; }
    [BindProperty] public IFormFile? Upload { get; set; }
    [BindProperty] public long? Submission { get; set; }
    [BindProperty] public long? Version { get; set; }

    public IReadOnlyList<int> Years { get; private set; } = [];
    public IReadOnlyList<Framework> Frameworks { get; private set; } = [];
    public int OfficeCount { get; private set; }
    public IReadOnlyList<OutOfRangeAnswer> OutOfRange { get; private set; } = [];

    /// <summary>The current version of each submission listed, which the return form names.</summary>
    public IReadOnlyDictionary<long, long> Versions { get; private set; } = new Dictionary<long, long>();
    public string? Message { get; private set; }
    public bool Failed { get; private set; }

    private Account Admin()
    {
        var account = CurrentAccount.Required(User);
        if (!Access.CanAdminister(account)) throw AccessDeniedException.MayNot("administer-platform", "administer the platform");
        return account;
    }

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        Admin();
        Years = await platform.QuestionnaireYearsAsync(cancellationToken);
        Frameworks = await platform.FrameworksAsync(cancellationToken);
        OfficeCount = (await platform.OfficesAsync(cancellationToken)).Count;
        var admin = Admin();
        OutOfRange = await platform.OutOfRangeAsync(admin, null, cancellationToken);
        if (OutOfRange.Count > 0)
        {
            Versions = (await platform.VisibleSubmissionsAsync(admin, null, cancellationToken)).ToDictionary(s => s.Submission.Id, s => s.Submission.Version);
        }
        if (Edit is { } year && Yaml is null) Yaml = PlatformFiles.WriteQuestionnaire(await platform.QuestionnaireAsync(year, cancellationToken));
    }

    public Task<IActionResult> OnPostQuestionnaireAsync(CancellationToken cancellationToken) =>
        RunAsync(async () => text["Admin.QuestionnaireSaved", (await platform.ImportQuestionnaireAsync(Admin(), "the questionnaire", Yaml ?? "", cancellationToken)).Year], cancellationToken);

    public Task<IActionResult> OnPostFrameworksAsync(CancellationToken cancellationToken) =>
        RunAsync(async () => text["Admin.FrameworksImported", (await platform.ImportFrameworksAsync(Admin(), FileName(), await ReadFileAsync(cancellationToken), cancellationToken)).Count], cancellationToken);

    public Task<IActionResult> OnPostOfficesAsync(CancellationToken cancellationToken) =>
        RunAsync(async () => text["Admin.OfficesImported", (await platform.ImportOfficesAsync(Admin(), FileName(), new StringReader(await ReadFileAsync(cancellationToken)), cancellationToken)).Count], cancellationToken);

    public Task<IActionResult> OnPostReopenAsync(CancellationToken cancellationToken) =>
        RunAsync(async () =>
        {
            var returned = await platform.ReopenAsync(Admin(), Submission ?? throw new AlmanacException(text["Admin.NoSubmission"]),
                Version ?? throw new AlmanacException(text["Admin.NoVersion"]), null, cancellationToken);
            return text["Admin.Returned", returned.Id, returned.Office];
        }, cancellationToken);

    public Task<IActionResult> OnPostBackupAsync(CancellationToken cancellationToken) =>
        RunAsync(async () =>
        {
            var backup = await platform.BackupAsync(Admin(), cancellationToken);
            return text["Admin.BackedUp", backup.Directory, backup.Manifest.Tables.Count, UiFormat.Number(backup.Manifest.Rows)];
        }, cancellationToken);

    private string FileName() => Upload?.FileName ?? "the file";

    private async Task<string> ReadFileAsync(CancellationToken cancellationToken)
    {
        if (Upload is null) throw new AlmanacException(text["Admin.ChooseFile"]);
        using var reader = new StreamReader(Upload.OpenReadStream());
        return await reader.ReadToEndAsync(cancellationToken);
    }

    private async Task<IActionResult> RunAsync(Func<Task<string>> action, CancellationToken cancellationToken)
    {
        var yaml = Yaml;
        try
        {
            Message = await action();
        }
        catch (AlmanacException error) when (error is not AccessDeniedException)
        {
            Message = RefusalText.Say(error, text);
            Failed = true;
        }
        await OnGetAsync(cancellationToken);
        Yaml = yaml;
        return Page();
    }
}
