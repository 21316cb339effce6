using System.Text;
using Almanac.Store.Facts;

namespace Almanac.Store.Tests;

/// <summary>The parts of whole lines a file is read in on several threads (PostgreSQL's load of observation files).</summary>
public sealed class FilePartTests : IDisposable
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;
    private readonly DirectoryInfo _directory = Directory.CreateTempSubdirectory("almanac-file-parts-");

    public void Dispose() => _directory.Delete(true);

    [Fact]
    public async Task Parts_cover_the_file_in_order_and_each_but_the_last_ends_with_a_line_feed()
    {
        // Lines of varied length, a multi-byte character in each, no line feed at the end.
        var text = string.Join("\n", Enumerable.Range(0, 2_000).Select(i => $"m,2023,Côte{i},{new string('x', i % 37)},{i}"));
        var bytes = Encoding.UTF8.GetBytes(text);
        var path = Write("lines.csv", bytes);
        foreach (var count in new[] { 1, 2, 3, 7 })
        {
            var parts = FilePart.Split(path, count, minimumBytes: 1_000);
            Assert.Equal(count, parts.Count);
            Assert.Equal(0, parts[0].Start);
            Assert.Equal(bytes.Length, parts[^1].End);
            for (var i = 0; i < parts.Count; i++)
            {
                Assert.True(parts[i].End > parts[i].Start, $"part {i} holds bytes");
                if (i > 0) Assert.Equal(parts[i - 1].End, parts[i].Start);
                if (i < parts.Count - 1) Assert.Equal((byte)'\n', bytes[parts[i].End - 1]);
                // Each part is about its share of the file, ended at the next line's start.
                Assert.InRange(parts[i].End - parts[i].Start, bytes.Length / count - 100, bytes.Length / count + 100);
            }
            var read = new List<byte>();
            foreach (var part in parts)
            {
                await using var stream = part.Open(path);
                using var copy = new MemoryStream();
                await stream.CopyToAsync(copy, Ct);
                read.AddRange(copy.ToArray());
            }
            Assert.Equal(bytes, read);
        }
    }

    [Fact]
    public void A_small_file_or_a_share_without_a_line_feed_makes_fewer_parts()
    {
        var path = Write("small.csv", Encoding.UTF8.GetBytes(string.Join("\n", Enumerable.Range(0, 100).Select(i => $"m,2023,{i}"))));
        Assert.Equal([new FilePart(0, new FileInfo(path).Length)], FilePart.Split(path, 8, minimumBytes: 1 << 20));
        // A long first line, then one short one: a cut inside the long line moves to its end, and no third part is left.
        var longLine = Write("long.csv", Encoding.UTF8.GetBytes(new string('x', 10_000) + "\nm,2023,1\n"));
        var parts = FilePart.Split(longLine, 3, minimumBytes: 100);
        Assert.Equal([new FilePart(0, 10_001), new FilePart(10_001, 10_010)], parts);
        var noFeed = Write("no-feed.csv", Encoding.UTF8.GetBytes(new string('x', 10_000)));
        Assert.Equal([new FilePart(0, 10_000)], FilePart.Split(noFeed, 4, minimumBytes: 100));
    }

    private string Write(string name, byte[] bytes)
    {
        var path = Path.Combine(_directory.FullName, name);
        File.WriteAllBytes(path, bytes);
        return path;
    }
}
