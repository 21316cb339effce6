using System.Buffers.Binary;

namespace Almanac.Store.Postgres;

/// <summary>
/// Rows of numbers in PostgreSQL's binary COPY format (the manual's COPY, "Binary Format"), formatted into one buffer that
/// is sent through a raw COPY stream as it fills.
/// </summary>
/// <remarks>
/// Why not Npgsql's binary importer: it writes each value through a typed call that finds the value's converter, eleven
/// a fact row, which made the client the load's bottleneck (bench/RESULTS.md); and why not text: the client then formats
/// every number as digits, where a binary integer is four bytes copied (the server spends about as much per field on
/// either form). What this writes is only what the fact table holds — bigint, integer, boolean, numeric — each exactly
/// as the server's receive function reads it (numeric as <c>numeric_recv</c> does: base-10000 digits, weight, sign,
/// display scale).
/// </remarks>
internal sealed class BinaryCopyRows : IBulkRow
{
    /// <summary>The most bytes one field takes: its length, then a numeric's 8-byte head and at most 8 base-10000 digits of a decimal's 96 bits.</summary>
    private const int MaximumFieldBytes = 4 + 8 + 2 * 8;

    private const int SendAt = 1 << 16;

    private static readonly byte[] Header = [(byte)'P', (byte)'G', (byte)'C', (byte)'O', (byte)'P', (byte)'Y', (byte)'\n', 0xFF, (byte)'\r', (byte)'\n', 0, 0, 0, 0, 0, 0, 0, 0, 0];

    private readonly Stream _stream;
    private readonly short _fields;
    private readonly byte[] _buffer;
    private int _length;

    public BinaryCopyRows(Stream stream, int fields)
    {
        _stream = stream;
        _fields = checked((short)fields);
        _buffer = new byte[SendAt + 2 + fields * MaximumFieldBytes + Header.Length];
        Header.CopyTo(_buffer, 0);
        _length = Header.Length;
    }

    /// <summary>Starts a row; the caller then gives each of its fields, in the COPY's column order.</summary>
    public void StartRow()
    {
        BinaryPrimitives.WriteInt16BigEndian(_buffer.AsSpan(_length), _fields);
        _length += 2;
    }

    /// <summary>Sends what the buffer holds once it is nearly full (between rows).</summary>
    public async ValueTask SendWhenFullAsync(CancellationToken cancellationToken)
    {
        if (_length >= SendAt) await SendAsync(cancellationToken);
    }

    /// <summary>Sends the rows still in the buffer and the end of the data (the trailer).</summary>
    public async ValueTask EndAsync(CancellationToken cancellationToken)
    {
        BinaryPrimitives.WriteInt16BigEndian(_buffer.AsSpan(_length), -1);
        _length += 2;
        await SendAsync(cancellationToken);
    }

    private async ValueTask SendAsync(CancellationToken cancellationToken)
    {
        await _stream.WriteAsync(_buffer.AsMemory(0, _length), cancellationToken);
        _length = 0;
    }

    public void Bigint(long value)
    {
        var field = Field(8);
        BinaryPrimitives.WriteInt64BigEndian(field, value);
    }

    public void Integer(int? value)
    {
        if (value is not { } number) Null();
        else BinaryPrimitives.WriteInt32BigEndian(Field(4), number);
    }

    public void Boolean(bool value) => Field(1)[0] = value ? (byte)1 : (byte)0;

    public void Decimal(decimal value)
    {
        var written = WriteNumeric(_buffer.AsSpan(_length + 4), value);
        BinaryPrimitives.WriteInt32BigEndian(_buffer.AsSpan(_length), written);
        _length += 4 + written;
    }

    public void Null()
    {
        BinaryPrimitives.WriteInt32BigEndian(_buffer.AsSpan(_length), -1);
        _length += 4;
    }

    public void Text(string? value) => throw new NotSupportedException("a bulk insert of numbers was given a text");

    public void Timestamp(DateTime utc) => throw new NotSupportedException("a bulk insert of numbers was given a timestamp");

    /// <summary>Writes a field's length and returns the room for its bytes.</summary>
    private Span<byte> Field(int bytes)
    {
        BinaryPrimitives.WriteInt32BigEndian(_buffer.AsSpan(_length), bytes);
        var field = _buffer.AsSpan(_length + 4, bytes);
        _length += 4 + bytes;
        return field;
    }

    /// <summary>
    /// A decimal as PostgreSQL's binary numeric: the count of base-10000 digits, the weight of the first (in powers of
    /// 10000), the sign, the display scale, then the digits, most significant first, none of them a leading or trailing
    /// zero. The decimal point falls between two digits, so the fraction is padded to whole groups of four decimal
    /// digits first.
    /// </summary>
    internal static int WriteNumeric(Span<byte> destination, decimal value)
    {
        Span<int> bits = stackalloc int[4];
        decimal.GetBits(value, bits);
        var scale = (bits[3] >> 16) & 0xFF;
        var negative = bits[3] < 0;
        var padding = (4 - scale % 4) % 4;
        var fractionDigits = (scale + padding) / 4;
        Span<short> digits = stackalloc short[8];
        var count = 0;
        var low = ((ulong)(uint)bits[1] << 32) | (uint)bits[0];
        if (bits[2] == 0 && low <= ulong.MaxValue / 1000)
        {
            // Every figure below 10^14 with up to four decimals: the whole of it in a ulong.
            var mantissa = low * Pow10(padding);
            for (; mantissa != 0; mantissa /= 10_000) digits[count++] = (short)(mantissa % 10_000);
        }
        else
        {
            var mantissa = (((UInt128)(uint)bits[2] << 64) | low) * Pow10(padding);
            for (; mantissa != 0; mantissa /= 10_000) digits[count++] = (short)(ulong)(mantissa % 10_000);
        }
        var last = 0;
        while (last < count && digits[last] == 0) last++;
        var (ndigits, weight, sign) = last == count ? (0, 0, 0) : (count - last, count - fractionDigits - 1, negative ? 0x4000 : 0);
        BinaryPrimitives.WriteInt16BigEndian(destination, (short)ndigits);
        BinaryPrimitives.WriteInt16BigEndian(destination[2..], (short)weight);
        BinaryPrimitives.WriteInt16BigEndian(destination[4..], (short)sign);
        BinaryPrimitives.WriteInt16BigEndian(destination[6..], (short)scale);
        for (var i = 0; i < ndigits; i++) BinaryPrimitives.WriteInt16BigEndian(destination[(8 + 2 * i)..], digits[count - 1 - i]);
        return 8 + 2 * ndigits;
    }

    private static uint Pow10(int exponent) => exponent switch { 0 => 1, 1 => 10, 2 => 100, _ => 1000 };
}
