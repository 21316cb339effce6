using Almanac.Ingest.Reference;
using Almanac.Tests;

namespace Almanac.Bench;

/// <summary>
/// Issue 18's layout-mutation figures: every corpus document read after each layout mutation (tests/Almanac.Testing's
/// <see cref="LayoutMutations"/>, the harness the tests assert), against the read of the original. Prints one Markdown
/// table (document × mutation: tables, cells recovered / of, cells wrong, findings kept / of, findings invented), as
/// bench/RESULTS.md records it, and with --detail the cells and findings each mutation loses or invents.
/// </summary>
public static class ReportMutationsBench
{
    public const string Usage = """
        Usage: dotnet run --project bench/Almanac.Bench -- report-mutations [--reports DIR] [--seed N] [--detail] [--write DIR]
                 [--document NAME] [--mutation NAME]

          Reads every corpus document in DIR (default: ../shared/reports next to the repository) and each of its layout
          mutations (seed N, default the tests' seed) and prints what the readers recover of the original's tables, cells
          and audit findings; --detail lists, per mutation, up to 12 cells and findings lost and invented; --write DIR
          writes each mutated text to DIR/<document>.<mutation>.txt (to see what a reader was given; DIR is created);
          --document and --mutation score only that document or mutation (a reader's fix, checked in seconds).
        """;

    public static int Run(string reports, int seed, bool detail, string? writeTo = null, string? onlyDocument = null, string? onlyMutation = null)
    {
        var reference = ReferenceDataReader.ReadEmbedded();
        var documents = MutationHarness.Documents.Where(d => onlyDocument is null || d == onlyDocument).ToList();
        var mutations = LayoutMutations.All.Where(m => onlyMutation is null || m.Name == onlyMutation).ToList();
        if (documents.Count == 0 || mutations.Count == 0)
        {
            Console.Error.WriteLine($"No document or mutation so named: the documents are {string.Join(", ", MutationHarness.Documents)}; the mutations {string.Join(", ", LayoutMutations.All.Select(m => m.Name))}.");
            return 2;
        }
        var missing = documents.Where(d => !File.Exists(Path.Combine(reports, d))).ToList();
        if (missing.Count > 0)
        {
            Console.Error.WriteLine($"{reports} lacks {string.Join(", ", missing)}: pass --reports DIR (the workplace's shared/reports).");
            return 2;
        }
        Console.WriteLine($"seed {seed}; {LayoutMutations.All.Count} mutations: {string.Join("; ", LayoutMutations.All.Select(m => $"{m.Name} ({m.Description})"))}");
        Console.WriteLine();
        Console.WriteLine(MutationScore.Heading);
        var details = new List<string>();
        var perfect = 0;
        var scores = 0;
        foreach (var document in documents)
        {
            var original = MutationHarness.ReadOriginal(document, File.ReadAllBytes(Path.Combine(reports, document)), reference);
            foreach (var mutation in mutations)
            {
                var score = MutationHarness.Score(original, mutation, reference, seed);
                if (writeTo is not null)
                {
                    Directory.CreateDirectory(writeTo);
                    File.WriteAllText(Path.Combine(writeTo, $"{Path.GetFileNameWithoutExtension(document)}.{mutation.Name}.txt"),
                        mutation.Mutate(original.Lines, original.Regions, seed).Text);
                }
                Console.WriteLine(score.Row());
                scores++;
                if (score.Perfect) perfect++;
                if (detail && !score.Perfect)
                {
                    details.Add($"{document} × {mutation.Name}:");
                    details.AddRange(score.Lost.Concat(score.Invented).Select(l => "  " + l));
                }
            }
        }
        Console.WriteLine();
        Console.WriteLine($"{perfect} of {scores} document × mutation pairs give every cell and finding of the original and invent none.");
        foreach (var line in details) Console.WriteLine(line);
        return 0;
    }
}
