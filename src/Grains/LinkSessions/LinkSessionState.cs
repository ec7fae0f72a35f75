using System.Collections.Immutable;
using Nox.Webhooks;

namespace Nox.LinkSessions;

/// <summary>The stored form of a link session. Its grain owns it; the factory writes only the first version.</summary>
[GenerateSerializer]
[Alias("nox.LinkSessionState")]
public sealed class LinkSessionState
{
    [Id(0)] public string Supplier { get; set; } = string.Empty;
    [Id(1)] public string SupplierUserId { get; set; } = string.Empty;
    [Id(2)] public string RedirectUrl { get; set; } = string.Empty;
    [Id(3)] public Brand? Brand { get; set; }
    [Id(4)] public Language Language { get; set; }
    [Id(5)] public long CreatedAt { get; set; }
    [Id(6)] public long ExpiresAt { get; set; }
    [Id(7)] public long? CompletedAt { get; set; }
    [Id(8)] public Brand? CompletedBrand { get; set; }
    [Id(9)] public string? NoxUserId { get; set; }
    [Id(10)] public ImmutableArray<string> DeviceIds { get; set; } = [];

    /// <summary>The session's expiry has been counted in <see cref="LinkSessionMetrics"/>: it is counted once.</summary>
    [Id(11)] public bool ExpiryCounted { get; set; }

    /// <summary>
    /// The link token in plain text, as states stored before tokens were sealed hold it: read, never written again
    /// (the next write of such a state stores <see cref="SealedToken"/> instead, see <see cref="LinkTokenSeal"/>).
    /// </summary>
    [Id(12)] public string? PlainToken { get; set; }

    /// <summary>When the Authenticator page was first served for the session while pending.</summary>
    [Id(13)] public long? OpenedAt { get; set; }

    /// <summary>
    /// The webhook events of the session's changes, each stored by the same write as its change (at most one of
    /// each type): the write that stores a change makes its event exist. Handed to the event log after the write,
    /// and again by a sweeper, which is a no-op when it is there already.
    /// </summary>
    [Id(14)] public ImmutableArray<WebhookEvent> Outbox { get; set; } = [];

    /// <summary>
    /// The link token sealed by <see cref="LinkTokenSeal"/>, kept only so that webhook events show the session as
    /// <c>GET</c> does; null for sessions stored before. Never a key, a log line or a trace.
    /// </summary>
    [Id(15)] public string? SealedToken { get; set; }

    public static LinkSessionState Open(NewLinkSession request, long createdAt, long lifetimeSeconds, string? sealedToken = null) => new()
    {
        SealedToken = sealedToken,
        Supplier = request.Supplier,
        SupplierUserId = request.SupplierUserId,
        RedirectUrl = request.RedirectUrl,
        Brand = request.Brand,
        Language = request.Language,
        CreatedAt = createdAt,
        ExpiresAt = createdAt + lifetimeSeconds,
    };

    /// <summary>Expiry is exact: pending strictly before <see cref="ExpiresAt"/>, expired from that second on.</summary>
    public LinkSessionStatus StatusAt(DateTimeOffset now) =>
        CompletedAt is not null ? LinkSessionStatus.Completed
        : now >= DateTimeOffset.FromUnixTimeSeconds(ExpiresAt) ? LinkSessionStatus.Expired
        : LinkSessionStatus.Pending;

    /// <summary>What the completion produced; null while the session is not completed.</summary>
    public LinkSessionCompletion? ToCompletion() =>
        CompletedAt is { } completedAt && CompletedBrand is { } brand && NoxUserId is not null
            ? new(NoxUserId, SupplierUserId, brand, DeviceIds.IsDefault ? [] : DeviceIds, completedAt)
            : null;

    /// <summary>An independent copy (every member is an immutable value, so a shallow copy is a full one).</summary>
    public LinkSessionState Copy() => (LinkSessionState)MemberwiseClone();

    public LinkSession ToLinkSession(DateTimeOffset now) =>
        new(Supplier, SupplierUserId, RedirectUrl, Brand, Language, CreatedAt, ExpiresAt, CompletedAt, StatusAt(now));
}
