namespace Nox.LinkSessions;

/// <summary>A new session as <see cref="ILinkSessionCreationStorage"/> stores it: its grain, its first state, and its expiry-index member.</summary>
public readonly record struct LinkSessionCreationWrite(GrainId GrainId, LinkSessionState State, string IndexMember);
