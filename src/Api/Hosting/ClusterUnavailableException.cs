namespace Nox.Api.Hosting;

/// <summary>The API has no connection to the cluster (yet); answered with 503.</summary>
public sealed class ClusterUnavailableException() : Exception("Not connected to the cluster.");
