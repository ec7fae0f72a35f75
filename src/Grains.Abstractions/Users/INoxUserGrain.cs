using Nox.LinkSessions;

namespace Nox.Users;

/// <summary>
/// One NOX user: one supplier's end-user, keyed by <see cref="NoxUserKey.For"/>. Owns the user's stable
/// <c>nox_user_id</c> and the devices linked per brand.
/// </summary>
[Alias("nox.INoxUserGrain")]
public interface INoxUserGrain : IGrainWithStringKey
{
    /// <summary>
    /// Records the devices of one brand's account, replacing what that brand had; creates the user
    /// (and its <c>nox_user_id</c>) on the first link.
    /// </summary>
    [Alias("LinkDevices")]
    Task<NoxUser> LinkDevicesAsync(DeviceLink link);

    /// <summary>The user, or null when nothing was ever linked.</summary>
    [Alias("Get")]
    Task<NoxUser?> GetAsync();

    /// <summary>
    /// Erases the user: its <c>nox_user_id</c>, every brand's devices and stored credentials. A later link creates
    /// a new user with a new <c>nox_user_id</c>. Nothing to erase is no error.
    /// </summary>
    [Alias("Delete")]
    Task DeleteAsync();

    /// <summary>Erases one brand's devices and stored credentials; the user and its other brands stay.</summary>
    [Alias("UnlinkBrand")]
    Task UnlinkBrandAsync(Brand brand);
}
