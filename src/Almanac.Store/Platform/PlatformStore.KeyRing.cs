namespace Almanac.Store.Platform;

/// <summary>The web platform's data-protection key ring, kept in the store so that every server of one store accepts the others' sessions.</summary>
internal sealed partial class PlatformStore
{
    public Task<IReadOnlyList<string>> DataProtectionKeysAsync(CancellationToken cancellationToken) =>
        store.ReadingAsync(async () =>
        {
            var keys = new List<string>();
            await foreach (var row in store.QueryAsync("SELECT xml FROM data_protection_key ORDER BY stored_at, name", cancellationToken)) keys.Add((string)row[0]!);
            return (IReadOnlyList<string>)keys;
        }, cancellationToken);

    public Task SaveDataProtectionKeyAsync(string name, string xml, DateTimeOffset at, CancellationToken cancellationToken) =>
        store.InTransactionAsync(transaction => store.ExecuteAsync(transaction, "INSERT INTO data_protection_key (name, xml, stored_at) VALUES ($1, $2, $3)",
            cancellationToken, name, xml, at.UtcDateTime), cancellationToken);
}
