using System.Xml.Linq;
using Almanac.Store;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.Repositories;

namespace Almanac.Web.Security;

/// <summary>
/// The data-protection key ring (what protects session cookies and antiforgery tokens) kept in the store rather than in
/// the server account's home folder: every server of one store accepts the others' sessions, a restart or a new machine
/// signs no one out, and a backup of the store carries its keys.
/// </summary>
/// <remarks>
/// <see cref="IXmlRepository"/> is synchronous: the key ring is read when the first request needs it and again when a
/// key nears expiry (days apart), so waiting on the store's asynchronous calls here costs a request once in a while.
/// </remarks>
internal sealed class StoreKeyRepository(IPlatformStore store, TimeProvider clock) : IXmlRepository
{
    public IReadOnlyCollection<XElement> GetAllElements() =>
        [.. store.DataProtectionKeysAsync(CancellationToken.None).GetAwaiter().GetResult().Select(xml => XElement.Parse(xml))];

    public void StoreElement(XElement element, string friendlyName) =>
        store.SaveDataProtectionKeyAsync(friendlyName, element.ToString(SaveOptions.DisableFormatting), clock.GetUtcNow(), CancellationToken.None).GetAwaiter().GetResult();
}

/// <summary>
/// Reads (or creates) the key ring when the server starts, before it takes requests: the synchronous read in
/// <see cref="StoreKeyRepository"/> then never holds up a first request behind the store's other work.
/// </summary>
internal sealed class KeyRingWarmUp(IDataProtectionProvider provider) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        _ = provider.CreateProtector(nameof(KeyRingWarmUp)).Protect([0]);
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
