namespace Nox;

/// <summary>
/// Grain references without Orleans' per-call type resolution. <c>IGrainFactory.GetGrain&lt;T&gt;(key)</c>
/// reads <typeparamref name="T"/>'s attributes and formats and re-parses its type name on every call:
/// about a tenth of the API's CPU on the create path, measured with perf. The grain type and grain
/// interface type it derives depend only on <typeparamref name="T"/>, so they are resolved once, by one
/// ordinary <c>GetGrain</c>, and every reference after that is built from them directly.
/// </summary>
public static class GrainReferences
{
    /// <summary>The same reference as <c>grains.GetGrain&lt;T&gt;(key)</c>.</summary>
    public static T Get<T>(this IGrainFactory grains, string key) where T : IGrainWithStringKey
    {
        var types = TypesOf<T>.Get(grains, static g => g.GetGrain<T>("-"));
        return (T)grains.GetGrain(GrainId.Create(types.Grain, key), types.Interface);
    }

    /// <summary>The same reference as <c>grains.GetGrain&lt;T&gt;(key)</c>.</summary>
    public static T Get<T>(this IGrainFactory grains, long key) where T : IGrainWithIntegerKey
    {
        var types = TypesOf<T>.Get(grains, static g => g.GetGrain<T>(0));
        return (T)grains.GetGrain(GrainId.Create(types.Grain, GrainIdKeyExtensions.CreateIntegerKey(key)), types.Interface);
    }

    /// <summary>The id of the grain <c>grains.GetGrain&lt;T&gt;(key)</c> would address, without a reference.</summary>
    public static GrainId IdOf<T>(this IGrainFactory grains, string key) where T : IGrainWithStringKey =>
        GrainId.Create(TypesOf<T>.Get(grains, static g => g.GetGrain<T>("-")).Grain, key);

    /// <summary>One resolution per interface; a class so that it is published whole (a struct could tear).</summary>
    private sealed record Types(GrainType Grain, GrainInterfaceType Interface);

    private static class TypesOf<T> where T : IAddressable
    {
        private static Types? resolved;

        public static Types Get(IGrainFactory grains, Func<IGrainFactory, T> probe)
        {
            if (resolved is { } types)
            {
                return types;
            }

            var reference = (GrainReference)(object)probe(grains);
            return resolved = new Types(reference.GrainId.Type, reference.InterfaceType);
        }
    }
}
