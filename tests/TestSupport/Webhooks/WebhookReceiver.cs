using System.Collections.Concurrent;
using System.Net;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Nox.Testing.Webhooks;

/// <summary>
/// A real HTTP server on loopback that receives webhooks: it records every request (headers and exact body bytes)
/// and answers what each path has been told to (<see cref="Answer"/>; 200 once the told answers are used up).
/// </summary>
public sealed class WebhookReceiver : IAsyncDisposable
{
    private readonly WebApplication app;
    private readonly ConcurrentQueue<ReceivedWebhook> received = new();
    private readonly ConcurrentDictionary<string, ConcurrentQueue<Reply>> replies = new(StringComparer.Ordinal);
    private readonly SemaphoreSlim arrived = new(0);
    private int held;

    private WebhookReceiver(WebApplication app, Uri baseUrl)
    {
        this.app = app;
        BaseUrl = baseUrl;
    }

    public Uri BaseUrl { get; }

    public IReadOnlyList<ReceivedWebhook> Received => [.. received];

    /// <summary>Requests that arrived and are being held (a reply with a delay) without an answer yet.</summary>
    public int Held => Volatile.Read(ref held);

    public static async Task<WebhookReceiver> StartAsync()
    {
        var port = FreePort.Next();
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(k => k.Listen(IPAddress.Loopback, port));
        var app = builder.Build();
        var receiver = new WebhookReceiver(app, new Uri($"http://127.0.0.1:{port}"));
        app.Run(receiver.HandleAsync);
        await app.StartAsync();
        return receiver;
    }

    /// <summary>A URL on this receiver with a path of its own, so each test's endpoint is told apart.</summary>
    public string NewUrl() => new Uri(BaseUrl, $"/hooks/{Guid.NewGuid():N}").ToString();

    /// <summary>The next requests to <paramref name="url"/> are answered these statuses, in order, after <paramref name="delay"/>.</summary>
    public void Answer(string url, int status, TimeSpan? delay = null, string? retryAfter = null, int times = 1)
    {
        var queue = replies.GetOrAdd(new Uri(url).AbsolutePath, _ => new ConcurrentQueue<Reply>());
        for (var i = 0; i < times; i++)
        {
            queue.Enqueue(new Reply(status, delay ?? TimeSpan.Zero, retryAfter));
        }
    }

    /// <summary>
    /// The next request to <paramref name="url"/> is held, unanswered, until the test releases the gate with the
    /// status it answers: a test decides exactly when an attempt's answer arrives (no timing).
    /// </summary>
    public WebhookGate Hold(string url)
    {
        var gate = new WebhookGate();
        replies.GetOrAdd(new Uri(url).AbsolutePath, _ => new ConcurrentQueue<Reply>()).Enqueue(new Reply(0, TimeSpan.Zero, null, gate));
        return gate;
    }

    /// <summary>Requests received at <paramref name="url"/>, oldest first.</summary>
    public IReadOnlyList<ReceivedWebhook> At(string url) => [.. received.Where(r => r.Path == new Uri(url).AbsolutePath)];

    /// <summary>Waits until <paramref name="count"/> requests matching <paramref name="match"/> have arrived.</summary>
    public async Task<IReadOnlyList<ReceivedWebhook>> WaitForAsync(Func<ReceivedWebhook, bool> match, int count = 1, TimeSpan? within = null)
    {
        var deadline = DateTime.UtcNow + (within ?? TimeSpan.FromSeconds(30));
        while (true)
        {
            var matching = received.Where(match).ToList();
            if (matching.Count >= count)
            {
                return matching;
            }

            var left = deadline - DateTime.UtcNow;
            if (left <= TimeSpan.Zero)
            {
                throw new TimeoutException($"{matching.Count} of {count} expected webhooks arrived; received: {string.Join(", ", received.Select(r => $"{r.Path} {r.Type}"))}");
            }

            await arrived.WaitAsync(left < TimeSpan.FromMilliseconds(200) ? left : TimeSpan.FromMilliseconds(200));
        }
    }

    public Task<IReadOnlyList<ReceivedWebhook>> WaitForAsync(string url, int count = 1, TimeSpan? within = null) =>
        WaitForAsync(r => r.Path == new Uri(url).AbsolutePath, count, within);

    private async Task HandleAsync(HttpContext context)
    {
        using var body = new MemoryStream();
        await context.Request.Body.CopyToAsync(body);
        var headers = context.Request.Headers.ToDictionary(h => h.Key, h => h.Value.ToString(), StringComparer.OrdinalIgnoreCase);
        var path = context.Request.Path.Value ?? "/";
        var reply = replies.TryGetValue(path, out var queue) && queue.TryDequeue(out var next) ? next : new Reply(200, TimeSpan.Zero, null);
        if (reply.Gate is { } gate)
        {
            reply = reply with { Status = await gate.HoldAsync(context.RequestAborted) };
        }
        else if (reply.Delay > TimeSpan.Zero)
        {
            Interlocked.Increment(ref held);
            try
            {
                await Task.Delay(reply.Delay, context.RequestAborted);
            }
            catch (OperationCanceledException)
            {
            }
            finally
            {
                Interlocked.Decrement(ref held);
            }
        }

        received.Enqueue(new ReceivedWebhook(path, context.Request.Method, context.Request.ContentType, headers, body.ToArray(), reply.Status, DateTimeOffset.UtcNow));
        arrived.Release();
        context.Response.StatusCode = reply.Status;
        if (reply.RetryAfter is not null)
        {
            context.Response.Headers.RetryAfter = reply.RetryAfter;
        }
    }

    public async ValueTask DisposeAsync()
    {
        await app.StopAsync();
        await app.DisposeAsync();
    }

    private sealed record Reply(int Status, TimeSpan Delay, string? RetryAfter, WebhookGate? Gate = null);
}

/// <summary>A request a <see cref="WebhookReceiver"/> holds until <see cref="Release"/> says what it answers.</summary>
public sealed class WebhookGate
{
    private readonly TaskCompletionSource arrived = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource<int> released = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Completes when the held request has arrived (its answer not given yet).</summary>
    public Task Arrived => arrived.Task;

    public void Release(int status) => released.TrySetResult(status);

    internal async Task<int> HoldAsync(CancellationToken aborted)
    {
        arrived.TrySetResult();
        return await released.Task.WaitAsync(aborted);
    }
}

/// <summary>One request a <see cref="WebhookReceiver"/> got, with the status it answered.</summary>
public sealed record ReceivedWebhook(
    string Path,
    string Method,
    string? ContentType,
    IReadOnlyDictionary<string, string> Headers,
    byte[] Body,
    int AnsweredStatus,
    DateTimeOffset At)
{
    public string BodyText => Encoding.UTF8.GetString(Body);

    public JsonElement Json => JsonDocument.Parse(Body).RootElement.Clone();

    public string? Id => Headers.GetValueOrDefault("webhook-id");

    public string? Type
    {
        get
        {
            try
            {
                return Json.GetProperty("type").GetString();
            }
            catch (Exception exception) when (exception is JsonException or KeyNotFoundException or InvalidOperationException)
            {
                return null;
            }
        }
    }
}
