using System.Net;

namespace Nox.Api.Tests;

public abstract class ErrorPageTests(ApiFixture fixture)
{
    [Collection(SplitApiCollection.Name)]
    public sealed class Split(SplitApiFixture fixture) : ErrorPageTests(fixture);

    [Collection(CoHostedApiCollection.Name)]
    public sealed class CoHosted(CoHostedApiFixture fixture) : ErrorPageTests(fixture);

    [Fact]
    public async Task An_unknown_route_is_a_json_404()
    {
        using var client = fixture.CreateClient();

        await HttpAssert.ErrorAsync(await client.GetAsync("/v2/nothing-here"), HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task A_wrong_method_is_a_json_405()
    {
        using var client = fixture.CreateClient();

        await HttpAssert.ErrorAsync(await client.DeleteAsync("/v2/supplier/link-sessions"), HttpStatusCode.MethodNotAllowed);
    }
}
