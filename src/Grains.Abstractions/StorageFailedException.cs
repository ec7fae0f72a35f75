namespace Nox;

/// <summary>
/// Grain storage failed in a way that retrying does not cure: stored state that does not deserialize, a
/// state that cannot be serialized, a bug. Silos throw this in place of the provider's own exception (which
/// the API could not deserialize) after logging the cause once; the API answers it with 500, not with the
/// 503 of <see cref="StorageUnavailableException"/>. The message names only the cause's type.
/// </summary>
[GenerateSerializer]
[Alias("nox.StorageFailedException")]
public sealed class StorageFailedException : Exception
{
    public StorageFailedException()
        : base("Grain storage failed.")
    {
    }

    public StorageFailedException(string message)
        : base(message)
    {
    }

    public StorageFailedException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
