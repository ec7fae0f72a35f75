using System.Text.Json.Serialization;

namespace Nox.LinkSessions;

/// <summary>The heat-pump brands a user can connect. Wire names are the contract's, spaces included.</summary>
[GenerateSerializer]
[Alias("nox.Brand")]
[JsonConverter(typeof(JsonStringEnumConverter<Brand>))]
public enum Brand
{
    [JsonStringEnumMemberName("alpha innotec")] AlphaInnotec = 0,
    [JsonStringEnumMemberName("bulex")] Bulex = 1,
    [JsonStringEnumMemberName("daikin")] Daikin = 2,
    [JsonStringEnumMemberName("dewarmte")] DeWarmte = 3,
    [JsonStringEnumMemberName("lg")] Lg = 4,
    [JsonStringEnumMemberName("mitsubishi")] Mitsubishi = 5,
    [JsonStringEnumMemberName("nibe")] Nibe = 6,
    [JsonStringEnumMemberName("saunier duval")] SaunierDuval = 7,
    [JsonStringEnumMemberName("toshiba")] Toshiba = 8,
    [JsonStringEnumMemberName("thermia")] Thermia = 9,
    [JsonStringEnumMemberName("vaillant")] Vaillant = 10,
    [JsonStringEnumMemberName("viessmann")] Viessmann = 11,
}
