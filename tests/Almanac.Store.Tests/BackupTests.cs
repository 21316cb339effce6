using System.Globalization;
using System.IO.Compression;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Almanac.Domain;
using Almanac.Domain.Platform;
using Almanac.Ingest.Published;
using Almanac.Ingest.Reference;
using Almanac.Store.Backup;
using Almanac.Store.Schema;
using Almanac.Tests;

namespace Almanac.Store.Tests;

/// <summary>
/// Backups and restores on both engines: a round trip of every row and sequence, a damaged backup refused before
/// anything is written, a store with content replaced only when asked (and backed up first), an older backup migrated.
/// </summary>
public sealed class BackupTests
{
    private static readonly DateTimeOffset Noon = new(2026, 11, 23, 12, 0, 0, TimeSpan.Zero);
    private static CancellationToken Ct => TestContext.Current.CancellationToken;
    private static readonly Change Operator = new("backup-test", Noon);

    /// <summary>A store with reference data, printed figures of two reports, facts of two measures, offices, an account and an audit log.</summary>
    private static async Task<TestStore> SeededAsync(string engine)
    {
        var test = await TestStores.CreateAsync(engine);
        await test.Store.ReplaceReferenceDataAsync(ReferenceDataReader.ReadEmbedded(), Ct);
        await new PublishedFiguresImporter(test.Store, TimeProvider.System).ImportEmbeddedAsync(2017, Ct);
        await new PublishedFiguresImporter(test.Store, TimeProvider.System).ImportEmbeddedAsync(2018, Ct);
        var observations = Path.GetTempFileName();
        try
        {
            await File.WriteAllTextAsync(observations, "measure,year,office,sex,value\nbeneficiaries,2022,CO-MLI,F,120\nbeneficiaries,2022,CO-MLI,M,95.5\nbeneficiaries,2022,CO-MLI,,215.5\ntrainings,2023,CO-MLI,,7\n", Ct);
            await test.Store.ImportObservationsAsync(new SourceInfo(SourceKinds.Observations, "figures.csv", "figures.csv", Noon), observations, Ct);
        }
        finally
        {
            File.Delete(observations);
        }
        var platform = (IPlatformStore)test.Store;
        await platform.ImportOfficesAsync([
            new("HQ", "Headquarters", OfficeKind.Headquarters, null, "CHE"),
            new("RO-DAK", "Regional Office Dakar", OfficeKind.RegionalOffice, "RO-DAK", "SEN"),
            new("CO-MLI", "Mali, with a \"quote\", a line\nbreak and ünïcode", OfficeKind.CountryOffice, "RO-DAK", "MLI"),
        ], Operator, Ct);
        await platform.SaveAccountAsync(new Account("admin", "Administrator", Role.Administrator, null, null), "AQAAAAIAAYagAAAAE-hash", Operator, Ct);
        await platform.SaveDataProtectionKeyAsync("key-1", "<key id=\"1\" />", Noon, Ct);
        // A submission with a resolved comment thread: the threads are the office's and reviewer's words, backed up like answers.
        await platform.SaveQuestionnaireAsync(new Questionnaire(2023, "Questionnaire 2023", "sp",
            [new QuestionnaireSection("s1", "One", null, [new Question("products", QuestionKind.Number, "How many products?", null, true, [], [], [], null)])]), Operator, Ct);
        var submission = await platform.OpenSubmissionAsync("CO-MLI", 2023, Operator, Ct);
        await platform.AddCommentAsync(submission.Id, "products", "Twelve, or the hub's six?", new Change("reviewer", Noon), Ct);
        await platform.SetThreadResolvedAsync(submission.Id, "products", resolved: true, new Change("reviewer", Noon.AddMinutes(5)), Ct);
        return test;
    }

    private static async Task<string> BackupAsync(TestStore test, DirectoryInfo root, string name = "backup")
    {
        var directory = Path.Combine(root.FullName, name);
        await ((IStoreBackup)test.Store).BackupAsync(directory, Operator, Ct);
        return directory;
    }

