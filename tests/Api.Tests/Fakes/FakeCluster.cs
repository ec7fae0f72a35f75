using System.Reflection;
using Nox.Api.Hosting;

namespace Nox.Api.Tests.Fakes;

/// <summary>
/// A cluster of hand-written grain fakes, for unit tests of what the API does with grains: every
/// <c>GetGrain&lt;T&gt;</c> answers the fake registered for <c>T</c>, whatever the key. While
/// <see cref="Available"/> is false it fails as a disconnected client does.
/// </summary>
public sealed class FakeCluster : IClusterAccess
{
    private readonly IGrainFactory grains;
    private readonly GrainFactoryProxy proxy;

    public FakeCluster()
    {
        grains = DispatchProxy.Create<IGrainFactory, GrainFactoryProxy>();
        proxy = (GrainFactoryProxy)(object)grains;
    }

    public bool Available { get; set; } = true;

    public bool IsConnected => Available;

    public IGrainFactory Grains => Available ? grains : throw new ClusterUnavailableException();

    public FakeCluster With<T>(T grain) where T : IGrain
    {
        proxy.Fakes[typeof(T)] = grain;
        return this;
    }

    /// <summary>The <see cref="IGrainFactory"/>; public and unsealed because <see cref="DispatchProxy"/> derives from it.</summary>
    public class GrainFactoryProxy : DispatchProxy
    {
        internal Dictionary<Type, object> Fakes { get; } = [];

        protected override object? Invoke(MethodInfo? targetMethod, object?[]? args) =>
            targetMethod is { Name: nameof(IGrainFactory.GetGrain), IsGenericMethod: true }
            && Fakes.TryGetValue(targetMethod.GetGenericArguments()[0], out var fake)
                ? fake
                : throw new NotSupportedException($"The fake cluster does not support {targetMethod}.");
    }
}
