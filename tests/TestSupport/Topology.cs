namespace Nox.Testing;

/// <summary>The two ways the HTTP API runs (docs/architecture.md, "Topologies"); API tests run against both.</summary>
public enum Topology
{
    /// <summary>The API's own process (<c>Program</c>) as an Orleans client of a test cluster.</summary>
    Split,

    /// <summary>The API inside a silo process (<c>Nox:Api:Enabled=true</c>), built as the Silo executable builds it.</summary>
    CoHosted,
}
