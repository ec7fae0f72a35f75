using System.Text.Json.Serialization;
using Nox.Api.Errors;
using Nox.Api.LinkSessions;

namespace Nox.Api.Json;

/// <summary>Source-generated JSON for every body the API writes: no reflection on the hot path.</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower)]
[JsonSerializable(typeof(LinkSessionResponse))]
[JsonSerializable(typeof(CreateLinkSessionRequest))]
[JsonSerializable(typeof(CompleteLinkSessionRequest))]
[JsonSerializable(typeof(CompleteLinkSessionResponse))]
[JsonSerializable(typeof(ApiError))]
public sealed partial class ApiJsonContext : JsonSerializerContext;
