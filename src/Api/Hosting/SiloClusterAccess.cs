namespace Nox.Api.Hosting;

/// <summary>
/// The co-hosted API's way in: the grain factory of the silo in this process. The host starts the silo
/// before it starts serving HTTP, so the cluster is there for every request; readiness is the silo's.
/// </summary>
public sealed class SiloClusterAccess(IGrainFactory grains) : IClusterAccess
{
    public bool IsConnected => true;

    public IGrainFactory Grains => grains;
}
