namespace Almanac.Store.Schema;

/// <summary>
/// The web platform's tables: offices, frameworks and questionnaires (their definitions as JSON documents, read whole),
/// accounts, submissions with a version for optimistic concurrency, answers, year locks and the audit log.
/// </summary>
public static class PlatformSchema
{
    public static Migration Migration(int version) => new(version, "platform: offices, frameworks, questionnaires, accounts, submissions, answers, audit log",
    [
        "CREATE TABLE office (code TEXT PRIMARY KEY, name TEXT NOT NULL, kind TEXT NOT NULL, region TEXT, country TEXT)",
        "CREATE TABLE framework (id TEXT PRIMARY KEY, document TEXT NOT NULL)",
        "CREATE TABLE questionnaire (year INTEGER PRIMARY KEY, document TEXT NOT NULL)",
        """
        CREATE TABLE account (
            user_name TEXT PRIMARY KEY, display_name TEXT NOT NULL, role TEXT NOT NULL, office TEXT, region TEXT,
            password_hash TEXT NOT NULL, failed_logins INTEGER NOT NULL, locked_until TIMESTAMP)
        """,
        "CREATE SEQUENCE submission_id_seq START 1",
        """
        CREATE TABLE submission (
            id BIGINT PRIMARY KEY, office TEXT NOT NULL, year INTEGER NOT NULL, state TEXT NOT NULL, version BIGINT NOT NULL,
            comment TEXT, updated_at TIMESTAMP NOT NULL, updated_by TEXT NOT NULL, UNIQUE (office, year))
        """,
        "CREATE TABLE answer (submission_id BIGINT NOT NULL, answer_key TEXT NOT NULL, value TEXT NOT NULL, PRIMARY KEY (submission_id, answer_key))",
        "CREATE TABLE year_lock (year INTEGER PRIMARY KEY, locked_at TIMESTAMP NOT NULL, locked_by TEXT NOT NULL, source_id BIGINT NOT NULL)",
        "CREATE SEQUENCE audit_id_seq START 1",
        """
        CREATE TABLE audit_log (
            id BIGINT PRIMARY KEY, changed_at TIMESTAMP NOT NULL, actor TEXT NOT NULL, entity TEXT NOT NULL, action TEXT NOT NULL,
            field TEXT, old_value TEXT, new_value TEXT)
        """,
    ]);
}
