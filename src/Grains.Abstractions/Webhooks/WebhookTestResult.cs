namespace Nox.Webhooks;

/// <summary>What one <c>webhook.test</c> delivery got: a 2xx, or the status or error it met instead.</summary>
[GenerateSerializer]
[Immutable]
[Alias("nox.WebhookTestResult")]
public sealed record WebhookTestResult(
    [property: Id(0)] bool Delivered,
    [property: Id(1)] int? StatusCode,
    [property: Id(2)] string? Error);
