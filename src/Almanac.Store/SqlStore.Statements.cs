using System.Data.Common;
using System.Globalization;
using Almanac.Domain.Reports.Statements;

namespace Almanac.Store;

/// <summary>The office statements read from published reports (report_statement).</summary>
public abstract partial class SqlStore
{
    private async Task InsertStatementsAsync(DbTransaction transaction, long sourceId, IReadOnlyList<OfficeStatement> statements, CancellationToken cancellationToken)
    {
        foreach (var s in statements)
        {
            await ExecuteAsync(transaction, """
                INSERT INTO report_statement (source_id, ordinal, paragraph, line, year, subject, count, qualifier, percent, base, role, parent, parent_line, section, text)
                VALUES ($1, $2, CAST($3 AS INTEGER), $4, $5, $6, CAST($7 AS INTEGER), $8, CAST($9 AS DECIMAL(9,4)), CAST($10 AS INTEGER), $11,
                        CAST($12 AS INTEGER), CAST($13 AS INTEGER), $14, $15)
                """, cancellationToken,
                sourceId, s.Ordinal, s.Paragraph, s.Line, s.Year, s.Subject, s.Count, OfficeStatement.QualifierName(s.Qualifier), s.Percent, s.Base,
                s.Role.ToString().ToLowerInvariant(), s.Parent, s.ParentLine, s.Section, s.Text);
        }
    }

    /// <summary>The same report imported again into a store that kept no statements when it was first imported gets them now.</summary>
    private async Task AddMissingStatementsAsync(long sourceId, IReadOnlyList<OfficeStatement> statements, CancellationToken cancellationToken)
    {
        if (statements.Count == 0) return;
        await foreach (var _ in QueryAsync("SELECT 1 FROM report_statement WHERE source_id = $1 LIMIT 1", cancellationToken, sourceId)) return;
        await using var transaction = await Connection.BeginTransactionAsync(cancellationToken);
        await InsertStatementsAsync(transaction, sourceId, statements, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
    }

    public async Task<IReadOnlyList<StoredStatement>> ReportStatementsAsync(long? sourceId, CancellationToken cancellationToken)
    {
        var statements = new List<StoredStatement>();
        await foreach (var row in QueryAsync("""
            SELECT r.source_id, s.name, r.ordinal, r.paragraph, r.line, r.year, r.subject, r.count, r.qualifier, r.percent, r.base,
                   r.role, r.parent, r.parent_line, r.section, r.text
            FROM report_statement r JOIN source s ON s.id = r.source_id
            WHERE CAST($1 AS BIGINT) IS NULL OR r.source_id = $1
            ORDER BY r.source_id, r.ordinal
            """, cancellationToken, sourceId))
        {
            statements.Add(new StoredStatement(Convert.ToInt64(row[0], CultureInfo.InvariantCulture), (string)row[1]!, new OfficeStatement(
                Int(row[2])!.Value, Int(row[3]), Int(row[4])!.Value, Int(row[5])!.Value, (string)row[6]!, Int(row[7]),
                OfficeStatement.ParseQualifier((string)row[8]!), Percent(row[9]), Int(row[10]),
                Enum.Parse<StatementRole>((string)row[11]!, ignoreCase: true), Int(row[12]), Int(row[13]), Int(row[14])!.Value, (string)row[15]!)));
        }
        return statements;
    }

    /// <summary>A share as printed: the column's scale (36.0000) is not the printed one (36).</summary>
    private static decimal? Percent(object? value) => value is null ? null : Convert.ToDecimal(value, CultureInfo.InvariantCulture) / 1.0000000000000000000000000000m;

    private static int? Int(object? value) => value is null ? null : Convert.ToInt32(value, CultureInfo.InvariantCulture);
}
