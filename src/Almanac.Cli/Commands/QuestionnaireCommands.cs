using System.CommandLine;
using Almanac.Domain;
using Almanac.Domain.Platform;
using Almanac.Web;
using Almanac.Web.Services;
using Microsoft.Extensions.Options;
using Spectre.Console;

namespace Almanac.Cli.Commands;

/// <summary>
/// almanac questionnaire workbook and upload: a submission (or a region's) as an offline workbook, and the filled workbook
/// back, through the same service as the web pages. Whoever holds the store acts: as an administrator to read, and as
/// each office's focal point to save (the only role that saves answers), the audit naming "cli:" and the system user.
/// </summary>
public static class QuestionnaireCommands
{
    public static Command Create(CommandContext context)
    {
        var office = new Option<string?>("--office") { Description = "The office whose submission to write (its code)." };
        var region = new Option<string?>("--region") { Description = "Instead of --office: every submission of the region's offices, in one workbook (a sheet set per office)." };
        var year = new Option<int>("--year") { Description = "The questionnaire's year.", Required = true };
        var output = new Option<FileInfo>("--out") { Description = "The workbook to write (.xlsx).", Required = true };
        var language = LanguageOption.Create("the workbook's instructions, questions and choices");
        var workbook = new Command("workbook", "Write an office's submission (or a region's) as an Excel workbook to fill in offline: a sheet per section, validated answer cells, protected structure, hidden keys.")
        {
            office, region, year, output, language,
        };
        workbook.SetAction(async (parse, cancellationToken) =>
        {
            var lang = LanguageOption.Read(parse, language);
            var (code, area) = (parse.GetValue(office), parse.GetValue(region));
            if (code is null == area is null) throw new AlmanacException("name either --office CODE or --region CODE (not both).");
            await using var store = await context.OpenStoreAsync(parse, cancellationToken);
            var (platform, workbooks) = Services(store, context);
            var reader = new Account(Actor, Actor, Role.Administrator, null, null);
            byte[] bytes;
            if (code is not null)
            {
                var wanted = parse.GetValue(year);
                var submission = (await platform.VisibleSubmissionsAsync(reader, wanted, cancellationToken)).FirstOrDefault(s => s.Office.Code == code).Submission
                    ?? throw new NotFoundException(Refusal.Of("workbook.no-submission", $"office {InputLimits.Quote(code)} has no submission of {wanted}: its focal point opens it first", InputLimits.Quote(code), wanted));
                bytes = await workbooks.DownloadAsync(reader, submission.Id, lang, cancellationToken);
            }
            else
            {
                bytes = await workbooks.DownloadRegionAsync(reader, parse.GetValue(year), area, lang, cancellationToken);
            }
            var file = parse.GetValue(output)!;
            await File.WriteAllBytesAsync(file.FullName, bytes, cancellationToken);
            context.Console.MarkupLineInterpolated($"wrote {file.FullName}");
            return 0;
        });

        var input = new Argument<FileInfo>("FILE") { Description = "A filled questionnaire workbook (.xlsx) as 'questionnaire workbook' or the submission's page wrote it." };
        var upload = new Command("upload", "Save a filled workbook's answers, checked as the web form checks them (every problem by sheet and cell; nothing written on any); refused when the submission changed since the download.")
        {
            input,
        };
        upload.SetAction(async (parse, cancellationToken) =>
        {
            var file = parse.GetValue(input)!;
            if (!file.Exists) throw new InputException(file.Name, null, null, null, "no such file");
            await using var store = await context.OpenStoreAsync(parse, cancellationToken);
            var (_, workbooks) = Services(store, context);
            foreach (var saved in await workbooks.UploadAsOfficesAsync(Actor, file.FullName, file.Name, cancellationToken))
            {
                var s = saved.Submission;
                context.Console.MarkupLineInterpolated($"saved submission {s.Id} (office {s.Office}, {s.Year}): version {s.Version}, {saved.Progress.Sum(p => p.Answered)} of {saved.Progress.Sum(p => p.Required)} required answers given");
            }
            return 0;
        });
        return new Command("questionnaire", "Offline questionnaires: a submission as an Excel workbook, and the filled workbook back.") { workbook, upload };
    }

    private static string Actor => "cli:" + Environment.UserName;

    private static (PlatformService Platform, QuestionnaireWorkbooks Workbooks) Services(Store.SqlStore store, CommandContext context)
    {
        var platform = new PlatformService(store, context.Clock, Options.Create(new PlatformOptions()));
        return (platform, new QuestionnaireWorkbooks(platform, store, context.Clock));
    }
}
