namespace Nox.Api.LinkSessions;

/// <summary>
/// As many creations wait for the cluster as <see cref="NoxApiOptions.CreateQueueLimit"/> allows: the
/// create is refused at once (503 with Retry-After) rather than queued behind work that cannot finish
/// within its budget.
/// </summary>
public sealed class CreationQueueFullException() : Exception("Too many link session creations are waiting for the cluster.");
