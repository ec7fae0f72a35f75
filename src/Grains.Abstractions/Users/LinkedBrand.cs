using System.Collections.Immutable;
using Nox.LinkSessions;

namespace Nox.Users;

/// <summary>One brand a user has connected: its devices and when they were last linked.</summary>
[GenerateSerializer]
[Immutable]
[Alias("nox.LinkedBrand")]
public sealed record LinkedBrand(
    [property: Id(0)] Brand Brand,
    [property: Id(1)] ImmutableArray<string> DeviceIds,
    [property: Id(2)] long ConnectedAt);
