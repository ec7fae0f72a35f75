using System.Reflection;
using System.Text.Json.Serialization;

namespace Nox.LinkSessions;

/// <summary>
/// The contract names of an enum's members, read from their <see cref="JsonStringEnumMemberNameAttribute"/>:
/// the names JSON (and so the OpenAPI document) uses are the names the request readers accept.
/// </summary>
public static class EnumWireNames<TEnum>
    where TEnum : struct, Enum
{
    /// <summary>Every member's name, indexed by the member's value: the values must be 0, 1, 2, ….</summary>
    public static IReadOnlyList<string> All { get; } = Read();

    private static string[] Read()
    {
        var values = Enum.GetValues<TEnum>();
        var names = new string[values.Length];
        for (var i = 0; i < values.Length; i++)
        {
            if (Convert.ToInt32(values[i], System.Globalization.CultureInfo.InvariantCulture) != i)
            {
                throw new InvalidOperationException($"The values of {typeof(TEnum).Name} must be 0 to {values.Length - 1}.");
            }

            names[i] = typeof(TEnum).GetField(values[i].ToString())!.GetCustomAttribute<JsonStringEnumMemberNameAttribute>()?.Name
                ?? throw new InvalidOperationException($"{typeof(TEnum).Name}.{values[i]} has no JsonStringEnumMemberName.");
        }

        return names;
    }
}
