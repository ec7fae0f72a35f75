namespace Nox.Api.Hosting;

/// <summary>
/// The cluster as the API's endpoints reach it: through the Orleans client of a separate API process,
/// or through the grain factory of the silo the API is co-hosted in. Endpoints call grain interfaces
/// only, so the same code serves both.
/// </summary>
public interface IClusterAccess
{
    bool IsConnected { get; }

    /// <summary>The cluster, or <see cref="ClusterUnavailableException"/> while it cannot be reached.</summary>
    IGrainFactory Grains { get; }
}
