using System.Runtime.InteropServices;
using System.Threading.Channels;
using Almanac.Domain;
using Almanac.Domain.Platform;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;

namespace Almanac.Web.Security;

/// <summary>
/// Password hashing and verification (ASP.NET Core Identity's PBKDF2 hasher at its default cost) on a few threads of
/// their own at a lower scheduling priority, so that a sign-in storm queues for the hasher and yields the cores to the
/// people already signed in, whose saves keep their latency.
/// </summary>
/// <remarks>
/// One hash takes tens of milliseconds of one core by design; two hundred people signing in at once would otherwise
/// hold two hundred thread-pool threads on two cores for seconds. <see cref="Concurrency"/> threads take the hashes in
/// turn; on Linux each runs <see cref="HashingNice"/> nice steps below the process's priority, so that the scheduler gives a core to a request that is
/// ready before a hash, and to the hashes whatever is left (all of it when no one else needs it). A hash waits at most
/// <see cref="PlatformOptions.PasswordHashingQueueSeconds"/> for its turn, then the request is refused as busy (503),
/// never left hanging.
/// </remarks>
public sealed class PasswordHashing : IDisposable
{
    /// <summary>How much the hashing threads' nice value is above the process's on Linux (19 at most, the lowest priority).</summary>
    public const int HashingNice = 10;

    private readonly IPasswordHasher<Account> _hasher;
    private readonly TimeSpan _queueLimit;
    private readonly Channel<Work> _queue = Channel.CreateUnbounded<Work>(new UnboundedChannelOptions { SingleWriter = false });
    private readonly Thread[] _threads;

    public PasswordHashing(IPasswordHasher<Account> hasher, IOptions<PlatformOptions> options)
    {
        _hasher = hasher;
        var settings = options.Value;
        Concurrency = settings.PasswordHashingConcurrency is > 0 and var configured ? configured : Math.Max(1, Environment.ProcessorCount / 2);
        _queueLimit = TimeSpan.FromSeconds(Math.Clamp(settings.PasswordHashingQueueSeconds, 1, 600));
        _threads = [.. Enumerable.Range(0, Concurrency).Select(i => new Thread(Hash) { IsBackground = true, Name = $"password hashing {i + 1}" })];
        foreach (var thread in _threads) thread.Start();
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
        var work = new Work(() => hash());
        ObjectDisposedException.ThrowIf(!_queue.Writer.TryWrite(work), this);
        using (var waiting = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken))
        {
            waiting.CancelAfter(_queueLimit);
            try
            {
                await work.Started.Task.WaitAsync(waiting.Token);
            }
            catch (OperationCanceledException) when (work.Abandon())
            {
                cancellationToken.ThrowIfCancellationRequested();
                throw new ServerBusyException(Refusal.Of("server.busy-signing-in", "the server is busy signing people in: try again in a minute"));
            }
        }
        return (T)(await work.Outcome.Task)!;
    }

    /// <summary>One hashing thread: lowers its own priority, then takes hashes until the pool is disposed.</summary>
    private void Hash()
    {
        if (OperatingSystem.IsLinux())
        {
            // On Linux a nice value belongs to a thread, and nice() changes the caller's; a failure leaves it as it was.
            _ = NativeMethods.Nice(HashingNice);
        }
        var reader = _queue.Reader;
        while (reader.WaitToReadAsync().AsTask().GetAwaiter().GetResult())
        {
            while (reader.TryRead(out var work))
            {
                if (!work.Start()) continue;
                try
                {
                    work.Outcome.SetResult(work.Hash());
                }
                catch (Exception exception)
                {
                    work.Outcome.SetException(exception);
                }
            }
        }
    }

    public void Dispose()
    {
        _queue.Writer.TryComplete();
        foreach (var thread in _threads) thread.Join();
    }

    /// <summary>A hash waiting for a thread: started by one, or abandoned by its caller, whichever comes first.</summary>
    private sealed class Work(Func<object?> hash)
    {
        private int _state;

        public Func<object?> Hash { get; } = hash;

        public TaskCompletionSource Started { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public TaskCompletionSource<object?> Outcome { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public bool Start()
        {
            if (Interlocked.CompareExchange(ref _state, 1, 0) != 0) return false;
            Started.SetResult();
            return true;
        }

        public bool Abandon() => Interlocked.CompareExchange(ref _state, 2, 0) == 0;
    }

    /// <summary>The C library's call that lowers the calling thread's scheduling priority on Linux.</summary>
    private static class NativeMethods
    {
        /// <summary>Adds <paramref name="increment"/> to the calling thread's nice value (at most 19); the new value, or -1.</summary>
        [DllImport("libc", EntryPoint = "nice", SetLastError = true)]
        [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
        public static extern int Nice(int increment);
    }
}

/// <summary>The server cannot take the request now, through no fault of it (HTTP 503): the same request later will do.</summary>
public sealed class ServerBusyException(Refusal refusal) : AlmanacException(refusal);
