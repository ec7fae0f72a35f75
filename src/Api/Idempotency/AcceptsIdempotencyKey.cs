namespace Nox.Api.Idempotency;

/// <summary>Endpoint metadata: the operation accepts <c>Idempotency-Key</c>, and the OpenAPI document says so (<see cref="IdempotencyKeyParameter"/>).</summary>
public sealed class AcceptsIdempotencyKey
{
    public static AcceptsIdempotencyKey Instance { get; } = new();
}
