using System.Net.Sockets;
using Nox.Hosting;
using Orleans.Persistence.Redis;
using Orleans.Serialization;
using StackExchange.Redis;

namespace Nox.Grains.Tests.Storage;

/// <summary>
/// Which storage failures are "unavailable, retry" (503) and which are not (500), for the exceptions
/// providers throw directly and for the Redis provider, which flattens its cause into its message.
/// </summary>
public sealed class StorageFailureCauseTests
{
    private const string StorageKey = "nox-svc/state/linksession/0123456789abcdefghijklmnopqrstuvwxyzABCDEFG/session";

    /// <summary>As Orleans' Redis provider words a failure (no inner exception).</summary>
    private static RedisStorageException Flattened(Exception cause) =>
        new($"Failed to read grain state for session with ID linksession/0123456789abcdefghijklmnopqrstuvwxyzABCDEFG and storage key {StorageKey}. {cause.GetType()}: {cause.Message}");

    public static TheoryData<Exception> Unavailable() =>
    [
        new RedisConnectionException(ConnectionFailureType.UnableToConnect, CommandFlags.None, "It was not possible to connect to the redis server(s).", null, CommandStatus.Unknown),
        new RedisTimeoutException(CommandFlags.None, "Timeout awaiting response (outbound=0KiB, inbound=0KiB, 5000ms elapsed)", CommandStatus.Sent),
        new TimeoutException("The operation has timed out."),
        new SocketException((int)SocketError.ConnectionRefused),
        new IOException("Unable to read data from the transport connection.", new SocketException((int)SocketError.ConnectionReset)),
        new RedisServerException(RedisErrorKind.Loading, CommandFlags.None, "LOADING Redis is loading the dataset in memory"),
        new RedisServerException(RedisErrorKind.ReadOnly, CommandFlags.None, "READONLY You can't write against a read only replica."),
    ];

    public static TheoryData<Exception> NotUnavailable() =>
    [
        new SerializerException("Unexpected end of buffer."),
        new CodecNotFoundException("Could not find a codec for type Nox.LinkSessions.LinkSessionState."),
        new InvalidCastException("Unable to cast object of type 'A' to type 'B'."),
        new NullReferenceException(),
        new RedisServerException(RedisErrorKind.UnknownError, CommandFlags.None, "ERR Error running script (call to f_0123): @user_script:1: WRONGTYPE Operation against a key holding the wrong kind of value"),
        new RedisServerException(RedisErrorKind.Unknown, CommandFlags.None, "LOADINGX is not a Redis error code"),
    ];

    [Theory]
    [MemberData(nameof(Unavailable))]
    public void Connection_failures_timeouts_and_a_redis_that_cannot_serve_are_unavailable(Exception exception)
    {
        Assert.True(StorageFailureCause.Of(exception).IsUnavailable);
        Assert.True(StorageFailureCause.Of(new InvalidOperationException("wrapped", exception)).IsUnavailable);
    }

    [Theory]
    [MemberData(nameof(Unavailable))]
    public void The_same_causes_flattened_by_the_redis_provider_are_unavailable(Exception exception)
    {
        if (exception.InnerException is not null)
        {
            // The provider prints only the outermost cause.
            return;
        }

        var cause = StorageFailureCause.Of(Flattened(exception));

        Assert.True(cause.IsUnavailable, cause.ToString());
        Assert.Equal(exception.GetType().FullName, cause.TypeName);
    }

    [Theory]
    [MemberData(nameof(NotUnavailable))]
    public void Undeserializable_state_and_bugs_are_not_unavailable(Exception exception)
    {
        Assert.False(StorageFailureCause.Of(exception).IsUnavailable);
        Assert.False(StorageFailureCause.Of(Flattened(exception)).IsUnavailable);
    }

    [Fact]
    public void The_cause_of_a_flattened_failure_is_its_type_and_message_without_the_storage_key()
    {
        var cause = StorageFailureCause.Of(Flattened(new SerializerException("Unexpected end of buffer.")));

        Assert.Equal(typeof(SerializerException).FullName, cause.TypeName);
        Assert.Equal(nameof(SerializerException), cause.ShortTypeName);
        Assert.Equal("Unexpected end of buffer.", cause.Message);
        Assert.DoesNotContain("linksession/", cause.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void A_long_cause_message_is_cut()
    {
        var cause = StorageFailureCause.Of(new SerializerException(new string('x', 5000)));

        Assert.True(cause.Message.Length <= 301);
    }

    [Fact]
    public void A_provider_message_without_a_recognisable_cause_reveals_nothing_and_is_not_unavailable()
    {
        var cause = StorageFailureCause.Of(new RedisStorageException($"Failed to read grain state for storage key {StorageKey}."));

        Assert.False(cause.IsUnavailable);
        Assert.DoesNotContain(StorageKey, cause.ToString(), StringComparison.Ordinal);
    }
}
