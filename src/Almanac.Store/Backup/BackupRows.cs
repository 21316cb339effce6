using System.Buffers;
using System.Data.Common;
using System.Globalization;
using System.IO.Compression;
using System.Security.Cryptography;
using System.Text.Json;
using Almanac.Domain;

namespace Almanac.Store.Backup;

/// <summary>
/// A table's rows in a backup: JSON Lines compressed with gzip, one JSON array per row with the values in the
/// manifest's column order — text as strings, numbers as numbers, timestamps as "yyyy-MM-ddTHH:mm:ss.ffffff" strings,
/// NULL as null. Neither engine's own format: what one engine writes, the other reads.
/// </summary>
internal static class BackupRows
{
    /// <summary>The longest row a restore reads: a questionnaire document or a rebuilt table's layout is a few hundred KB.</summary>
    public const int MaxLineBytes = 64 << 20;

    private const string TimestampFormat = "yyyy-MM-dd'T'HH:mm:ss.ffffff";

    /// <summary>Files a backup writes hold password hashes and the key ring: readable by their owner only.</summary>
    public const UnixFileMode OwnerOnly = UnixFileMode.UserRead | UnixFileMode.UserWrite;

    /// <summary>Writes every row the reader gives to <paramref name="path"/>; returns the rows, the file's bytes and its SHA-256.</summary>
    public static async Task<(long Rows, long Bytes, string Sha256)> WriteAsync(string path, DbDataReader reader, IReadOnlyList<BackupColumn> columns, CancellationToken cancellationToken)
    {
        long rows = 0;
        var options = new FileStreamOptions { Mode = System.IO.FileMode.CreateNew, Access = FileAccess.Write, Options = FileOptions.Asynchronous, BufferSize = 1 << 16 };
        if (!OperatingSystem.IsWindows()) options.UnixCreateMode = OwnerOnly;
        await using (var file = new FileStream(path, options))
        {
            await using (var gzip = new GZipStream(file, CompressionLevel.Fastest, leaveOpen: true))
            {
                var buffer = new ArrayBufferWriter<byte>(1 << 16);
                await using var json = new Utf8JsonWriter(buffer);
                while (await reader.ReadAsync(cancellationToken))
                {
                    json.WriteStartArray();
                    for (var i = 0; i < columns.Count; i++) WriteValue(json, reader, i, columns[i].Type);
                    json.WriteEndArray();
                    await json.FlushAsync(cancellationToken);
                    json.Reset();
                    buffer.Write("\n"u8);
                    rows++;
                    if (buffer.WrittenCount < 1 << 15) continue;
                    await gzip.WriteAsync(buffer.WrittenMemory, cancellationToken);
                    buffer.ResetWrittenCount();
                }
                await gzip.WriteAsync(buffer.WrittenMemory, cancellationToken);
            }
            await file.FlushAsync(cancellationToken);
            file.Flush(flushToDisk: true);
        }
        var (bytes, sha256) = await HashAsync(path, cancellationToken);
        return (rows, bytes, sha256);
    }

    private static void WriteValue(Utf8JsonWriter json, DbDataReader reader, int i, string type)
    {
        if (reader.IsDBNull(i))
        {
            json.WriteNullValue();
            return;
        }
        switch (type)
        {
            case BackupTypes.Text: json.WriteStringValue(reader.GetString(i)); break;
            case BackupTypes.Integer: json.WriteNumberValue(Convert.ToInt32(reader.GetValue(i), CultureInfo.InvariantCulture)); break;
            case BackupTypes.Bigint: json.WriteNumberValue(Convert.ToInt64(reader.GetValue(i), CultureInfo.InvariantCulture)); break;
            case BackupTypes.Decimal: json.WriteNumberValue(Convert.ToDecimal(reader.GetValue(i), CultureInfo.InvariantCulture)); break;
            case BackupTypes.Boolean: json.WriteBooleanValue(Convert.ToBoolean(reader.GetValue(i), CultureInfo.InvariantCulture)); break;
            case BackupTypes.Timestamp: json.WriteStringValue(reader.GetDateTime(i).ToString(TimestampFormat, CultureInfo.InvariantCulture)); break;
            default: throw new InvalidOperationException($"no backup type '{type}'");
        }
    }

    /// <summary>A file's length and SHA-256 (lower-case hex).</summary>
    public static async Task<(long Bytes, string Sha256)> HashAsync(string path, CancellationToken cancellationToken)
    {
        await using var file = new FileStream(path, System.IO.FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, FileOptions.Asynchronous | FileOptions.SequentialScan);
        var hash = await SHA256.HashDataAsync(file, cancellationToken);
        return (file.Length, Convert.ToHexStringLower(hash));
    }

