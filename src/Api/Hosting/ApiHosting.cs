namespace Nox.Api.Hosting;

/// <summary>How the HTTP API reaches the cluster (docs/architecture.md, "Topologies").</summary>
public enum ApiHosting
{
    /// <summary>A process of its own, an Orleans client of the cluster (the split topology).</summary>
    OrleansClient,

    /// <summary>Inside a silo process (<c>Nox:Api:Enabled=true</c>): grain calls stay in the process when the grain is local.</summary>
    CoHosted,
}
