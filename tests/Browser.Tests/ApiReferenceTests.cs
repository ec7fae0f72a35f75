using System.Collections.Concurrent;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Nox.Browser.Tests;

/// <summary><c>/docs</c> in a real browser: the reference renders the API's own document, from the API alone.</summary>
public abstract class ApiReferenceTests(BrowserFixture fixture)
{
    [Collection(SplitBrowserCollection.Name)]
    public sealed class Split(SplitBrowserFixture fixture) : ApiReferenceTests(fixture);

    [Collection(CoHostedBrowserCollection.Name)]
    public sealed class CoHosted(CoHostedBrowserFixture fixture) : ApiReferenceTests(fixture);

    [Fact]
    public async Task The_reference_shows_every_operation_and_the_key_scheme_and_loads_nothing_from_elsewhere()
    {
        var page = await fixture.NewPageAsync(width: 1280);
        var requested = new ConcurrentQueue<string>();
        page.Request += (_, request) => requested.Enqueue(request.Url);

        var response = await page.GotoAsync(new Uri(fixture.ApiBase, "/docs/").ToString());

        Assert.Equal(200, response!.Status);

        // The reference fetches and renders the whole document before any operation shows: on 2 cores busy with the
        // other suites that took past Playwright's 5 s default once (an empty sidebar), so the first wait gets 20 s.
        await Expect(page.GetByText("Create supplier link session", new() { Exact = true }).First).ToBeAttachedAsync(new() { Timeout = 20_000 });
        foreach (var summary in new[] { "Create supplier link session", "Retrieve a link session", "End a pending link session now", "Complete a link session (called by the Authenticator page)" })
        {
            await Expect(page.GetByText(summary, new() { Exact = true }).First).ToBeAttachedAsync();
        }

        await Expect(page.GetByText("x-api-key").First).ToBeAttachedAsync();
        Assert.Contains(requested, url => url.EndsWith("/openapi/v1.json", StringComparison.Ordinal));
        var origin = fixture.ApiBase.GetLeftPart(UriPartial.Authority);
        Assert.All(requested.Where(url => url.StartsWith("http", StringComparison.Ordinal)), url => Assert.StartsWith(origin, url, StringComparison.Ordinal));
    }
}