    private static Task<RestoreResult> RestoreAsync(TestStore test, string directory, bool replace = false) =>
        test.ClosedAsync(() => StoreBackups.RestoreAsync(test.Target, directory, replace, Operator, Ct));

    [Theory]
    [MemberData(nameof(TestStores.Engines), MemberType = typeof(TestStores))]
    public async Task A_backup_restores_every_row_into_an_empty_store_and_its_sequences_go_on_from_where_they_were(string engine)
    {
        var root = Directory.CreateTempSubdirectory("almanac-backup-");
        try
        {
            await using var source = await SeededAsync(engine);
            var directory = await BackupAsync(source, root);
            var manifest = await StoreBackups.VerifyAsync(directory, Ct);
            Assert.Equal((engine == "duckdb" ? "duckdb" : "postgresql", Migrations.Latest, Noon), (manifest.Engine, manifest.SchemaVersion, manifest.CreatedAt));
            Assert.Equal(manifest.Tables.Count, Directory.GetFiles(directory, "*.jsonl.gz").Length);
            Assert.Equal(3, manifest.Tables.Single(t => t.Name == "source").Rows);
            Assert.Equal(4, manifest.Tables.Single(t => t.Name == "fact").Rows);
            Assert.Equal(4, manifest.Sequences.Single(s => s.Name == "source_id_seq").Next);
            Assert.Equal((1, 1), (manifest.Tables.Single(t => t.Name == "question_comment").Rows, manifest.Tables.Single(t => t.Name == "comment_thread").Rows));
            Assert.Equal(2, manifest.Sequences.Single(s => s.Name == "question_comment_id_seq").Next);
            if (!OperatingSystem.IsWindows())
            {
                Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute, File.GetUnixFileMode(directory));
                foreach (var file in Directory.GetFiles(directory)) Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(file));
            }

            await using var target = await TestStores.CreateAsync(engine);
            // A store `init` has loaded is empty for a restore: the reference data is the project's.
            await target.Store.ReplaceReferenceDataAsync(ReferenceDataReader.ReadEmbedded(), Ct);
            var result = await RestoreAsync(target, directory);
            Assert.Null(result.Replaced);
            Assert.Equal(Migrations.Latest, result.SchemaVersion);
            Assert.Equal(await StoreRows.RestorableAsync(source.Target), await StoreRows.RestorableAsync(target.Target));
            var audit = await ((IPlatformStore)target.Store).AuditAsync(new AuditQuery("store"), Ct);
            Assert.Equal("restore", Assert.Single(audit).Action);

