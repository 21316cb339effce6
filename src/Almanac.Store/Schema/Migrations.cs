namespace Almanac.Store.Schema;

/// <summary>One schema change: applied once, in order, in its own transaction, and recorded in schema_version.</summary>
/// <param name="Before">A data step run in the migration's transaction before its statements, for what SQL shared by
/// both engines cannot say (encoding rows into the fact table through its dictionaries).</param>
public sealed record Migration(int Version, string Description, IReadOnlyList<string> Statements, MigrationStep? Before = null);

/// <summary>A migration's data step, given the store and the migration's transaction.</summary>
public delegate Task MigrationStep(SqlStore store, System.Data.Common.DbTransaction transaction, CancellationToken cancellationToken);

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
        new(2, "current sources per scope and year; tables rebuilt from published reports; inferred cells",
        [
            // A funding appeal for 2018 must not supersede the staff figures of the annual report for 2018: which
            // source is current is decided per scope (the measure's area, e.g. "staff", "funding") and year.
            """
            CREATE TABLE source_scope_year (
                source_id BIGINT NOT NULL REFERENCES source (id), scope TEXT NOT NULL, year INTEGER NOT NULL,
                is_current BOOLEAN NOT NULL, PRIMARY KEY (source_id, scope, year))
            """,
            "INSERT INTO source_scope_year (source_id, scope, year, is_current) SELECT source_id, 'staff', year, is_current FROM source_year",
            """
            INSERT INTO source_scope_year (source_id, scope, year, is_current)
            SELECT y.source_id, 'organization', y.year, y.is_current FROM source_year y JOIN source s ON s.id = y.source_id
            WHERE s.kind = 'published-figures'
            """,
            "DROP TABLE source_year",
            // DuckDB alters no table that an index depends on: drop the index around the change.
            "DROP INDEX observation_measure_year",
            "ALTER TABLE observation ADD COLUMN inferred BOOLEAN DEFAULT FALSE",
            "CREATE INDEX observation_measure_year ON observation (measure, year)",
            // The layout of a rebuilt table (labels, lines, arithmetic, unresolved lines) as JSON, for 'tables' and the
            // audit; its figures are also observations, which is what queries use.
            """
            CREATE TABLE report_table (
                source_id BIGINT NOT NULL REFERENCES source (id), table_id TEXT NOT NULL, title TEXT NOT NULL,
                year INTEGER NOT NULL, first_line INTEGER NOT NULL, last_line INTEGER NOT NULL, layout TEXT NOT NULL,
                PRIMARY KEY (source_id, table_id))
            """,
        ]),
        new(3, "country names in French and Spanish",
        [
            // Nullable: rows loaded before this version have no translations until 'init' loads the reference data again.
            "ALTER TABLE country ADD COLUMN name_fr TEXT",
            "ALTER TABLE country ADD COLUMN name_es TEXT",
        ]),
        PlatformSchema.Migration(4),
        new(5, "columnar fact table with a member dictionary, for queries and rules over millions of observations",
        [
            // A measure's dimensions sit in slots d1…d6 in the order its first file named them; 'used' are those some
            // observation breaks it down by: its finest grain, the rows queries add up; 'totals' those some row leaves
            // empty (a declared total), which are all a parts-sum rule can find anything in.
            """
            CREATE TABLE measure (
                id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE, scope TEXT NOT NULL, dimensions TEXT NOT NULL,
                used TEXT NOT NULL, uses_office BOOLEAN NOT NULL, totals TEXT NOT NULL)
            """,
            // Codes are per dimension and start at 1; 0 in the fact table is a declared total (a cell left empty).
            "CREATE TABLE member (dimension TEXT NOT NULL, code INTEGER NOT NULL, name TEXT NOT NULL, parent TEXT, PRIMARY KEY (dimension, code))",
            // Integer codes only, no index, no foreign key: a column store scans and bulk-loads this at full speed.
            """
            CREATE TABLE fact (
                source_id BIGINT NOT NULL, measure_id INTEGER NOT NULL, year INTEGER NOT NULL, office INTEGER NOT NULL,
                d1 INTEGER NOT NULL, d2 INTEGER NOT NULL, d3 INTEGER NOT NULL, d4 INTEGER NOT NULL, d5 INTEGER NOT NULL,
                d6 INTEGER NOT NULL, value DECIMAL(18,4) NOT NULL)
            """,
        ]),
        new(6, "UN M49 region and sub-region of each country, the levels a country dimension rolls up to in queries",
        [
            // Nullable, as in version 3: a store migrated from 5 has no regions until 'init' loads the reference data again.
            "ALTER TABLE country ADD COLUMN region_m49 TEXT",
            "ALTER TABLE country ADD COLUMN region_name TEXT",
            "ALTER TABLE country ADD COLUMN subregion_m49 TEXT",
            "ALTER TABLE country ADD COLUMN subregion_name TEXT",
        ]),
        new(7, "one home for each kind of value: counted data (staff lists, locked questionnaires) in the fact table only, printed figures in observation",
        [
            // The data step has put every staff list and locked questionnaire in the fact table; their rows here were
            // copies that the publish step added up beside the facts.
            "DELETE FROM observation WHERE source_id IN (SELECT id FROM source WHERE kind NOT IN ('published-figures', 'published-report'))",
        ], Before: (store, transaction, cancellationToken) => store.MoveCountedObservationsToFactsAsync(transaction, cancellationToken)),
        new(8, "the web platform's data-protection keys (they sign sessions and antiforgery tokens), shared by every server of the store",
        [
            "CREATE TABLE data_protection_key (name TEXT PRIMARY KEY, xml TEXT NOT NULL, stored_at TIMESTAMP NOT NULL)",
        ]),
        new(9, "statements a report's narrative makes about offices (count, share, base, qualifier, the statement refined)",
        [
            // Printed figures of a sentence rather than a table: kept with the sentence and the statement they refine,
            // which is what the audit checks them against. A report imported before this version has none until it
            // is imported again (the same file again adds them).
            """
            CREATE TABLE report_statement (
                source_id BIGINT NOT NULL REFERENCES source (id), ordinal INTEGER NOT NULL, paragraph INTEGER, line INTEGER NOT NULL,
                year INTEGER NOT NULL, subject TEXT NOT NULL, count INTEGER, qualifier TEXT NOT NULL, percent DECIMAL(9,4),
                base INTEGER, role TEXT NOT NULL, parent INTEGER, parent_line INTEGER, section INTEGER NOT NULL, text TEXT NOT NULL,
                PRIMARY KEY (source_id, ordinal))
            """,
        ]),
        new(10, "server-side sessions: an account's security stamp and disabled flag, the sessions, sign-in throttles",
        [
            // Rotated (a new random value) whenever an account's sessions must end: a new password, role or scope, disabling.
            // Existing accounts start from one constant, which is safe: no session exists before this version, and the
            // stamp is no secret, only compared with the stamp a session was made with. (A default rather than an UPDATE:
            // DuckDB refuses to commit an ALTER and an UPDATE of one table in one transaction.)
            "ALTER TABLE account ADD COLUMN security_stamp TEXT DEFAULT 'initial'",
            "ALTER TABLE account ADD COLUMN disabled BOOLEAN DEFAULT FALSE",
            // id is the SHA-256 of the secret the session cookie carries, so the table alone opens no session.
            """
            CREATE TABLE web_session (
                id TEXT PRIMARY KEY, user_name TEXT NOT NULL, stamp TEXT NOT NULL, created_at TIMESTAMP NOT NULL,
                last_seen TIMESTAMP NOT NULL, expires_at TIMESTAMP NOT NULL, ended_at TIMESTAMP)
            """,
            "CREATE INDEX web_session_user ON web_session (user_name)",
            // One row per throttled key ("account:NAME", "address:IP"): failures in a row and the open refusal window. The
            // throttles replace the account lockout: account.failed_logins and account.locked_until are no longer used.
            "CREATE TABLE sign_in_throttle (throttle_key TEXT PRIMARY KEY, failures INTEGER NOT NULL, last_failure TIMESTAMP NOT NULL, blocked_until TIMESTAMP)",
        ]),
        new(11, "the catalog stamp: a new random value whenever offices, frameworks or questionnaires change, which every server's cache of them compares",
        [
            // No row until the first change (a store that was never changed reads as stamp ''), so that a new store stays
            // empty for a restore.
            "CREATE TABLE catalog_stamp (id INTEGER PRIMARY KEY CHECK (id = 1), stamp TEXT NOT NULL)",
        ]),
        new(12, "comment threads on the questions of a submission, between its reviewer and its office",
        [
            // No foreign key to submission: DuckDB refuses to update a row another table references, and every save
            // updates its submission's version. A comment never changes the submission's version, so it never makes a
            // focal point's open page stale.
            "CREATE SEQUENCE question_comment_id_seq START 1",
            """
            CREATE TABLE question_comment (
                id BIGINT PRIMARY KEY, submission_id BIGINT NOT NULL, question TEXT NOT NULL, author TEXT NOT NULL,
                written_at TIMESTAMP NOT NULL, text TEXT NOT NULL)
            """,
            "CREATE INDEX question_comment_submission ON question_comment (submission_id, question)",
            // One row per thread that was ever resolved: resolved_by and resolved_at say who closed it last, NULL while open.
            """
            CREATE TABLE comment_thread (
                submission_id BIGINT NOT NULL, question TEXT NOT NULL, resolved_by TEXT, resolved_at TIMESTAMP,
                PRIMARY KEY (submission_id, question))
            """,
        ]),
        new(13, "projects: the portfolio files (projects, their offices, countries, budgets and transactions), each a source",
        [
            // Every row carries the source it came from: a new projects file supersedes the previous one and both stay.
            // Dates are ISO 8601 text (YYYY-MM-DD), which both engines sort and compare as dates.
            """
            CREATE TABLE project (
                source_id BIGINT NOT NULL REFERENCES source (id), project_id TEXT NOT NULL, line BIGINT NOT NULL,
                title_en TEXT NOT NULL, title_fr TEXT, title_es TEXT, description_en TEXT NOT NULL, description_fr TEXT,
                description_es TEXT, region TEXT NOT NULL, start_date TEXT NOT NULL, end_date TEXT NOT NULL, status INTEGER NOT NULL,
                migof TEXT, gender_marker INTEGER NOT NULL, appeal_line TEXT, PRIMARY KEY (source_id, project_id))
            """,
            "CREATE TABLE project_office (source_id BIGINT NOT NULL, project_id TEXT NOT NULL, ordinal INTEGER NOT NULL, office TEXT NOT NULL, PRIMARY KEY (source_id, project_id, ordinal))",
            "CREATE TABLE project_country (source_id BIGINT NOT NULL, project_id TEXT NOT NULL, iso3 TEXT NOT NULL, percent DECIMAL(9,4) NOT NULL, PRIMARY KEY (source_id, project_id, iso3))",
            "CREATE TABLE project_budget (source_id BIGINT NOT NULL, project_id TEXT NOT NULL, year INTEGER NOT NULL, amount_usd DECIMAL(18,4) NOT NULL, PRIMARY KEY (source_id, project_id, year))",
            """
            CREATE TABLE project_transaction (
                source_id BIGINT NOT NULL, line BIGINT NOT NULL, project_id TEXT NOT NULL, kind INTEGER NOT NULL, value_date TEXT NOT NULL,
                organisation TEXT NOT NULL, currency TEXT NOT NULL, amount DECIMAL(18,4) NOT NULL, usd_rate DECIMAL(18,4) NOT NULL,
                amount_usd DECIMAL(18,4) NOT NULL)
            """,
        ]),
        // The data step is the engine's (PostgreSQL partitions the table; DuckDB needs nothing).
        new(14, "the fact table laid out as the engine reads it best: on PostgreSQL, one partition per measure; unused dimension slots 0 by default",
        [
            // A bulk load then sends only the slots its file's dimensions take (PostgreSQL's partitions take the defaults).
            .. Enumerable.Range(1, 6).Select(slot => $"ALTER TABLE fact ALTER COLUMN d{slot} SET DEFAULT 0"),
        ], Before: (store, transaction, cancellationToken) => store.PartitionFactsAsync(transaction, cancellationToken)),
    ];

    public static int Latest => All[^1].Version;
}
