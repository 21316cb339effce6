using System.Buffers.Binary;
using Almanac.Domain.Platform;
using Almanac.Web.Security;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;

namespace Almanac.Web.Tests;

/// <summary>Password hashing on a bounded pool: a sign-in storm queues for the hasher, and a hash that waits too long is refused as busy.</summary>
public sealed class PasswordHashingTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static readonly Account Someone = new("someone", "Someone", Role.FocalPoint, "CO-MLI", null);

    /// <summary>Identity's hasher, recording how many of its hashes run at the same moment; each can be held until released.</summary>
    private sealed class ObservedHasher : IPasswordHasher<Account>
    {
        private readonly PasswordHasher<Account> _inner = new();
        private int _running;
        private int _most;

        public ManualResetEventSlim Release { get; } = new(initialState: true);

        public int MostAtOnce => Volatile.Read(ref _most);

        public string HashPassword(Account user, string password) => Observed(() => _inner.HashPassword(user, password));

        public PasswordVerificationResult VerifyHashedPassword(Account user, string hashedPassword, string providedPassword) =>
            Observed(() => _inner.VerifyHashedPassword(user, hashedPassword, providedPassword));

        private T Observed<T>(Func<T> hash)
        {
            var running = Interlocked.Increment(ref _running);
            int most;
            while (running > (most = Volatile.Read(ref _most)) && Interlocked.CompareExchange(ref _most, running, most) != most)
            {
            }
            try
            {
                Release.Wait(TimeSpan.FromSeconds(30));
                return hash();
            }
            finally
            {
                Interlocked.Decrement(ref _running);
            }
        }
    }

    private static PasswordHashing Pool(IPasswordHasher<Account> hasher, int concurrency, int queueSeconds = 60) =>
        new(hasher, Options.Create(new PlatformOptions { PasswordHashingConcurrency = concurrency, PasswordHashingQueueSeconds = queueSeconds }));

    [Fact]
    public async Task Forty_verifications_at_once_run_two_at_a_time_and_all_answer_right()
    {
        var hasher = new ObservedHasher();
        using var pool = Pool(hasher, concurrency: 2);
        var hash = await pool.HashAsync(Someone, "the right password", Ct);

        var verdicts = await Task.WhenAll(Enumerable.Range(0, 40).Select(i => Task.Run(() =>
            pool.VerifyAsync(Someone, hash, i % 2 == 0 ? "the right password" : "a wrong one", Ct), Ct)));

        Assert.Equal(2, hasher.MostAtOnce);
        Assert.Equal(20, verdicts.Count(v => v == PasswordVerificationResult.Success));
        Assert.Equal(20, verdicts.Count(v => v == PasswordVerificationResult.Failed));
    }

    [Fact]
    public async Task A_hash_that_waits_past_the_queue_limit_is_refused_as_busy_and_the_pool_goes_on_afterwards()
    {
        var hasher = new ObservedHasher();
        using var pool = Pool(hasher, concurrency: 1, queueSeconds: 1);
        hasher.Release.Reset();
        var holding = Task.Run(() => pool.HashAsync(Someone, "first password", Ct), Ct);
        while (hasher.MostAtOnce == 0) await Task.Delay(10, Ct);

        var busy = await Assert.ThrowsAsync<ServerBusyException>(() => pool.HashAsync(Someone, "second password", Ct));
        Assert.Contains("busy", busy.Message, StringComparison.Ordinal);

        hasher.Release.Set();
        await holding;
        Assert.Equal(PasswordVerificationResult.Success, await pool.VerifyAsync(Someone, await pool.HashAsync(Someone, "third password", Ct), "third password", Ct));
    }

    [Fact]
    public async Task Hashes_keep_identitys_default_cost_or_more()
    {
        using var pool = Pool(new PasswordHasher<Account>(), concurrency: 0);
        Assert.True(pool.Concurrency >= 1);
        var hash = Convert.FromBase64String(await pool.HashAsync(Someone, "a password", Ct));
        // Identity's version 3 format: a marker byte, the PRF, then the iteration count, both big-endian.
        Assert.Equal(0x01, hash[0]);
        Assert.True(BinaryPrimitives.ReadUInt32BigEndian(hash.AsSpan(5, 4)) >= 100_000);
    }

    /// <summary>Identity's hasher, recording the nice value of the thread each hash runs on (Linux's /proc/thread-self/stat).</summary>
    private sealed class NiceRecordingHasher : IPasswordHasher<Account>
    {
        private readonly PasswordHasher<Account> _inner = new();

        public System.Collections.Concurrent.ConcurrentBag<int> Nice { get; } = [];

        public string HashPassword(Account user, string password)
        {
            Nice.Add(ThreadNice());
            return _inner.HashPassword(user, password);
        }

        public PasswordVerificationResult VerifyHashedPassword(Account user, string hashedPassword, string providedPassword)
        {
            Nice.Add(ThreadNice());
            return _inner.VerifyHashedPassword(user, hashedPassword, providedPassword);
        }
    }

    /// <summary>The calling thread's nice value: field 19 of its stat line, counted after the parenthesised name.</summary>
    private static int ThreadNice()
    {
        var stat = File.ReadAllText("/proc/thread-self/stat");
        return int.Parse(stat[(stat.LastIndexOf(')') + 2)..].Split(' ')[16], System.Globalization.CultureInfo.InvariantCulture);
    }

    [Fact]
    public async Task Hashes_run_at_a_lower_scheduling_priority_than_the_requests_on_linux()
    {
        Assert.True(OperatingSystem.IsLinux(), "the hashing threads' priority is set and read through Linux's interfaces; this suite runs on Linux");
        var hasher = new NiceRecordingHasher();
        using var pool = Pool(hasher, concurrency: 2);
        var hash = await pool.HashAsync(Someone, "a password", Ct);
        await Task.WhenAll(Enumerable.Range(0, 6).Select(_ => Task.Run(() => pool.VerifyAsync(Someone, hash, "a password", Ct), Ct)));

        var requests = ThreadNice();
        Assert.Equal(7, hasher.Nice.Count);
        Assert.All(hasher.Nice, nice => Assert.Equal(Math.Min(19, requests + PasswordHashing.HashingNice), nice));
    }
}
