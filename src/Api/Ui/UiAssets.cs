using Microsoft.Extensions.FileProviders;

namespace Nox.Api.Ui;

/// <summary>
/// The page's CSS, script and icon, from src/Api/wwwroot/ui. They are compiled into the assembly, so
/// they are served the same from a build folder, a container or a test host, whatever the content root.
/// </summary>
public static class UiAssets
{
    public static StaticFileOptions StaticFileOptions { get; } = new()
    {
        FileProvider = new EmbeddedFileProvider(typeof(UiAssets).Assembly, "Nox.Api.wwwroot.ui"),
        RequestPath = AuthenticatorPageEndpoint.Path,
    };
}
