using System.Text.Json.Serialization;

namespace Nox.Bench.Baseline;

/// <summary>Source-generated JSON, as the API uses: the baseline must not pay for reflection the API does not.</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower)]
[JsonSerializable(typeof(Pong))]
internal sealed partial class BaselineJsonContext : JsonSerializerContext;
