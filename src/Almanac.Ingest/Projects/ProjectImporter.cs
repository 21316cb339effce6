using System.Security.Cryptography;
using Almanac.Domain;
using Almanac.Store;

namespace Almanac.Ingest.Projects;

/// <summary>Imports a project portfolio file (and its transactions file) into a store as one transaction; the same files again change nothing.</summary>
public sealed class ProjectImporter(IAlmanacStore store, TimeProvider clock)
{
    public async Task<ImportResult> ImportAsync(string path, string? transactionsPath, CancellationToken cancellationToken)
    {
        var reference = await store.LoadReferenceDataAsync(cancellationToken);
        if (reference.Countries.Count == 0) throw new AlmanacException($"{store.Description} has no reference data: run 'almanac init' first.");
        var portfolio = ProjectFileReader.Read(path, transactionsPath, reference);
        var name = transactionsPath is null ? Path.GetFileName(path) : $"{Path.GetFileName(path)} + {Path.GetFileName(transactionsPath)}";
        var source = new SourceInfo(SourceKinds.Projects, name, await ChecksumAsync(path, transactionsPath, cancellationToken), clock.GetUtcNow());
        return await store.ImportProjectsAsync(source, portfolio, cancellationToken);
    }

    /// <summary>The SHA-256 of the files' contents one after the other, so that the same pair imported twice is known.</summary>
    private static async Task<string> ChecksumAsync(string path, string? transactionsPath, CancellationToken cancellationToken)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        foreach (var file in new[] { path, transactionsPath }.OfType<string>())
        {
            hash.AppendData(await File.ReadAllBytesAsync(file, cancellationToken));
        }
        return Convert.ToHexStringLower(hash.GetHashAndReset());
    }
}
