using System.Buffers.Text;
using System.Security.Cryptography;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.Logging;
using StackExchange.Redis;

namespace Nox.Hosting.DataProtection;

/// <summary>
/// The service's data keys in Redis: the hash <c>{ServiceId}/data-protection/data-keys</c>, one field per key (its
/// id, holding the 32-byte key wrapped by Data Protection under purpose <see cref="WrapPurpose"/>, in base64url) and
/// the field <see cref="CurrentField"/> naming the key that seals. A key is never stored unwrapped. The first process
/// to find the hash empty creates the first key in one transaction that only succeeds while no current key is set;
/// every process, the first included, then reads the hash back and uses the winner's key. Data Protection's ring must
/// already be loaded (<see cref="KeyRingStartup"/> loads it first), so that every process wraps and unwraps with the
/// same ring key.
/// </summary>
public sealed partial class RedisDataKeyStore(RedisConnection redis, IDataProtectionProvider dataProtection, string serviceId, ILogger<RedisDataKeyStore> logger)
{
    public const string WrapPurpose = "Nox.DataKeys.v1";

    public const string CurrentField = "current";

    private readonly IDataProtector wrapper = dataProtection.CreateProtector(WrapPurpose);

    public static string RedisKey(string serviceId) => $"{serviceId}/data-protection/data-keys";

    public async Task<DataKeys> LoadAsync(CancellationToken cancellationToken)
    {
        var database = (await redis.GetAsync()).GetDatabase();
        var key = RedisKey(serviceId);
        var entries = await database.HashGetAllAsync(key);
        if (!entries.Any(e => e.Name == CurrentField))
        {
            var created = DataKey.Create();
            var transaction = database.CreateTransaction();
            transaction.AddCondition(Condition.HashNotExists(key, CurrentField));
            _ = transaction.HashSetAsync(key, [new HashEntry(CurrentField, created.Id), new HashEntry(created.Id, Wrap(created))]);
            if (await transaction.ExecuteAsync())
            {
                LogCreated(logger, created.Id);
            }

            entries = await database.HashGetAllAsync(key);
        }

        cancellationToken.ThrowIfCancellationRequested();
        string? currentId = entries.FirstOrDefault(e => e.Name == CurrentField).Value;
        var keys = entries.Where(e => e.Name != CurrentField).Select(e => Unwrap(e.Name!, e.Value!)).ToArray();
        var current = keys.FirstOrDefault(k => k.Id == currentId)
            ?? throw new InvalidOperationException($"Redis key {key} names current data key {currentId}, which it does not hold.");
        return new DataKeys(current, keys);
    }

    private string Wrap(DataKey key)
    {
        var bytes = key.Bytes.ToArray();
        try
        {
            return Base64Url.EncodeToString(wrapper.Protect(bytes));
        }
        finally
        {
            CryptographicOperations.ZeroMemory(bytes);
        }
    }

    private DataKey Unwrap(string id, string wrapped)
    {
        byte[] bytes;
        try
        {
            bytes = wrapper.Unprotect(Base64Url.DecodeFromChars(wrapped));
        }
        catch (CryptographicException exception)
        {
            throw new InvalidOperationException(
                $"Data key {id} in Redis key {RedisKey(serviceId)} cannot be unwrapped: it was wrapped with a Data Protection key this service's ring does not hold (the ring at {DataProtectionExtensions.RedisKey(serviceId)} was lost or replaced). Values sealed with it cannot be opened.",
                exception);
        }

        try
        {
            return new DataKey(id, bytes);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(bytes);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Created the service's first data key, {KeyId}.")]
    private static partial void LogCreated(ILogger logger, string keyId);
}
