using Nox.LinkSessions;
using Orleans.Runtime;

namespace Nox.Users;

/// <summary>
/// Owns one NOX user. The <c>nox_user_id</c> is minted on the first link and then never changes, so
/// the same supplier and <c>supplier_user_id</c> always get the same one; linking a brand again replaces
/// that brand's devices and credentials and leaves the other brands alone. Deleting the user erases all of
/// it; the next link mints a new <c>nox_user_id</c>. Users link rarely, so activations are short.
/// </summary>
[CollectionAgeLimit(Minutes = 5)]
public sealed class NoxUserGrain(
    [PersistentState(NoxUserGrain.StateName, GrainStorageNames.Users)] IPersistentState<NoxUserState> user,
    UserWebhooks webhooks) : Grain, INoxUserGrain
{
    public const string StateName = "user";

    public Task<NoxUser?> GetAsync() => Task.FromResult(user.State.NoxUserId is null ? null : user.State.ToNoxUser());

    public async Task<NoxUser> LinkDevicesAsync(DeviceLink link)
    {
        if (!string.Equals(NoxUserKey.For(link.Supplier, link.SupplierUserId), this.GetPrimaryKeyString(), StringComparison.Ordinal))
        {
            throw new ArgumentException("A NOX user's key is derived from its supplier and supplier user id.", nameof(link));
        }

        var state = user.State;
        var created = state.NoxUserId is null;
        var index = state.Brands.FindIndex(b => b.Brand == link.Brand);
        var previous = index < 0 ? null : state.Brands[index];
        var previousCredentials = state.Credentials.GetValueOrDefault(link.Brand);

        if (created)
        {
            // Time-ordered, so a supplier that stores the ids gets them in creation order.
            state.NoxUserId = Guid.CreateVersion7().ToString();
            state.Supplier = link.Supplier;
            state.SupplierUserId = link.SupplierUserId;
        }

        var linked = new LinkedBrand(link.Brand, link.DeviceIds, link.ConnectedAt);
        if (index < 0)
        {
            state.Brands.Add(linked);
            state.Brands.Sort((a, b) => a.Brand.CompareTo(b.Brand));
        }
        else
        {
            state.Brands[index] = linked;
        }

        SetCredentials(link.Brand, link.ProtectedCredentials);

        await WriteOrRevertAsync(() =>
        {
            state.Brands.RemoveAll(b => b.Brand == link.Brand);
            if (previous is not null)
            {
                state.Brands.Add(previous);
                state.Brands.Sort((a, b) => a.Brand.CompareTo(b.Brand));
            }

            SetCredentials(link.Brand, previousCredentials);
            if (created)
            {
                state.NoxUserId = null;
            }
        });

        return state.ToNoxUser();
    }

    /// <summary>
    /// The one place a NOX user is erased: its id, every brand's devices and credentials go in one storage
    /// operation. Its <c>user.deleted</c> event (webhooks) is recorded first, once per user
    /// (by id), when a user existed.
    /// </summary>
    public async Task DeleteAsync()
    {
        if (!user.RecordExists && user.State.NoxUserId is null)
        {
            return;
        }

        if (user.State.NoxUserId is not null)
        {
            await webhooks.RecordDeletionAsync(this.GetPrimaryKeyString(), user.State);
        }

        try
        {
            await user.ClearStateAsync();
        }
        catch
        {
            // Storage may or may not have erased it: re-read on the next call rather than guess.
            DeactivateOnIdle();
            throw;
        }
    }

    public async Task UnlinkBrandAsync(Brand brand)
    {
        var state = user.State;
        var index = state.Brands.FindIndex(b => b.Brand == brand);
        var credentials = state.Credentials.GetValueOrDefault(brand);
        if (index < 0 && credentials is null)
        {
            return;
        }

        var previous = index < 0 ? null : state.Brands[index];
        state.Brands.RemoveAll(b => b.Brand == brand);
        state.Credentials.Remove(brand);
        await WriteOrRevertAsync(() =>
        {
            if (previous is not null)
            {
                state.Brands.Add(previous);
                state.Brands.Sort((a, b) => a.Brand.CompareTo(b.Brand));
            }

            SetCredentials(brand, credentials);
        });
    }

    private void SetCredentials(Brand brand, string? protectedCredentials)
    {
        if (protectedCredentials is null)
        {
            user.State.Credentials.Remove(brand);
        }
        else
        {
            user.State.Credentials[brand] = protectedCredentials;
        }
    }

    /// <summary>
    /// Whatever the failure (storage unavailable or failed, an ETag conflict), storage may not hold this change:
    /// undo it in memory, and re-read storage on the next call.
    /// </summary>
    private async Task WriteOrRevertAsync(Action revert)
    {
        try
        {
            await user.WriteStateAsync();
        }
        catch
        {
            revert();
            DeactivateOnIdle();
            throw;
        }
    }
}