    /// <summary>
    /// The rows of a table file, each value typed as its column's type. A row that is not what the manifest says (not an
    /// array, the wrong number of values, a value of another type, a line past <see cref="MaxLineBytes"/>) is an
    /// <see cref="InputException"/> naming the file, the line and the column.
    /// </summary>
    public static IEnumerable<object?[]> Read(string path, string name, IReadOnlyList<BackupColumn> columns)
    {
        using var file = new FileStream(path, System.IO.FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, FileOptions.SequentialScan);
        using var gzip = new GZipStream(file, CompressionMode.Decompress);
        long number = 0;
        foreach (var line in Lines(gzip, name))
        {
            number++;
            yield return Parse(line, name, number, columns);
        }
    }

    private static IEnumerable<byte[]> Lines(Stream stream, string name)
    {
        var line = new ArrayBufferWriter<byte>(1 << 12);
        var buffer = new byte[1 << 16];
        long number = 1;
        var lines = new List<byte[]>();
        while (true)
        {
            int read;
            try
            {
                read = stream.Read(buffer);
            }
            catch (InvalidDataException e)
            {
                throw new InputException(name, number, null, null, $"not a gzip file, or a damaged one ({e.Message})");
            }
            if (read == 0) break;
            number = Split(buffer.AsSpan(0, read), line, lines, name, number);
            foreach (var complete in lines) yield return complete;
            lines.Clear();
        }
        if (line.WrittenCount > 0) throw new InputException(name, number, null, null, "the last row does not end with a line break: the file was cut short");
    }

    /// <summary>Adds the lines <paramref name="bytes"/> completes to <paramref name="lines"/>, keeps the rest in <paramref name="line"/>; returns the next line's number.</summary>
    private static long Split(ReadOnlySpan<byte> bytes, ArrayBufferWriter<byte> line, List<byte[]> lines, string name, long number)
    {
        while (bytes.IndexOf((byte)'\n') is var end and >= 0)
        {
            Append(line, bytes[..end], name, number);
            lines.Add(line.WrittenSpan.ToArray());
            line.ResetWrittenCount();
            number++;
            bytes = bytes[(end + 1)..];
        }
        Append(line, bytes, name, number);
        return number;
    }

    private static void Append(ArrayBufferWriter<byte> line, ReadOnlySpan<byte> bytes, string name, long number)
    {
        if (line.WrittenCount + bytes.Length > MaxLineBytes)
        {
            throw new InputException(name, number, null, null, $"a row longer than {MaxLineBytes} bytes, the most a backup's row may be");
        }
        line.Write(bytes);
    }

    private static object?[] Parse(byte[] line, string name, long number, IReadOnlyList<BackupColumn> columns)
    {
        var values = new object?[columns.Count];
        var json = new Utf8JsonReader(line);
        try
        {
            if (!json.Read() || json.TokenType != JsonTokenType.StartArray) throw new InputException(name, number, null, null, "a row must be a JSON array of its values");
            for (var i = 0; i < columns.Count; i++)
            {
                if (!json.Read() || json.TokenType == JsonTokenType.EndArray)
                {
                    throw new InputException(name, number, null, null, $"{i} values where the table has {columns.Count} columns");
                }
                values[i] = Value(ref json, columns[i], name, number);
            }
            if (!json.Read() || json.TokenType != JsonTokenType.EndArray) throw new InputException(name, number, null, null, $"more values than the table's {columns.Count} columns");
            if (json.Read()) throw new InputException(name, number, null, null, "more than one JSON value on the line");
        }
        catch (JsonException e)
        {
            throw new InputException(name, number, null, null, $"not valid JSON ({e.Message})");
        }
        return values;
    }

    private static object? Value(ref Utf8JsonReader json, BackupColumn column, string name, long number)
    {
        if (json.TokenType == JsonTokenType.Null) return null;
        object? value = column.Type switch
        {
            BackupTypes.Text when json.TokenType == JsonTokenType.String => json.GetString(),
            BackupTypes.Integer when json.TokenType == JsonTokenType.Number && json.TryGetInt32(out var integer) => integer,
            BackupTypes.Bigint when json.TokenType == JsonTokenType.Number && json.TryGetInt64(out var bigint) => bigint,
            BackupTypes.Decimal when json.TokenType == JsonTokenType.Number && json.TryGetDecimal(out var number2) => number2,
            BackupTypes.Boolean when json.TokenType is JsonTokenType.True or JsonTokenType.False => json.GetBoolean(),
            BackupTypes.Timestamp when json.TokenType == JsonTokenType.String
                && DateTime.TryParseExact(json.GetString(), TimestampFormat, CultureInfo.InvariantCulture, DateTimeStyles.None, out var at) => at,
            _ => null,
        };
        if (value is not null) return value;
        var found = json.TokenType switch
        {
            JsonTokenType.String => json.GetString(),
            JsonTokenType.Number or JsonTokenType.True or JsonTokenType.False => System.Text.Encoding.UTF8.GetString(json.ValueSpan),
            _ => json.TokenType.ToString(),
        };
        throw new InputException(name, number, column.Name, found, $"not a value of the column's type ({column.Type})");
    }
}
