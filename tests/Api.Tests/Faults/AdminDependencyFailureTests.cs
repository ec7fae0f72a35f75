using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Nox.Suppliers;
using Nox.Testing;
using StackExchange.Redis;

namespace Nox.Api.Tests.Faults;

/// <summary>
/// The admin API when storage fails: a 503 with Retry-After, never a hang; a change whose write failed is not
/// made (no key is issued that was never shown), and the next try works.
/// </summary>
public abstract class AdminDependencyFailureTests(FaultsFixture fixture)
{
    [Collection(SplitFaultsCollection.Name)]
    public sealed class Split(SplitFaultsFixture fixture) : AdminDependencyFailureTests(fixture);

    [Collection(CoHostedFaultsCollection.Name)]
    public sealed class CoHosted(CoHostedFaultsFixture fixture) : AdminDependencyFailureTests(fixture);

    private const string Suppliers = "/v2/admin/suppliers";

    private HttpClient AdminClient()
    {
        var client = fixture.Host.CreateClient();
        client.DefaultRequestHeaders.Add("x-admin-key", TestSuppliers.AdminKey);
        return client;
    }

    private GrainId SupplierGrainId(string name) => fixture.Host.Grains.GetGrain<ISupplierGrain>(name).GetGrainId();

    private static RedisConnectionException Down() => new(ConnectionFailureType.SocketFailure, CommandFlags.None, "down", null, CommandStatus.Unknown);

    private static async Task AssertUnavailableAsync(HttpResponseMessage response)
    {
        await HttpAssert.ErrorAsync(response, HttpStatusCode.ServiceUnavailable);
        Assert.NotNull(response.Headers.RetryAfter);
    }

    [Fact]
    public async Task Issuing_a_key_whose_write_fails_is_503_with_retry_after_issues_nothing_and_the_next_try_works()
    {
        using var admin = AdminClient();
        var name = $"faults-{Guid.NewGuid():N}"[..20];
        Assert.Equal(HttpStatusCode.Created, (await admin.PostAsJsonAsync(Suppliers, new { name, allowed_redirect_urls = Array.Empty<string>() })).StatusCode);
        fixture.Faults.Storage.FailNextWrite(SupplierGrainId(name), Down());

        var failed = await admin.PostAsync($"{Suppliers}/{name}/api-keys", content: null);

        await AssertUnavailableAsync(failed);
        Assert.DoesNotContain("nox_sk_", await failed.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        var keys = await admin.GetFromJsonAsync<JsonElement>($"{Suppliers}/{name}/api-keys");
        Assert.Empty(keys.GetProperty("data").EnumerateArray());
        Assert.Equal(HttpStatusCode.Created, (await admin.PostAsync($"{Suppliers}/{name}/api-keys", content: null)).StatusCode);
    }

    [Fact]
    public async Task Reading_a_supplier_whose_storage_does_not_answer_is_503_with_retry_after()
    {
        using var admin = AdminClient();
        var name = $"faults-{Guid.NewGuid():N}"[..20];
        var grain = SupplierGrainId(name);
        fixture.Faults.Storage.FailEveryRead(grain, Down());
        try
        {
            await AssertUnavailableAsync(await admin.GetAsync($"{Suppliers}/{name}"));
            await AssertUnavailableAsync(await admin.GetAsync($"{Suppliers}/{name}/api-keys"));
        }
        finally
        {
            fixture.Faults.Storage.Heal(grain);
        }

        await HttpAssert.ErrorAsync(await admin.GetAsync($"{Suppliers}/{name}"), HttpStatusCode.NotFound);
    }
}
