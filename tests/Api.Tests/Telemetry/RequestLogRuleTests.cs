using System.Diagnostics;
using Microsoft.Extensions.Logging;
using Nox.Telemetry;

namespace Nox.Api.Tests.Telemetry;

/// <summary>Which finished requests get a line (the rule alone; RequestLogTests runs it in both topologies).</summary>
public sealed class RequestLogRuleTests
{
    private const string Route = "/v2/supplier/link-sessions/{link_token}";
    private static readonly TimeSpan Fast = TimeSpan.FromMilliseconds(2);
    private static readonly RequestLogOptions NoSuccesses = new() { SuccessSampleRate = 0, SlowThreshold = TimeSpan.FromMilliseconds(500) };

    private static ActivityTraceId Trace(string lastSixteenHexDigits) => ActivityTraceId.CreateFromString("0af7651916cd43dd" + lastSixteenHexDigits);

    [Theory]
    [InlineData(400)]
    [InlineData(401)]
    [InlineData(404)]
    [InlineData(429)]
    [InlineData(500)]
    [InlineData(503)]
    public void Every_4xx_and_5xx_is_logged_at_information_whatever_the_sample_rate(int status)
    {
        Assert.Equal(LogLevel.Information, RequestLogRule.LevelOf(status, Route, Fast, Trace("ffffffffffffffff"), NoSuccesses));
        Assert.Equal(LogLevel.Information, RequestLogRule.LevelOf(status, "/healthz", Fast, default, NoSuccesses));
    }

    [Fact]
    public void A_success_is_logged_from_the_slow_threshold_on_and_not_below_it_when_successes_are_not_sampled()
    {
        Assert.Equal(LogLevel.Information, RequestLogRule.LevelOf(201, Route, TimeSpan.FromMilliseconds(500), Trace("ffffffffffffffff"), NoSuccesses));
        Assert.Null(RequestLogRule.LevelOf(201, Route, TimeSpan.FromMilliseconds(499.9), Trace("0000000000000001"), NoSuccesses));
    }

    [Fact]
    public void A_successful_probe_or_scrape_is_at_debug_even_when_slow()
    {
        Assert.Equal(LogLevel.Debug, RequestLogRule.LevelOf(200, "/healthz", Fast, default, NoSuccesses));
        Assert.Equal(LogLevel.Debug, RequestLogRule.LevelOf(200, "/readyz", TimeSpan.FromSeconds(3), default, NoSuccesses));
        Assert.Equal(LogLevel.Debug, RequestLogRule.LevelOf(200, "/metrics", Fast, default, new RequestLogOptions { SuccessSampleRate = 1 }));
    }

    [Fact]
    public void Fast_successes_are_chosen_by_the_trace_ids_last_eight_bytes()
    {
        var tenth = new RequestLogOptions { SuccessSampleRate = 0.1 };

        // 0x1999… is a tenth of 2^64.
        Assert.Equal(LogLevel.Information, RequestLogRule.LevelOf(200, Route, Fast, Trace("1900000000000000"), tenth));
        Assert.Null(RequestLogRule.LevelOf(200, Route, Fast, Trace("1a00000000000000"), tenth));
        Assert.Null(RequestLogRule.LevelOf(200, Route, Fast, Trace("ffffffffffffffff"), tenth));
        Assert.Equal(LogLevel.Information, RequestLogRule.LevelOf(200, Route, Fast, Trace("ffffffffffffffff"), new RequestLogOptions { SuccessSampleRate = 1 }));
        Assert.Null(RequestLogRule.LevelOf(200, Route, Fast, Trace("0000000000000001"), new RequestLogOptions { SuccessSampleRate = 0 }));
    }

    [Fact]
    public void The_sampled_share_is_the_rate()
    {
        var sampled = Enumerable.Range(0, 20_000).Count(_ => RequestLogRule.IsSampled(ActivityTraceId.CreateRandom(), 0.25));

        Assert.InRange(sampled, 4_500, 5_500);
    }
}
