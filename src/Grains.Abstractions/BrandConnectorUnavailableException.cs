namespace Nox;

/// <summary>
/// A brand's connector (the manufacturer's cloud) failed or did not answer within its deadline. The
/// session stays pending; the API answers 503 with Retry-After, and the user may try again. The message
/// names the brand and whether the call failed or timed out, never what the connector said.
/// </summary>
[GenerateSerializer]
[Alias("nox.BrandConnectorUnavailableException")]
public sealed class BrandConnectorUnavailableException : Exception
{
    public BrandConnectorUnavailableException()
        : base("The brand's connector is unavailable.")
    {
    }

    public BrandConnectorUnavailableException(string message)
        : base(message)
    {
    }

    public BrandConnectorUnavailableException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
