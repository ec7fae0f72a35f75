using System.Text.Json.Serialization;

namespace Nox.Bench.Peer;

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower, DefaultIgnoreCondition = JsonIgnoreCondition.Never)]
[JsonSerializable(typeof(LinkSession))]
[JsonSerializable(typeof(LinkSessionResponse))]
[JsonSerializable(typeof(Error))]
[JsonSerializable(typeof(CreateLinkSessionRequest))]
internal sealed partial class PeerJsonContext : JsonSerializerContext;
