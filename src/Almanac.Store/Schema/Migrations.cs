namespace Almanac.Store.Schema;

/// <summary>One schema change: applied once, in order, in its own transaction, and recorded in schema_version.</summary>
public sealed record Migration(int Version, string Description, IReadOnlyList<string> Statements);

/// <summary>
/// The schema, as versioned migrations written in the SQL subset DuckDB and PostgreSQL share, so that one text
/// serves both stores (and Citus later): TEXT, INTEGER, BIGINT, DECIMAL, BOOLEAN, TIMESTAMP, sequences.
/// </summary>
public static class Migrations
{
    public static readonly IReadOnlyList<Migration> All =
    [
        new(1, "reference data, sources, staff lists and observations",
        [
            "CREATE TABLE country (iso3 TEXT PRIMARY KEY, iso2 TEXT, m49 TEXT, name_en TEXT NOT NULL)",
            "CREATE TABLE country_alias (iso3 TEXT NOT NULL, alias TEXT NOT NULL, PRIMARY KEY (iso3, alias))",
            "CREATE TABLE membership (iso3 TEXT NOT NULL, status TEXT NOT NULL, since INTEGER NOT NULL, until INTEGER, PRIMARY KEY (iso3, since))",
            "CREATE SEQUENCE source_id_seq START 1",
            """
            CREATE TABLE source (
                id BIGINT PRIMARY KEY, kind TEXT NOT NULL, name TEXT NOT NULL, sha256 TEXT NOT NULL,
                imported_at TIMESTAMP NOT NULL, row_count BIGINT NOT NULL)
            """,
            // is_current marks, per year, the one source whose figures count; superseded sources stay as history.
            "CREATE TABLE source_year (source_id BIGINT NOT NULL REFERENCES source (id), year INTEGER NOT NULL, is_current BOOLEAN NOT NULL, PRIMARY KEY (source_id, year))",
            // Bulk-loaded: no foreign key, so a million-row list loads without a per-row index probe; the import
            // writes the source row in the same transaction.
            """
            CREATE TABLE staff_member (
                source_id BIGINT NOT NULL, line BIGINT NOT NULL, staff_id TEXT NOT NULL, nationality TEXT NOT NULL,
                grade TEXT NOT NULL, category TEXT NOT NULL, sex TEXT NOT NULL, duty_station TEXT)
            """,
            """
            CREATE TABLE observation (
                source_id BIGINT NOT NULL REFERENCES source (id), measure TEXT NOT NULL, year INTEGER NOT NULL,
                dims TEXT NOT NULL, value DECIMAL(18,4) NOT NULL, location TEXT, line INTEGER)
            """,
            "CREATE INDEX observation_measure_year ON observation (measure, year)",
        ]),
    ];

    public static int Latest => All[^1].Version;
}