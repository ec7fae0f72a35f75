using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Nox.Browser.Tests;

/// <summary>
/// Makes the README's picture of the connect page. It is written to the test output on every run and
/// to docs/authenticator-ui.png when that file is missing or NOX_UPDATE_SCREENSHOT=1 (the countdown
/// differs from run to run, so an ordinary test run leaves the committed picture alone).
/// </summary>
[Collection(SplitBrowserCollection.Name)]
public sealed class ScreenshotTests(SplitBrowserFixture fixture)
{
    public const string DocsPath = "docs/authenticator-ui.png";

    [Fact]
    public async Task The_connect_page_is_photographed_for_the_readme()
    {
        var created = await fixture.CreateSessionAsync($"screenshot-{Guid.NewGuid():N}", "en", brand: "vaillant");
        var page = await fixture.NewPageAsync(width: 960, height: 900);
        await page.GotoAsync(created.GetProperty("link_url").GetString()!);
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Connect" })).ToBeEnabledAsync();

        var output = Path.Combine(AppContext.BaseDirectory, "screenshots", "authenticator-ui.png");
        var picture = await page.ScreenshotAsync(new PageScreenshotOptions { Path = output, FullPage = true });

        Assert.True(picture.Length > 10_000, "the screenshot is suspiciously small");
        var docs = Path.Combine(RepositoryRoot(), DocsPath);
        if (!File.Exists(docs) || Environment.GetEnvironmentVariable("NOX_UPDATE_SCREENSHOT") == "1")
        {
            Directory.CreateDirectory(Path.GetDirectoryName(docs)!);
            await File.WriteAllBytesAsync(docs, picture);
        }

        await page.Context.CloseAsync();
    }

    private static string RepositoryRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "Nox.Orleans.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException("Nox.Orleans.sln not found above the test output.");
    }
}
