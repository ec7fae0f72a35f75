namespace Nox.Bench.Baseline;

/// <summary>The baseline's whole answer: <c>{"message":"pong","version":1}</c>.</summary>
public sealed record Pong(string Message, int Version);
