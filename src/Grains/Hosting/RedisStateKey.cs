using System.Text;
using StackExchange.Redis;

namespace Nox.Hosting;

/// <summary>
/// The Redis key of a grain's state, <c>{ServiceId}/state/{grain type}/{grain key}/{state name}</c>: the format
/// Orleans' Redis provider uses by default, set on every provider explicitly so that the creation of link sessions
/// (<see cref="LinkSessions.RedisLinkSessionCreation"/>), which writes their first state itself, and the provider
/// that reads it can never disagree.
/// </summary>
public sealed class RedisStateKey(string serviceId)
{
    private readonly byte[] prefix = Encoding.UTF8.GetBytes($"{serviceId}/state/");

    public RedisKey Of(string stateName, GrainId grainId)
    {
        var type = grainId.Type.AsSpan();
        var key = grainId.Key.AsSpan();
        var name = Encoding.UTF8.GetByteCount(stateName);
        var bytes = new byte[prefix.Length + type.Length + 1 + key.Length + 1 + name];
        var at = 0;
        prefix.CopyTo(bytes, at);
        at += prefix.Length;
        type.CopyTo(bytes.AsSpan(at));
        at += type.Length;
        bytes[at++] = (byte)'/';
        key.CopyTo(bytes.AsSpan(at));
        at += key.Length;
        bytes[at++] = (byte)'/';
        Encoding.UTF8.GetBytes(stateName, bytes.AsSpan(at));
        return bytes;
    }
}
