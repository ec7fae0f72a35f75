using System.Collections.Immutable;

namespace Nox.Webhooks;

/// <summary>A page of a supplier's events, newest first; <see cref="CursorFound"/> is false when <c>starting_after</c> is not in the log.</summary>
[GenerateSerializer]
[Immutable]
[Alias("nox.WebhookEventPage")]
public sealed record WebhookEventPage(
    [property: Id(0)] ImmutableArray<WebhookEventEntry> Events,
    [property: Id(1)] bool HasMore,
    [property: Id(2)] bool CursorFound = true);
