namespace Almanac.Store.Facts;

/// <summary>
/// A part of a file made of whole lines, bytes <see cref="Start"/> to <see cref="End"/> (exclusive), so that several threads
/// read one file at once: every part but the last ends just after a line feed, which in UTF-8 is never inside a character.
/// </summary>
internal readonly record struct FilePart(long Start, long End)
{
    /// <summary>
    /// Cuts a file into at most <paramref name="count"/> parts of about equal size and at least
    /// <paramref name="minimumBytes"/> each (one part for a smaller file), each cut at the first line feed after its share.
    /// </summary>
    public static IReadOnlyList<FilePart> Split(string path, int count, long minimumBytes)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(count, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(minimumBytes, 1);
        using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 0);
        var length = file.Length;
        var parts = new List<FilePart>();
        count = (int)Math.Clamp(length / minimumBytes, 1, count);
        var start = 0L;
        Span<byte> buffer = stackalloc byte[4096];
        for (var k = 1; k < count; k++)
        {
            file.Position = Math.Max(start, length / count * k);
            var end = -1L;
            while (end < 0 && file.Read(buffer) is var read and > 0)
            {
                var feed = buffer[..read].IndexOf((byte)'\n');
                if (feed >= 0) end = file.Position - read + feed + 1;
            }
            if (end < 0 || end >= length) break;
            parts.Add(new FilePart(start, end));
            start = end;
        }
        parts.Add(new FilePart(start, length));
        return parts;
    }

    /// <summary>Opens the part for reading from its first byte to its last.</summary>
    public Stream Open(string path) => new PartStream(path, this);

    private sealed class PartStream : Stream
    {
        private readonly FileStream _file;
        private long _left;

        public PartStream(string path, FilePart part)
        {
            _file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 1 << 16, FileOptions.SequentialScan) { Position = part.Start };
            _left = part.End - part.Start;
        }

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public override int Read(Span<byte> buffer)
        {
            if (_left <= 0) return 0;
            var read = _file.Read(buffer[..(int)Math.Min(buffer.Length, _left)]);
            _left -= read;
            return read;
        }

        public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        protected override void Dispose(bool disposing)
        {
            if (disposing) _file.Dispose();
            base.Dispose(disposing);
        }
    }
}
