using System.Globalization;
using System.IO.Compression;
using Almanac.Domain.Publishing;

namespace Almanac.Publish.Tests;

/// <summary>Helpers for tests that read written files back.</summary>
public static class ReadBack
{
    /// <summary>
    /// A number as a report prints it ("2 994", "47 %", "+3", "-", "N/A", "1,5" in French), read without
    /// <see cref="Almanac.Domain.Publishing.NumberFormat"/> so that a fault there shows up as a difference.
    /// </summary>
    public static (decimal? Value, bool NotApplicable) Printed(string text, string language)
    {
        if (text is "N/A" or "s.o.") return (null, true);
        if (text.Length == 0) return (null, false);
        if (text == "-") return (0, false);
        var digits = new string([.. text.Where(c => c is not (' ' or '\u00A0' or '\u202F' or '%' or '+'))]);
        if (language != "en") digits = digits.Replace(',', '.');
        return (decimal.Parse(digits, NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture), false);
    }

    /// <summary>A fresh directory under the system's temporary folder, deleted with the returned handle.</summary>
    public static TempDirectory TempDirectory() => new(Directory.CreateTempSubdirectory("almanac-publish-").FullName);

    /// <summary>
    /// Writes the sample publication twice, more than two seconds apart (the resolution of zip times, so that a clock in
    /// the file would show), asserts the two files are byte-identical, and returns the first (an Office package).
    /// </summary>
    public static async Task<string> AssertTwoWritesAreIdenticalAsync(Func<Publication, TempDirectory, Task<string>> write, TempDirectory first, TempDirectory second)
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        var one = await write(SamplePublication.Create(), first);
        await Task.Delay(TimeSpan.FromSeconds(2.2), cancellationToken);
        var other = await write(SamplePublication.Create(), second);
        Assert.Equal(await File.ReadAllBytesAsync(one, cancellationToken), await File.ReadAllBytesAsync(other, cancellationToken));
        Assert.All(ZipEntries(one), e => Assert.Equal(new DateTime(1980, 1, 1), e.Time.DateTime));
        return one;
    }

    /// <summary>The names and times of a zip's entries, in order.</summary>
    public static IReadOnlyList<(string Name, DateTimeOffset Time)> ZipEntries(string path)
    {
        using var zip = ZipFile.OpenRead(path);
        return [.. zip.Entries.Select(e => (e.FullName, e.LastWriteTime))];
    }
}

/// <summary>A temporary directory that deletes itself.</summary>
public sealed class TempDirectory(string path) : IDisposable
{
    public string Path { get; } = path;

    public void Dispose()
    {
        if (Directory.Exists(Path)) Directory.Delete(Path, recursive: true);
    }
}
