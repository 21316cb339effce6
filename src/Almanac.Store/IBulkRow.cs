namespace Almanac.Store;

/// <summary>One row of a bulk load, given its values column by column in the table's column order.</summary>
/// <remarks>One method per column type (named after the SQL type), so that each engine writes the exact type the column has, without boxing.</remarks>
internal interface IBulkRow
{
    void Bigint(long value);

    void Integer(int? value);

    void Decimal(decimal value);

    void Boolean(bool value);

    void Text(string? value);

    /// <summary>A TIMESTAMP (without time zone) column: the store keeps UTC wall-clock times (a restored backup's as it recorded them).</summary>
    void Timestamp(DateTime utc);

    /// <summary>NULL, in a column of any type (what a restored backup gives for a nullable column).</summary>
    void Null();
}
