using Nox.Grains.Tests.LinkSessions;
using Orleans.Serialization;
using StackExchange.Redis;

namespace Nox.Grains.Tests.Storage;

/// <summary>What a caller outside the silo sees when a grain's storage fails: a type it knows, telling retry from bug.</summary>
[Collection(ClusterCollection.Name)]
public sealed class StorageFailureTranslationTests(ClusterFixture fixture)
{
    private readonly LinkSessionScenario scenario = new(fixture);

    [Fact]
    public async Task State_that_does_not_deserialize_reaches_the_caller_as_a_storage_failure_not_as_unavailable()
    {
        var (_, grain, _) = await scenario.CreateAsync();
        fixture.Faults.Storage.FailEveryRead(grain.GetGrainId(), new SerializerException("Unexpected end of buffer."));
        try
        {
            var chain = Chain(await Assert.ThrowsAnyAsync<Exception>(() => grain.GetAsync()));

            var failed = Assert.Single(chain.OfType<StorageFailedException>());
            Assert.Contains(nameof(SerializerException), failed.Message, StringComparison.Ordinal);
            Assert.DoesNotContain(chain, e => e is StorageUnavailableException or SerializerException);
        }
        finally
        {
            fixture.Faults.Storage.Heal(grain.GetGrainId());
        }
    }

    [Fact]
    public async Task A_redis_connection_failure_reaches_the_caller_as_storage_unavailable()
    {
        var (_, grain, _) = await scenario.CreateAsync();
        fixture.Faults.Storage.FailEveryRead(grain.GetGrainId(), new RedisConnectionException(ConnectionFailureType.SocketFailure, CommandFlags.None, "SocketFailure on localhost:6379", null, CommandStatus.Unknown));
        try
        {
            var chain = Chain(await Assert.ThrowsAnyAsync<Exception>(() => grain.GetAsync()));

            Assert.Contains(chain, e => e is StorageUnavailableException);
            Assert.DoesNotContain(chain, e => e is StorageFailedException or RedisConnectionException);
        }
        finally
        {
            fixture.Faults.Storage.Heal(grain.GetGrainId());
        }
    }

    private static List<Exception> Chain(Exception exception)
    {
        var chain = new List<Exception>();
        for (var current = exception; current is not null; current = current.InnerException)
        {
            chain.Add(current);
        }

        return chain;
    }
}
