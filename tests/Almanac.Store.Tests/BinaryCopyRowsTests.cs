using System.Globalization;
using Almanac.Store.Postgres;
using Almanac.Tests;
using Npgsql;

namespace Almanac.Store.Tests;

/// <summary>
/// The binary COPY rows the PostgreSQL store sends facts in, read by a real server: every number is the one written, a
/// decimal with its exact scale, and a fact value rounds to the fact column's scale as the server's own parse of its text does.
/// </summary>
public sealed class BinaryCopyRowsTests
{
    private static readonly decimal[] Values =
    [
        0m, 0.00m, 1m, -1m, 84m, 84.0000m, 12.5m, -12.5m, 0.5m, 0.0001m, -0.0001m, 0.00005m, 0.00015m, 10_000m, 9_999.9999m,
        10_000.0001m, 123_456_789.123m, 99_999_999_999_999.9999m, -99_999_999_999_999.9999m, 1_000_000_000_000m,
        0.1234567890123456789012345678m, 7.9228162514264337593543950335m, 1_844_674_407_370_955.1615m, 18_446_744_073_709_551.615m,
        decimal.MaxValue, decimal.MinValue, 1e-28m, 100_000_000m, 0.0010m,
    ];

    [Fact]
    public async Task Every_number_written_is_the_one_the_server_reads()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var test = await TestStores.CreateAsync("postgres");
        await using var connection = new NpgsqlConnection(test.Target);
        await connection.OpenAsync(ct);
        await Execute(connection, "CREATE TABLE numbers (ordinal INTEGER, big BIGINT, flag BOOLEAN, empty INTEGER, exact NUMERIC, fact DECIMAL(18,4))", ct);

        await using (var stream = await connection.BeginRawBinaryCopyAsync("COPY numbers (ordinal, big, flag, empty, exact, fact) FROM STDIN (FORMAT BINARY)", ct))
        {
            var rows = new BinaryCopyRows(stream, 6);
            for (var n = 0; n < Values.Length; n++)
            {
                rows.StartRow();
                rows.Integer(n - 3);
                rows.Bigint(n % 2 == 0 ? long.MaxValue - n : long.MinValue + n);
                rows.Boolean(n % 3 == 0);
                rows.Null();
                rows.Decimal(Values[n]);
                // The fact column holds what is below 10^14.
                if (Math.Abs(Values[n]) < 100_000_000_000_000m) rows.Decimal(Values[n]);
                else rows.Null();
                await rows.SendWhenFullAsync(ct);
            }
            await rows.EndAsync(ct);
        }

        await using var read = new NpgsqlCommand("SELECT ordinal, big, flag, empty, exact::text, fact, CASE WHEN abs(exact) < 1e14 THEN exact::text::numeric(18,4) END FROM numbers ORDER BY ordinal", connection);
        await using var reader = await read.ExecuteReaderAsync(ct);
        var i = 0;
        for (; await reader.ReadAsync(ct); i++)
        {
            Assert.Equal(i - 3, reader.GetInt32(0));
            Assert.Equal(i % 2 == 0 ? long.MaxValue - i : long.MinValue + i, reader.GetInt64(1));
            Assert.Equal(i % 3 == 0, reader.GetBoolean(2));
            Assert.True(reader.IsDBNull(3));
            // The server's text of the numeric, scale and all, against .NET's text of the decimal.
            Assert.Equal(Values[i].ToString(CultureInfo.InvariantCulture), reader.GetString(4));
            if (Math.Abs(Values[i]) < 100_000_000_000_000m) Assert.Equal(reader.GetDecimal(6), reader.GetDecimal(5));
            else Assert.True(reader.IsDBNull(5));
        }
        Assert.Equal(Values.Length, i);
    }

    private static async Task Execute(NpgsqlConnection connection, string sql, CancellationToken ct)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync(ct);
    }
}
