namespace Nox;

/// <summary>
/// Grain storage did not answer: a connection failure or a timeout, which a retry may cure. Silos throw
/// this in place of the storage provider's own exception types, which a client without the provider's
/// assembly cannot even deserialize; the API answers it with 503 and Retry-After. Every other storage
/// failure is a <see cref="StorageFailedException"/>.
/// </summary>
[GenerateSerializer]
[Alias("nox.StorageUnavailableException")]
public sealed class StorageUnavailableException : Exception
{
    public StorageUnavailableException()
        : base("Storage is unavailable.")
    {
    }

    public StorageUnavailableException(string message)
        : base(message)
    {
    }

    public StorageUnavailableException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
