using Almanac.Domain;
using Almanac.Domain.Platform;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;

namespace Almanac.Web.Security;

/// <summary>
/// Password hashing and verification (ASP.NET Core Identity's PBKDF2 hasher at its default cost) on a bounded number of
/// threads at once, so that a sign-in storm queues for the hasher instead of taking every core from the people already
/// signed in, whose saves keep their latency.
/// </summary>
/// <remarks>
/// One hash takes tens of milliseconds of one core by design; two hundred people signing in at once would otherwise
/// hold two hundred thread-pool threads on two cores for seconds. A hash waits at most
/// <see cref="PlatformOptions.PasswordHashingQueueSeconds"/> for its turn, then the request is refused as busy (503),
/// never left hanging.
/// </remarks>
public sealed class PasswordHashing : IDisposable
{
    private readonly IPasswordHasher<Account> _hasher;
    private readonly SemaphoreSlim _slots;
    private readonly TimeSpan _queueLimit;

    public PasswordHashing(IPasswordHasher<Account> hasher, IOptions<PlatformOptions> options)
    {
        _hasher = hasher;
        var settings = options.Value;
        Concurrency = settings.PasswordHashingConcurrency is > 0 and var configured ? configured : Math.Max(1, Environment.ProcessorCount / 2);
        _slots = new SemaphoreSlim(Concurrency, Concurrency);
        _queueLimit = TimeSpan.FromSeconds(Math.Clamp(settings.PasswordHashingQueueSeconds, 1, 600));
    }

    /// <summary>How many hashes run at once.</summary>
    public int Concurrency { get; }

    /// <summary>A new salted hash of <paramref name="password"/> for <paramref name="account"/>.</summary>
    public Task<string> HashAsync(Account account, string password, CancellationToken cancellationToken) =>
        RunAsync(() => _hasher.HashPassword(account, password), cancellationToken);

    /// <summary>Whether <paramref name="password"/> matches <paramref name="hash"/>, and whether the hash should be renewed.</summary>
    public Task<PasswordVerificationResult> VerifyAsync(Account account, string hash, string password, CancellationToken cancellationToken) =>
        RunAsync(() => _hasher.VerifyHashedPassword(account, hash, password), cancellationToken);

    private async Task<T> RunAsync<T>(Func<T> hash, CancellationToken cancellationToken)
    {
        if (!await _slots.WaitAsync(_queueLimit, cancellationToken)) throw new ServerBusyException(Domain.Refusal.Of("server.busy-signing-in", "the server is busy signing people in: try again in a minute"));
        try
        {
            return hash();
        }
        finally
        {
            _slots.Release();
        }
    }

    public void Dispose() => _slots.Dispose();
}

/// <summary>The server cannot take the request now, through no fault of it (HTTP 503): the same request later will do.</summary>
public sealed class ServerBusyException(Domain.Refusal refusal) : AlmanacException(refusal);