            // Sequences go on: the next import is source 4, as it would have been in the store backed up.
            var next = await new PublishedFiguresImporter(target.Store, TimeProvider.System).ImportEmbeddedAsync(2023, Ct);
            Assert.Equal(4, next.SourceId);
            Assert.Contains(await target.Store.SourcesAsync(Ct), s => s.Id == 1 && s.Name.Contains("2017", StringComparison.Ordinal));
            // The thread comes back resolved, and a new comment takes the next id.
            var restored = (IPlatformStore)target.Store;
            var submission = Assert.Single(await restored.SubmissionsAsync(2023, Ct));
            var thread = Assert.Single(await restored.CommentThreadsAsync(submission.Id, Ct));
            Assert.Equal((true, "reviewer", "Twelve, or the hub's six?"), (thread.Resolved, thread.ResolvedBy, Assert.Single(thread.Comments).Text));
            var reply = await restored.AddCommentAsync(submission.Id, "products", "Six: the hub's count.", new Change("focal", Noon.AddHours(1)), Ct);
            Assert.Equal([1L, 2L], reply.Comments.Select(c => c.Id));
        }
        finally
        {
            root.Delete(recursive: true);
        }
    }

    /// <summary>A damage done to a copy of a good backup, and what the refusal must say.</summary>
    public sealed record Damage(string Name, Action<string> Apply, string File, string Says);

    private static readonly Damage[] Damages =
    [
        new("no manifest", d => File.Delete(Path.Combine(d, "manifest.json")), "manifest.json", "missing: the directory is not an Almanac backup"),
        new("manifest not JSON", d => File.WriteAllText(Path.Combine(d, "manifest.json"), "{ \"format\": \"almanac-backup\", "), "manifest.json", "not a backup manifest"),
        new("manifest without tables", d => EditManifest(d, m => m.AsObject().Remove("tables")), "manifest.json", "not a backup manifest"),
        new("a flipped byte", d => FlipByte(Path.Combine(d, "source.jsonl.gz")), "source.jsonl.gz", "SHA-256"),
        new("a file cut short", d => Truncate(Path.Combine(d, "observation.jsonl.gz")), "observation.jsonl.gz", "bytes where manifest.json says"),
        new("a file missing", d => File.Delete(Path.Combine(d, "account.jsonl.gz")), "account.jsonl.gz", "missing"),
        new("an unknown table", d => EditManifest(d, m => m["tables"]!.AsArray().Add(JsonNode.Parse("""{"name":"payroll","file":"payroll.jsonl.gz","rows":0,"bytes":0,"sha256":"","columns":[]}"""))),
            "manifest.json", "unknown table 'payroll'"),
        new("a table's file named as a path", d => EditManifest(d, m => m["tables"]!.AsArray().Single(t => (string)t!["name"]! == "office")!["file"] = "../../office.jsonl.gz"),
            "manifest.json", "names the file '../../office.jsonl.gz'"),
        new("a newer schema", d => EditManifest(d, m => m["schemaVersion"] = Migrations.Latest + 1), "manifest.json", "newer than this Almanac knows"),
        new("another format", d => EditManifest(d, m => m["format"] = "pg_dump"), "manifest.json", "format 'pg_dump'"),
        new("a column missing", d => EditManifest(d, m => m["tables"]!.AsArray().Single(t => (string)t!["name"]! == "office")!["columns"]!.AsArray().RemoveAt(4)),
            "manifest.json", "table 'office' has columns"),
        // Files rewritten with their checksums: what only reading the rows finds.
        new("a value of the wrong type", d => RewriteRows(d, "office", rows => [.. rows.Select((r, i) => i == 0 ? "[42" + r[(r.IndexOf("\",", StringComparison.Ordinal) + 1)..] : r)]),
            "office.jsonl.gz", "line 1, column 'code', value '42': not a value of the column's type (text)"),
        new("a row short of a value", d => RewriteRows(d, "account", rows => [.. rows.Select(r => r[..r.LastIndexOf(',')] + "]")]),
            "account.jsonl.gz", "line 1: 9 values where the table has 10 columns"),
        new("more rows than the manifest says", d => RewriteRows(d, "observation", rows => [.. rows, rows[0]], keepCount: true),
            "observation.jsonl.gz", "rows where manifest.json says"),
        new("a row twice", d => RewriteRows(d, "source", rows => [.. rows, rows[0]]), "source.jsonl.gz", "the store refused its rows"),
    ];

    public static TheoryData<string, string> EngineDamages()
    {
        var data = new TheoryData<string, string>();
        foreach (var engine in new[] { "duckdb", "postgres" }) foreach (var damage in Damages) data.Add(engine, damage.Name);
        return data;
    }

    [Theory]
    [MemberData(nameof(EngineDamages))]
    public async Task A_damaged_backup_is_refused_naming_the_file_and_what_is_wrong_and_nothing_is_written(string engine, string damageName)
    {
        var damage = Damages.Single(d => d.Name == damageName);
        var root = Directory.CreateTempSubdirectory("almanac-backup-");
        try
        {
            string directory;
            await using (var source = await SeededAsync(engine)) directory = await BackupAsync(source, root);
            damage.Apply(directory);

            // Into an empty store and, with --replace, into one with content: either way nothing changes.
            await using var empty = await TestStores.CreateAsync(engine);
            var before = await StoreRows.ReadAsync(empty.Target);
            var error = await Assert.ThrowsAnyAsync<AlmanacException>(() => RestoreAsync(empty, directory));
            Assert.Contains(damage.File, error.Message, StringComparison.Ordinal);
            Assert.Contains(damage.Says, error.Message, StringComparison.Ordinal);
            Assert.Contains("nothing was restored", error.Message, StringComparison.Ordinal);
            Assert.Equal(before, await StoreRows.ReadAsync(empty.Target));

            await using var full = await SeededAsync(engine);
            var content = await StoreRows.ReadAsync(full.Target);
            await Assert.ThrowsAnyAsync<AlmanacException>(() => RestoreAsync(full, directory, replace: true));
            var after = await StoreRows.ReadAsync(full.Target);
            // Only the audit line of the backup of what --replace would have replaced (taken before the rows are read, when the manifest passed).
            after["audit_log"] = [.. after["audit_log"].Where(r => !r.Contains("action=backup", StringComparison.Ordinal))];
            content["audit_log"] = [.. content["audit_log"].Where(r => !r.Contains("action=backup", StringComparison.Ordinal))];
            Assert.Equal(content, after);
            if (engine == "duckdb") Assert.DoesNotContain(Directory.GetFiles(Path.GetDirectoryName(full.Target)!), f => f.Contains(".restoring-", StringComparison.Ordinal));
        }
        finally
        {
            root.Delete(recursive: true);
        }
    }

    [Theory]
    [MemberData(nameof(TestStores.Engines), MemberType = typeof(TestStores))]
    public async Task A_store_with_content_is_replaced_only_with_replace_and_what_it_held_is_backed_up_first_and_can_be_restored_back(string engine)
    {
        var root = Directory.CreateTempSubdirectory("almanac-backup-");
        try
        {
            await using var source = await SeededAsync(engine);
            var directory = await BackupAsync(source, root);

            await using var other = await TestStores.CreateAsync(engine);
            await new PublishedFiguresImporter(other.Store, TimeProvider.System).ImportEmbeddedAsync(2023, Ct);
            var held = await StoreRows.RestorableAsync(other.Target);

            var refused = await Assert.ThrowsAsync<RestoreRefusedException>(() => RestoreAsync(other, directory));
            Assert.Contains("is not empty: it holds", refused.Message, StringComparison.Ordinal);
            Assert.Contains("source (1 rows)", refused.Message, StringComparison.Ordinal);
            Assert.Contains("--replace", refused.Message, StringComparison.Ordinal);
            Assert.Equal(held, await StoreRows.RestorableAsync(other.Target));

            var result = await RestoreAsync(other, directory, replace: true);
            Assert.NotNull(result.Replaced);
            Assert.Equal(await StoreRows.RestorableAsync(source.Target), await StoreRows.RestorableAsync(other.Target));

            // The mistake undone: what the store held comes back from the backup the restore took first.
            var undone = await RestoreAsync(other, result.Replaced!, replace: true);
            Assert.Equal(held, await StoreRows.RestorableAsync(other.Target));
            Assert.NotNull(undone.Replaced);
        }
        finally
        {
            root.Delete(recursive: true);
        }
    }

    [Theory]
    [MemberData(nameof(TestStores.Engines), MemberType = typeof(TestStores))]
    public async Task A_save_after_a_restore_is_compared_with_the_restored_answers_not_with_what_the_store_last_wrote(string engine)
    {
        // Two stores whose submission 1 reaches version 3 with different answers: restored over the other, the second's
        // memory of its own last save (version 3, "6") must not stand for the restored row (version 3, "8"), or a save of
        // "6" at version 3 would look like no change and be acknowledged without being written.
        var root = Directory.CreateTempSubdirectory("almanac-backup-");
        try
        {
            string directory;
            await using (var other = await SeededAsync(engine))
            {
                var platform = (IPlatformStore)other.Store;
                var s = (await platform.SubmissionsAsync(2023, Ct)).Single();
                s = await platform.SaveAnswersAsync(s.Id, s.Version, Products("7"), Operator, Ct);
                await platform.SaveAnswersAsync(s.Id, s.Version, Products("8"), Operator, Ct);
                directory = await BackupAsync(other, root);
            }
            await using var test = await SeededAsync(engine);
            var store = (IPlatformStore)test.Store;
            var submission = (await store.SubmissionsAsync(2023, Ct)).Single();
            submission = await store.SaveAnswersAsync(submission.Id, submission.Version, Products("12"), Operator, Ct);
            submission = await store.SaveAnswersAsync(submission.Id, submission.Version, Products("6"), Operator, Ct);
            Assert.Equal(3, submission.Version);

            await RestoreAsync(test, directory, replace: true);
            store = (IPlatformStore)test.Store;
            Assert.Equal("8", (await store.AnswersAsync(submission.Id, Ct))["products"]);
            var saved = await store.SaveAnswersAsync(submission.Id, 3, Products("6"), Operator, Ct);

            Assert.Equal(4, saved.Version);
            Assert.Equal("6", (await store.AnswersAsync(submission.Id, Ct))["products"]);
        }
        finally
        {
            root.Delete(recursive: true);
        }

        static Dictionary<string, string?> Products(string value) => new(StringComparer.Ordinal) { ["products"] = value };
    }

    [Theory]
    [MemberData(nameof(TestStores.Engines), MemberType = typeof(TestStores))]
    public async Task A_backup_of_an_older_schema_is_restored_as_it_was_and_migrated(string engine)
    {
        var root = Directory.CreateTempSubdirectory("almanac-backup-");
        try
        {
            string directory;
            await using (var source = await SeededAsync(engine)) directory = await BackupAsync(source, root);
            // The backup as a store of schema version 9 would have written it: no sessions, throttles, stamps, disabled flags or catalog stamp.
            EditManifest(directory, m =>
            {
                m["schemaVersion"] = 9;
                var tables = m["tables"]!.AsArray();
                foreach (var table in tables.Where(t => (string)t!["name"]! is "web_session" or "sign_in_throttle" or "catalog_stamp" or "question_comment" or "comment_thread"
                    or "project" or "project_office" or "project_country" or "project_budget" or "project_transaction").ToList())
                {
                    tables.Remove(table);
                }
                var sequences = m["sequences"]!.AsArray();
                sequences.Remove(sequences.Single(q => (string)q!["name"]! == "question_comment_id_seq"));
                var account = tables.Single(t => (string)t!["name"]! == "account")!["columns"]!.AsArray();
                account.RemoveAt(account.Count - 1);
                account.RemoveAt(account.Count - 1);
            });
            RewriteRows(directory, "account", rows => [.. rows.Select(r => r[..r.LastIndexOf(',')]).Select(r => r[..r.LastIndexOf(',')] + "]")]);
            RewriteRows(directory, "schema_version", rows => [.. rows.Where(r => int.Parse(r[1..r.IndexOf(',', StringComparison.Ordinal)], CultureInfo.InvariantCulture) <= 9)]);
            foreach (var table in new[] { "project", "project_office", "project_country", "project_budget", "project_transaction" })
            {
                File.Delete(Path.Combine(directory, table + ".jsonl.gz"));
            }
            File.Delete(Path.Combine(directory, "question_comment.jsonl.gz"));
            File.Delete(Path.Combine(directory, "comment_thread.jsonl.gz"));
            File.Delete(Path.Combine(directory, "web_session.jsonl.gz"));
            File.Delete(Path.Combine(directory, "sign_in_throttle.jsonl.gz"));
            File.Delete(Path.Combine(directory, "catalog_stamp.jsonl.gz"));

            await using var target = await TestStores.CreateAsync(engine);
            var result = await RestoreAsync(target, directory);
            Assert.Equal((9, Migrations.Latest), (result.Backup.SchemaVersion, result.SchemaVersion));
            var account = await ((IPlatformStore)target.Store).AccountAsync("admin", Ct);
            Assert.Equal(("initial", false, "AQAAAAIAAYagAAAAE-hash"), (account!.SecurityStamp, account.Disabled, account.PasswordHash));
            // The facts, loaded as version 9 kept them, then laid out by the migrations since (on PostgreSQL: moved into a
            // partition per measure), are queried as they were.
            var facts = await CountedFacts.CurrentAsync(target.Store, "beneficiaries", "trainings");
            Assert.Equal([("beneficiaries", 95.5m), ("beneficiaries", 120m), ("beneficiaries", 215.5m), ("trainings", 7m)],
                facts.Select(f => (f.Measure, f.Value)).OrderBy(f => f.Measure, StringComparer.Ordinal).ThenBy(f => f.Value));
            if (engine == "postgres") Assert.Equal([2L], await target.RawSqlAsync("SELECT COUNT(*) FROM pg_inherits WHERE inhparent = 'fact'::regclass"));
            // A later file of a measure migrated so sends only the slots it uses: the partition made by the migration has the
            // defaults of the others.
            var later = Path.Combine(root.FullName, "later.csv");
            await File.WriteAllTextAsync(later, "measure,year,office,sex,value\nbeneficiaries,2023,CO-MLI,F,130\n", Ct);
            await target.Store.ImportObservationsAsync(new SourceInfo(SourceKinds.Observations, "later.csv", "later", Noon), later, Ct);
            Assert.Contains(await CountedFacts.CurrentAsync(target.Store, "beneficiaries"), f => f.Year == 2023 && f.Value == 130m);
        }
        finally
        {
            root.Delete(recursive: true);
        }
    }

    [Fact]
    public async Task Another_applications_table_in_the_same_postgresql_schema_is_neither_backed_up_nor_dropped_by_a_restore()
    {
        var root = Directory.CreateTempSubdirectory("almanac-backup-");
        try
        {
            await using var store = await SeededAsync("postgres");
            await store.RawSqlAsync("CREATE TABLE other_app (note JSONB)", "INSERT INTO other_app VALUES ('{\"kept\": true}')", "SELECT 1");
            var directory = await BackupAsync(store, root);
            Assert.DoesNotContain((await StoreBackups.VerifyAsync(directory, Ct)).Tables, t => t.Name == "other_app");
            await RestoreAsync(store, directory, replace: true);
            Assert.Equal([1L], await store.RawSqlAsync("SELECT COUNT(*) FROM other_app"));
        }
        finally
        {
            root.Delete(recursive: true);
        }
    }

    private static void EditManifest(string directory, Action<JsonNode> edit)
    {
        var path = Path.Combine(directory, "manifest.json");
        var manifest = JsonNode.Parse(File.ReadAllText(path))!;
        edit(manifest);
        File.WriteAllText(path, manifest.ToJsonString());
    }

    private static void FlipByte(string path)
    {
        var bytes = File.ReadAllBytes(path);
        bytes[bytes.Length / 2] ^= 0x20;
        File.WriteAllBytes(path, bytes);
    }

    private static void Truncate(string path)
    {
        using var file = new FileStream(path, FileMode.Open);
        file.SetLength(file.Length / 2);
    }

    /// <summary>Rewrites a table's rows (JSON lines) and its manifest entry's size and checksum, and row count unless <paramref name="keepCount"/>.</summary>
    private static void RewriteRows(string directory, string table, Func<List<string>, List<string>> change, bool keepCount = false)
    {
        var path = Path.Combine(directory, table + ".jsonl.gz");
        List<string> rows;
        using (var reader = new StreamReader(new GZipStream(File.OpenRead(path), CompressionMode.Decompress), Encoding.UTF8))
        {
            rows = [.. reader.ReadToEnd().Split('\n', StringSplitOptions.RemoveEmptyEntries)];
        }
        rows = change(rows);
        using (var gzip = new GZipStream(File.Create(path), CompressionLevel.Fastest))
        {
            gzip.Write(Encoding.UTF8.GetBytes(string.Concat(rows.Select(r => r + "\n"))));
        }
        var bytes = File.ReadAllBytes(path);
        EditManifest(directory, m =>
        {
            var entry = m["tables"]!.AsArray().Single(t => (string)t!["name"]! == table)!;
            entry["bytes"] = bytes.Length;
            entry["sha256"] = Convert.ToHexStringLower(SHA256.HashData(bytes));
            if (!keepCount) entry["rows"] = rows.Count;
        });
    }
}
