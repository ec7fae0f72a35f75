namespace Nox.Bench.Peer;

/// <summary>A link session as stored in Redis (JSON) and, with its token and status, as answered.</summary>
public sealed record LinkSession(
    string Supplier,
    string SupplierUserId,
    string RedirectUrl,
    string? Brand,
    string Language,
    long CreatedAt,
    long ExpiresAt,
    long? CompletedAt);

public sealed record LinkSessionResponse(
    string LinkUrl,
    string LinkToken,
    string Language,
    string RedirectUrl,
    string Supplier,
    string SupplierUserId,
    long CreatedAt,
    long ExpiresAt,
    string? Brand,
    long? CompletedAt,
    string Status)
{
    public static LinkSessionResponse From(LinkSession session, string token, string publicBaseUrl, long now) => new(
        $"{publicBaseUrl}/ui?token={token}&language={session.Language}",
        token,
        session.Language,
        session.RedirectUrl,
        session.Supplier,
        session.SupplierUserId,
        session.CreatedAt,
        session.ExpiresAt,
        session.Brand,
        session.CompletedAt,
        session.CompletedAt is not null ? "completed" : now >= session.ExpiresAt ? "expired" : "pending");
}

public sealed record Error(string Message, [property: System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)] string? Field = null)
{
    // The contract names the member "error".
    [System.Text.Json.Serialization.JsonPropertyName("error")]
    public string Message { get; init; } = Message;
}
