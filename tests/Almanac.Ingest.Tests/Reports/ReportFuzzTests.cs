using System.Text;
using Almanac.Domain;
using Almanac.Domain.Reference;
using Almanac.Ingest.Reference;
using Almanac.Ingest.Reports;
using Almanac.Tests;

namespace Almanac.Ingest.Tests.Reports;

/// <summary>
/// Arbitrary and mutated report text never makes the reader fail with anything but a message: it either reads the
/// document (with unresolved rows where the arithmetic no longer fits) or says why it cannot. Seeds are fixed so a
/// failure reproduces; ALMANAC_FUZZ_SEED runs another sequence.
/// </summary>
public sealed class ReportFuzzTests
{
    private static readonly ReferenceData Reference = ReferenceDataReader.ReadEmbedded();
    private static readonly int Seed = int.TryParse(Environment.GetEnvironmentVariable("ALMANAC_FUZZ_SEED"), out var seed) ? seed : 20261123;

    [Theory]
    [InlineData("annual-report-2017.txt", 1)]
    [InlineData("annual-report-2018.txt", 2)]
    [InlineData("annual-report-2023.txt", 3)]
    [InlineData("migration-initiatives-2018.txt", 4)]
    public void Mutated_reports_are_read_or_refused_with_a_message(string file, int stream)
    {
        var lines = File.ReadAllLines(SharedFiles.Require("reports/" + file));
        // string.GetHashCode differs between processes: a fixed stream number keeps a failure reproducible.
        var random = new Random(Seed + stream);
        var outcomes = new Dictionary<string, int>();
        for (var i = 0; i < 60; i++)
        {
            var mutated = lines.ToList();
            var mutations = new List<string>();
            for (var m = random.Next(1, 12); m > 0; m--) mutations.Add(Mutate(mutated, random));
            var outcome = ReadOrRefuse(string.Join('\n', mutated), () => $"{file}, seed {Seed}, iteration {i}: {string.Join("; ", mutations)}");
            outcomes[outcome] = outcomes.GetValueOrDefault(outcome) + 1;
        }
        // Many copies are legitimately refused (a truncation or a moved block cuts a table whose title remains, and a
        // table that cannot be read at all is refused loudly), but a reader that refused every damaged copy would give
        // up on a whole document for one bad row: at least a quarter must still be read.
        Assert.True(outcomes.GetValueOrDefault("read") >= 15, $"only {outcomes.GetValueOrDefault("read")} of 60 mutated copies of {file} were read, with seed {Seed}");
    }

    [Theory]
    [InlineData("annual-report-2018.txt", 5)]
    [InlineData("annual-report-2023.txt", 6)]
    public void Mutated_reports_read_as_pdftotext_output_are_read_or_refused_with_a_message(string file, int stream)
    {
        // A form feed makes the text pdftotext's, whose columns are laid out by spaces: every reader then cuts lines at
        // runs of spaces, on text that was never laid out that way.
        var lines = File.ReadAllLines(SharedFiles.Require("reports/" + file));
        var random = new Random(Seed + stream);
        for (var i = 0; i < 30; i++)
        {
            var mutated = lines.ToList();
            var mutations = new List<string>();
            for (var m = random.Next(0, 12); m > 0; m--) mutations.Add(Mutate(mutated, random));
            mutated.Insert(random.Next(mutated.Count + 1), "\f");
            ReadOrRefuse(string.Join('\n', mutated), () => $"{file} as pdftotext output, seed {Seed}, iteration {i}: {string.Join("; ", mutations)}");
        }
    }

    [Fact]
    public void Arbitrary_text_and_bytes_are_refused_with_a_message()
    {
        var random = new Random(Seed);
        var alphabet = "IOM Annual Report for 2023 Migration Initiatives funding requirements Total Men Women P-5 G-1 1 062 47% +2 – \t\n\f  **<b>".ToCharArray();
        for (var i = 0; i < 200; i++)
        {
            var length = random.Next(0, 20_000);
            var text = new StringBuilder(length);
            for (var c = 0; c < length; c++) text.Append(alphabet[random.Next(alphabet.Length)]);
            ReadOrRefuse(text.ToString(), () => $"arbitrary text, seed {Seed}, iteration {i}");
            var bytes = new byte[random.Next(0, 4096)];
            random.NextBytes(bytes);
            ReadOrRefuse(bytes, () => $"arbitrary bytes, seed {Seed}, iteration {i}");
        }
    }

    private static string ReadOrRefuse(string text, Func<string> context) => ReadOrRefuse(Encoding.UTF8.GetBytes(text), context);

    private static string ReadOrRefuse(byte[] content, Func<string> context)
    {
        try
        {
            ReportExtraction.Read("fuzz.txt", content, Reference, ReportReaders.All);
            return "read";
        }
        catch (AlmanacException e)
        {
            Assert.False(string.IsNullOrWhiteSpace(e.Message), context());
            return "refused";
        }
        catch (Exception e)
        {
            Assert.Fail($"{context()}\nunhandled {e.GetType().Name}: {e.Message}\n{e.StackTrace}");
            throw;
        }
    }

    /// <summary>One edit of the kinds extraction produces or a typist makes; returns what it did, for the failure message.</summary>
    private static string Mutate(List<string> lines, Random random)
    {
        if (lines.Count == 0)
        {
            lines.Add("");
            return "added an empty line";
        }
        var at = random.Next(lines.Count);
        var line = lines[at];
        switch (random.Next(9))
        {
            case 0:
                lines.RemoveAt(at);
                return $"deleted line {at + 1}";
            case 1:
                lines.Insert(at, line);
                return $"doubled line {at + 1}";
            case 2:
                if (at + 1 < lines.Count)
                {
                    lines[at] = line + " " + lines[at + 1];
                    lines.RemoveAt(at + 1);
                }
                return $"joined line {at + 1} with the next";
            case 3:
                {
                    var cut = line.Length == 0 ? 0 : random.Next(line.Length);
                    lines[at] = line[..cut];
                    lines.Insert(at + 1, line[cut..]);
                    return $"broke line {at + 1} at {cut}";
                }
            case 4:
                lines[at] = string.Concat(line.Select(ch => char.IsAsciiDigit(ch) && random.Next(4) == 0 ? (char)('0' + random.Next(10)) : ch));
                return $"changed digits on line {at + 1}";
            case 5:
                lines[at] = line.Replace('\t', ' ');
                return $"tabs to spaces on line {at + 1}";
            case 6:
                lines[at] = line.Length == 0 ? line : line.Remove(random.Next(line.Length), 1);
                return $"dropped a character on line {at + 1}";
            case 7:
                {
                    var count = Math.Min(random.Next(1, 40), lines.Count - at);
                    var block = lines.GetRange(at, count);
                    lines.RemoveRange(at, count);
                    lines.InsertRange(random.Next(lines.Count + 1), block);
                    return $"moved lines {at + 1}–{at + count}";
                }
            default:
                lines.RemoveRange(at, lines.Count - at);
                return $"truncated at line {at + 1}";
        }
    }
}
