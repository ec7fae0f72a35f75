namespace Nox.Api.Authentication;

/// <summary>Endpoint metadata: the endpoint answers only requests that carry a key of the scheme named <see cref="Scheme"/>.</summary>
public sealed record HeaderKeyRequirement(string Scheme);
