namespace Nox.Idempotency;

/// <summary>The rules of the <c>Idempotency-Key</c> that both sides share.</summary>
public static class IdempotencyKeys
{
    /// <summary>How long a key is remembered, counted from the <c>created_at</c> of the session made under it.</summary>
    public static readonly TimeSpan Retention = TimeSpan.FromHours(24);
}
