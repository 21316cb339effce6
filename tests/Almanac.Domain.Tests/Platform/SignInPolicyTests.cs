using Almanac.Domain.Platform;

namespace Almanac.Domain.Tests.Platform;

/// <summary>The sign-in throttle's numbers and the session lifetimes, as README.md's Security section states them.</summary>
public sealed class SignInPolicyTests
{
    private static readonly DateTimeOffset Noon = new(2026, 11, 23, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public void An_account_fails_five_times_free_then_waits_one_second_doubling_up_to_a_minute()
    {
        var delays = Enumerable.Range(1, 14).Select(n => SignInThrottle.ForAccount.Delay(n).TotalSeconds).ToArray();
        Assert.Equal([0, 0, 0, 0, 0, 1, 2, 4, 8, 16, 32, 60, 60, 60], delays);
        Assert.Equal(TimeSpan.FromSeconds(60), SignInThrottle.ForAccount.Delay(int.MaxValue));
    }

    [Fact]
    public void An_address_fails_ten_times_free_then_waits_one_second_doubling_up_to_fifteen_minutes()
    {
        var delays = Enumerable.Range(1, 22).Select(n => SignInThrottle.ForAddress.Delay(n).TotalSeconds).ToArray();
        Assert.Equal([0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 2, 4, 8, 16, 32, 64, 128, 256, 512, 900, 900], delays);
    }

    [Fact]
    public void Failures_open_a_window_that_closes_and_are_forgotten_an_hour_after_the_last()
    {
        var policy = SignInThrottle.ForAccount;
        ThrottleState? state = null;
        for (var i = 0; i < 6; i++) state = policy.AfterFailure(state, Noon);
        Assert.Equal(new ThrottleState(6, Noon, Noon.AddSeconds(1)), state);
        Assert.True(SignInThrottle.IsThrottled(state, Noon.AddMilliseconds(999)));
        Assert.False(SignInThrottle.IsThrottled(state, Noon.AddSeconds(1)));
        Assert.Equal(new ThrottleState(7, Noon.AddMinutes(59), Noon.AddMinutes(59).AddSeconds(2)), policy.AfterFailure(state, Noon.AddMinutes(59)));
        Assert.Equal(new ThrottleState(1, Noon.AddHours(1), null), policy.AfterFailure(state, Noon.AddHours(1)));
        Assert.False(SignInThrottle.IsThrottled(null, Noon));
    }

    [Fact]
    public void A_session_expires_idle_minutes_after_its_last_request_and_never_later_than_the_absolute_limit()
    {
        var policy = new SessionPolicy(TimeSpan.FromMinutes(30), TimeSpan.FromHours(2));
        Assert.Equal(Noon.AddMinutes(30), policy.ExpiresAt(Noon, Noon));
        Assert.Equal(Noon.AddMinutes(100), policy.ExpiresAt(Noon, Noon.AddMinutes(70)));
        Assert.Equal(Noon.AddHours(2), policy.ExpiresAt(Noon, Noon.AddMinutes(100)));

        var session = new AccountSession("id", "mali", "stamp", Noon, Noon, Noon.AddMinutes(30), null);
        Assert.Null(SessionPolicy.Refusal(session, "stamp", false, Noon.AddMinutes(29)));
        Assert.Equal("expired", SessionPolicy.Refusal(session, "stamp", false, Noon.AddMinutes(30)));
        Assert.Equal("signed out", SessionPolicy.Refusal(session with { EndedAt = Noon }, "stamp", false, Noon));
        Assert.Equal("account disabled", SessionPolicy.Refusal(session, "stamp", true, Noon));
        Assert.Equal("account changed since signing in", SessionPolicy.Refusal(session, "rotated", false, Noon));
    }
}
