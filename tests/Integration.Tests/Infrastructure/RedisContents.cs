using StackExchange.Redis;

namespace Nox.Integration.Tests.Infrastructure;

/// <summary>What a service keeps in Redis, every key read whatever its type: for the checks that no secret is stored.</summary>
public static class RedisContents
{
    public static async Task<List<RedisKey>> KeysAsync(RedisServer redis, string pattern)
    {
        var server = redis.Connection.GetServers().Single();
        var keys = new List<RedisKey>();
        await foreach (var key in server.KeysAsync(pattern: pattern))
        {
            keys.Add(key);
        }

        return keys;
    }

    /// <summary>Every value a key holds, whatever its type (grain state is a hash; webhook indexes are sets and sorted sets).</summary>
    public static async Task<IReadOnlyList<string>> ValuesAsync(IDatabase database, RedisKey key) => await database.KeyTypeAsync(key) switch
    {
        RedisType.Hash => [.. (await database.HashGetAllAsync(key)).SelectMany(e => new[] { e.Name.ToString(), e.Value.ToString() })],
        RedisType.Set => [.. (await database.SetMembersAsync(key)).Select(v => v.ToString())],
        RedisType.SortedSet => [.. (await database.SortedSetRangeByRankAsync(key)).Select(v => v.ToString())],
        RedisType.List => [.. (await database.ListRangeAsync(key)).Select(v => v.ToString())],
        RedisType.String => [(await database.StringGetAsync(key)).ToString()],
        RedisType.None => [],
        var other => throw new InvalidOperationException($"{key} is a {other}: read it here too."),
    };

    /// <summary>Asserts that no key of the service, and no value under it, contains any of <paramref name="secrets"/>.</summary>
    public static async Task AssertNowhereAsync(RedisServer redis, string serviceId, params string[] secrets)
    {
        var database = redis.Connection.GetDatabase();
        var keys = await KeysAsync(redis, $"{serviceId}/*");
        Assert.NotEmpty(keys);
        foreach (var key in keys)
        {
            var values = await ValuesAsync(database, key);
            foreach (var secret in secrets)
            {
                Assert.DoesNotContain(secret, key.ToString(), StringComparison.Ordinal);
                Assert.All(values, value => Assert.DoesNotContain(secret, value, StringComparison.Ordinal));
            }
        }
    }
}
