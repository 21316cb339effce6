using Almanac.Domain.Platform;

namespace Almanac.Store;

/// <summary>What the fact queries need of the platform's side of the store, and the way a web server runs them over its shared connection.</summary>
public abstract partial class SqlStore
{
    public Task<IReadOnlyList<Office>> OfficeHierarchyAsync(CancellationToken cancellationToken) => Platform.OfficeHierarchyAsync(cancellationToken);

    public Task<T> ReadFactsAsync<T>(Func<IAlmanacStore, Task<T>> read, CancellationToken cancellationToken) =>
        ReadingAsync(() => read(this), cancellationToken);
}
