namespace Nox.Api.Administration;

/// <summary>Endpoint metadata: what an admin endpoint does, for the audit log and the operations metric.</summary>
/// <param name="Name">As the log and the metric say it: <c>supplier.create</c>, <c>api_key.revoke</c>, ….</param>
/// <param name="Changes">True for operations that change something: each is one audit line.</param>
public sealed record AdminOperation(string Name, bool Changes)
{
    public static AdminOperation Change(string name) => new(name, true);

    public static AdminOperation Read(string name) => new(name, false);
}
