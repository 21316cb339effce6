using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Almanac.Domain.Platform;
using Almanac.Store;
using Almanac.Tests;
using Almanac.Web.Security;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;

namespace Almanac.Web.Tests;

/// <summary>
/// Sign-in that cannot be turned against users: failures are throttled per account and per client address
/// (<see cref="SignInThrottle"/>) without shutting the owner out past the window, and every refusal looks the same —
/// same status, same words, one password hash verified each time.
/// </summary>
public sealed class SignInTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>The platform's password hasher, counting the verifications it makes.</summary>
    private sealed class CountingHasher : IPasswordHasher<Account>
    {
        private readonly PasswordHasher<Account> _inner = new();
        private int _verifications;

        public int Verifications => Volatile.Read(ref _verifications);

        public string HashPassword(Account user, string password) => _inner.HashPassword(user, password);

        public PasswordVerificationResult VerifyHashedPassword(Account user, string hashedPassword, string providedPassword)
        {
            Interlocked.Increment(ref _verifications);
            return _inner.VerifyHashedPassword(user, hashedPassword, providedPassword);
        }
    }

    private sealed record Answer(int Status, string? Title, string? Detail);

    private static async Task<Answer> SignInAsync(ApiClient client, string userName, string password)
    {
        using var response = await client.SendAsync(HttpMethod.Post, "/api/session/", new { userName, password });
        if (response.StatusCode == HttpStatusCode.OK) return new Answer(200, null, null);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>(Ct);
        return new Answer((int)response.StatusCode, problem.GetProperty("title").GetString(), problem.GetProperty("detail").GetString());
    }

    private static readonly Answer Refused = new(401, "Sign-in refused", SignInService.Refusal);

    private static Task<PlatformServer> StartAsync(string engine, ManualClock clock, CountingHasher? hasher = null) =>
        PlatformServer.StartAsync(engine, clock: clock, overrides: hasher is null ? null : s => s.AddSingleton<IPasswordHasher<Account>>(hasher));

    /// <summary>A loopback address other than 127.0.0.1: another client, as far as the server can tell.</summary>
    private static IPAddress Loopback(int last) => new([127, 0, 0, (byte)last]);

    [Theory]
    [MemberData(nameof(TestStores.Engines), MemberType = typeof(TestStores))]
    public async Task Unknown_names_wrong_passwords_disabled_and_throttled_accounts_get_the_same_answer_and_each_verifies_one_hash(string engine)
    {
        var clock = new ManualClock();
        var hasher = new CountingHasher();
        await using var server = await StartAsync(engine, clock, hasher);
        await server.Store.SetAccountDisabledAsync("editor", true, new Change("admin", clock.GetUtcNow()), Ct);
        using var client = await server.ClientAsync(null);
        await client.RefreshTokenAsync();
        var password = server.Credential("reader").Password;

        var answers = new List<(string Case, Answer Answer, int Verifications)>();
        async Task TryAsync(string what, string userName, string attempt)
        {
            var before = hasher.Verifications;
            answers.Add((what, await SignInAsync(client, userName, attempt), hasher.Verifications - before));
        }
        await TryAsync("unknown name", "nobody", "wrong");
        await TryAsync("disabled account", "editor", server.Credential("editor").Password);
        for (var i = 0; i < SignInThrottle.ForAccount.FreeFailures + 1; i++) await TryAsync("wrong password", "reader", "wrong" + i);
        // The sixth failure in a row opened a one-second window: the right password is refused inside it.
        await TryAsync("throttled, right password", "reader", password);
        Assert.All(answers, a => Assert.True(a.Answer == Refused && a.Verifications == 1, $"{a.Case}: {a.Answer}, {a.Verifications} verifications"));

        // The owner is not shut out: once the window passes the right password signs in, and the count starts again.
        clock.Advance(SignInThrottle.ForAccount.Delay(SignInThrottle.ForAccount.FreeFailures + 1));
        Assert.Equal(200, (await SignInAsync(client, "reader", password)).Status);
        Assert.Empty(await server.Store.SignInThrottlesAsync([SignInThrottle.AccountKey("reader")], Ct));

        // The sign-in page says the same words.
        using var anonymous = new ApiClient(server.Address);
        using var page = await anonymous.PostFormAsync("/login", [KeyValuePair.Create("UserName", "nobody"), KeyValuePair.Create("Password", "wrong")], "/login");
        Assert.Contains(WebUtility.HtmlEncode(SignInService.Refusal), await page.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);

        var stored = await server.Store.AccountAsync("reader", Ct);
        Assert.StartsWith("AQAAAA", stored!.PasswordHash, StringComparison.Ordinal); // Identity's v3 format: PBKDF2 with a salt
    }

    [Theory]
    [MemberData(nameof(TestStores.Engines), MemberType = typeof(TestStores))]
    public async Task An_attack_on_one_account_from_many_addresses_keeps_its_owner_out_at_most_a_minute(string engine)
    {
        var clock = new ManualClock();
        await using var server = await StartAsync(engine, clock);
        var password = server.Credential("reader").Password;
        // Thirty addresses, one wrong guess each (the address throttle never starts), each counted: the account's window
        // grows 1 s, 2 s, 4 s … to its cap of a minute; the clock moves past each window so that every guess counts.
        for (var i = 0; i < 30; i++)
        {
            using var attacker = await server.ClientAsync(null, Loopback(10 + i));
            await attacker.RefreshTokenAsync();
            Assert.Equal(Refused, await SignInAsync(attacker, "reader", "guess" + i));
            var state = (await server.Store.SignInThrottlesAsync([SignInThrottle.AccountKey("reader")], Ct))[SignInThrottle.AccountKey("reader")];
            Assert.Equal(i + 1, state.Failures);
            Assert.True(state.BlockedUntil is null || state.BlockedUntil - clock.GetUtcNow() <= TimeSpan.FromMinutes(1), $"window after {i + 1} failures");
            clock.Advance(SignInThrottle.ForAccount.Delay(i + 1));
        }
        using var owner = await server.ClientAsync(null);
        await owner.RefreshTokenAsync();
        Assert.Equal(Refused, await SignInAsync(owner, "reader", "guess-30"));
        Assert.Equal(Refused, await SignInAsync(owner, "reader", password));
        clock.Advance(TimeSpan.FromSeconds(59));
        Assert.Equal(Refused, await SignInAsync(owner, "reader", password));
        clock.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(200, (await SignInAsync(owner, "reader", password)).Status);
    }

    [Theory]
    [MemberData(nameof(TestStores.Engines), MemberType = typeof(TestStores))]
    public async Task One_address_guessing_across_accounts_is_slowed_down_while_other_addresses_sign_in(string engine)
    {
        var clock = new ManualClock();
        await using var server = await StartAsync(engine, clock);
        using var sprayer = await server.ClientAsync(null, Loopback(2));
        await sprayer.RefreshTokenAsync();
        // Ten free failures on ten names; the eleventh opens the address's first window.
        for (var i = 0; i <= SignInThrottle.ForAddress.FreeFailures; i++) Assert.Equal(Refused, await SignInAsync(sprayer, "name" + i, "guess"));
        Assert.Equal(Refused, await SignInAsync(sprayer, "reader", server.Credential("reader").Password));
        // Another address is not held up, nor is the account (it saw no failure).
        using var colleague = await server.ClientAsync(null, Loopback(3));
        await colleague.RefreshTokenAsync();
        Assert.Equal(200, (await SignInAsync(colleague, "reader", server.Credential("reader").Password)).Status);
        clock.Advance(SignInThrottle.ForAddress.Delay(SignInThrottle.ForAddress.FreeFailures + 1));
        Assert.Equal(200, (await SignInAsync(sprayer, "reader", server.Credential("reader").Password)).Status);
    }

    [Fact]
    public async Task A_burst_of_parallel_guesses_is_counted_like_a_sequence()
    {
        var clock = new ManualClock();
        var hasher = new CountingHasher();
        await using var server = await StartAsync("duckdb", clock, hasher);
        using var attacker = await server.ClientAsync(null);
        await attacker.RefreshTokenAsync();
        var answers = await Task.WhenAll(Enumerable.Range(0, 20).Select(i => SignInAsync(attacker, "reader", "guess" + i)));
        Assert.All(answers, a => Assert.Equal(Refused, a));
        // Five free failures, the sixth opens a window, and the fourteen after it fall inside it uncounted; had the
        // attempts not waited for each other, each would have read the count before any was written.
        var state = (await server.Store.SignInThrottlesAsync([SignInThrottle.AccountKey("reader")], Ct))[SignInThrottle.AccountKey("reader")];
        Assert.Equal(SignInThrottle.ForAccount.FreeFailures + 1, state.Failures);
        Assert.Equal(20, hasher.Verifications);
    }
}
