using System.CommandLine;
using Almanac.Domain.Projects;
using Almanac.Domain.Workforce;
using Almanac.Ingest.Projects;
using Almanac.Ingest.Published;
using Almanac.Ingest.Reference;
using Almanac.Ingest.Staff;
using Spectre.Console;

namespace Almanac.Cli.Commands;

/// <summary>almanac generate staff|projects: writes the synthetic staff list that reproduces a report's printed annexes, or the synthetic project portfolio that reproduces the 2018 appeal.</summary>
public static class GenerateCommand
{
    public static Command Create(CommandContext context)
    {
        var report = new Option<int>("--report") { Description = "Report whose printed nationality annexes the list reproduces.", DefaultValueFactory = _ => 2023 };
        var output = new Option<FileInfo>("--out") { Description = "CSV file to write.", Required = true };
        var staff = new Command("staff", "Write a SYNTHETIC staff list (CSV) whose aggregation equals the report's printed Annexes II and III.") { report, output };
        staff.SetAction(parse =>
        {
            var path = parse.GetValue(output)!.FullName;
            var count = Write(parse.GetValue(report), path);
            context.Console.MarkupLineInterpolated($"wrote {path}: {count} synthetic staff members (ids start with {SyntheticStaffList.IdPrefix}).");
            return 0;
        });

        var directory = new Option<DirectoryInfo>("--out") { Description = "Directory to write projects.csv and transactions.csv to.", Required = true };
        var projects = new Command("projects",
            $"Write a SYNTHETIC project portfolio (projects.csv, transactions.csv) whose {AppealYear} budgets add up, by region and MiGOF category, to the Migration Initiatives {AppealYear} appeal as printed.") { directory };
        projects.SetAction(parse =>
        {
            var (portfolio, notes) = WriteProjects(parse.GetValue(directory)!.FullName);
            context.Console.MarkupLineInterpolated($"wrote {parse.GetValue(directory)!.FullName}: {portfolio.Projects.Count} synthetic projects (ids start with {SyntheticPortfolio.IdPrefix}), {portfolio.Transactions.Count} transactions.");
            foreach (var note in notes) context.Console.MarkupLineInterpolated($"  printed inconsistency: {note}");
            return 0;
        });
        return new Command("generate", "Generate demo data.") { staff, projects };
    }

    /// <summary>The appeal the synthetic portfolio reproduces.</summary>
    public const int AppealYear = 2018;

    /// <summary>Writes the synthetic portfolio to DIR/projects.csv and DIR/transactions.csv; returns it with the appeal's printed inconsistencies.</summary>
    public static (Portfolio Portfolio, IReadOnlyList<string> Notes) WriteProjects(string directory)
    {
        if (File.Exists(directory)) throw new Domain.AlmanacException($"--out {directory} is a file: it names the directory to write projects.csv and transactions.csv to; nothing was written.");
        Directory.CreateDirectory(directory);
        var appeal = ProjectFileWriter.ReadEmbeddedAppeal(AppealYear);
        var portfolio = SyntheticPortfolio.Generate(appeal, ReferenceDataReader.ReadEmbedded());
        ProjectFileWriter.Write(portfolio, Path.Combine(directory, "projects.csv"), Path.Combine(directory, "transactions.csv"));
        return (portfolio, SyntheticPortfolio.Reconcile(portfolio, appeal));
    }

    public static int Write(int reportYear, string path)
    {
        var staff = SyntheticStaffList.Generate(reportYear, [.. PublishedFigures.ReadEmbedded(reportYear)], ReferenceDataReader.ReadEmbedded());
        StaffListWriter.Write(path, staff);
        return staff.Count;
    }
}
