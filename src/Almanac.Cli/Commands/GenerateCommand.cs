using System.CommandLine;
using Almanac.Domain.Workforce;
using Almanac.Ingest.Published;
using Almanac.Ingest.Reference;
using Almanac.Ingest.Staff;
using Spectre.Console;

namespace Almanac.Cli.Commands;

/// <summary>almanac generate staff: writes the synthetic staff list that reproduces a report's printed annexes.</summary>
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
        return new Command("generate", "Generate demo data.") { staff };
    }

    public static int Write(int reportYear, string path)
    {
        var staff = SyntheticStaffList.Generate(reportYear, [.. PublishedFigures.ReadEmbedded(reportYear)], ReferenceDataReader.ReadEmbedded());
        StaffListWriter.Write(path, staff);
        return staff.Count;
    }
}
