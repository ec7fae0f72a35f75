using System.Text.Json.Serialization;

namespace Nox.Suppliers;

/// <summary>Where a supplier (or one of its keys) came from: the admin API or a silo's configuration.</summary>
[GenerateSerializer]
[Alias("nox.SupplierSource")]
[JsonConverter(typeof(JsonStringEnumConverter<SupplierSource>))]
public enum SupplierSource
{
    [JsonStringEnumMemberName("api")] Api = 0,
    [JsonStringEnumMemberName("configuration")] Configuration = 1,
}
