using System.Net.Sockets;
using System.Text.RegularExpressions;
using Orleans.Persistence.Redis;
using StackExchange.Redis;

namespace Nox.Hosting;

/// <summary>
/// What a grain storage failure was, told apart as "unavailable, retry" (connection failures and timeouts
/// of Redis or of the cluster, socket errors, a Redis that is loading or failing over) or anything else
/// (state that does not deserialize, a bug), with the cause's type and a message that names no storage key.
/// </summary>
public readonly partial record struct StorageFailureCause(string TypeName, string Message, bool IsUnavailable)
{
    /// <summary>Enough of a cause's message to diagnose it; the rest may be data.</summary>
    private const int MaxMessageLength = 300;

    /// <summary>Redis errors that say the server cannot serve right now (restarting, failing over, busy), as a flattened message starts.</summary>
    private static readonly string[] TransientServerErrors = ["LOADING", "READONLY", "MASTERDOWN", "CLUSTERDOWN", "TRYAGAIN", "BUSY"];

    public string ShortTypeName => TypeName[(TypeName.LastIndexOf('.') + 1)..];

    public static StorageFailureCause Of(Exception exception)
    {
        // The Redis provider throws RedisStorageException with no inner exception: its message is
        // "Failed to … storage key {key}. {cause type}: {cause message}". Only the cause part is kept.
        if (exception is RedisStorageException { InnerException: null } flattened)
        {
            return FlattenedCause().Match(flattened.Message) is { Success: true } match
                ? From(match.Groups["type"].Value, match.Groups["message"].Value)
                : new(typeof(RedisStorageException).FullName!, "(cause not reported by the provider)", IsUnavailable: false);
        }

        var root = exception;
        for (var current = exception; current is not null; current = current.InnerException)
        {
            if (IsUnavailableException(current))
            {
                return new(current.GetType().FullName!, Truncate(current.Message), IsUnavailable: true);
            }

            root = current;
        }

        return root is RedisStorageException
            ? From(root.GetType().FullName!, "(cause not reported by the provider)")
            : new(root.GetType().FullName!, Truncate(root.Message), IsUnavailable: false);
    }

    private static StorageFailureCause From(string typeName, string message) =>
        new(typeName, Truncate(message), IsUnavailableType(typeName, message));

    private static bool IsUnavailableException(Exception exception) => exception switch
    {
        // RedisTimeoutException is a TimeoutException.
        TimeoutException or RedisConnectionException or SocketException => true,
        RedisServerException server => server.Kind is RedisErrorKind.Loading or RedisErrorKind.ReadOnly or RedisErrorKind.MasterDown
            or RedisErrorKind.ClusterDown or RedisErrorKind.TryAgain or RedisErrorKind.Busy,
        // The in-memory provider keeps state in grains: a silo that left or a rejected call.
        SiloUnavailableException or OrleansMessageRejectionException => true,
        _ => false,
    };

    private static bool IsUnavailableType(string typeName, string message) =>
        typeName == typeof(TimeoutException).FullName
        || typeName == typeof(RedisTimeoutException).FullName
        || typeName == typeof(RedisConnectionException).FullName
        || typeName == typeof(SocketException).FullName
        || (typeName == typeof(RedisServerException).FullName && IsTransientServerError(message));

    private static bool IsTransientServerError(string message) =>
        TransientServerErrors.Any(code => message.StartsWith(code, StringComparison.Ordinal)
            && (message.Length == code.Length || message[code.Length] == ' '));

    private static string Truncate(string message) =>
        message.Length <= MaxMessageLength ? message : string.Concat(message.AsSpan(0, MaxMessageLength), "…");

    [GeneratedRegex(@"(?<type>(?:[A-Za-z_][A-Za-z0-9_]*\.)+[A-Za-z_][A-Za-z0-9_]*Exception): (?<message>.*)$", RegexOptions.Singleline | RegexOptions.CultureInvariant)]
    private static partial Regex FlattenedCause();
}
