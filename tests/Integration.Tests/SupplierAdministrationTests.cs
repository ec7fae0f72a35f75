using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Nox.Integration.Tests.Infrastructure;

namespace Nox.Integration.Tests;

/// <summary>
/// The admin API across real processes on Redis: a change made through one API instance reaches every other
/// within 5 s (idle or not), and survives a silo killed and restarted with the configuration of before.
/// </summary>
[Collection(RedisCollection.Name)]
public sealed class SupplierAdministrationTests(RedisFixture fixture)
{
    private const string AdminKey = "integration-admin-key-0123456789abcdef";
    private const string BetaKey = "integration-beta-key-0123456789abcdef";
    private const string Suppliers = "/v2/admin/suppliers";

    /// <summary>The contract's bound: a revoked, expired or deleted key answers 401 everywhere within it.</summary>
    private static readonly TimeSpan Propagation = TimeSpan.FromSeconds(5);

    private static readonly TimeSpan Startup = TimeSpan.FromSeconds(60);

    private static Dictionary<string, string?> WithAdminKey() => new() { ["Nox__AdminApiKeys__0"] = AdminKey };

    [Fact]
    public async Task A_key_revoked_through_one_api_instance_answers_401_on_both_within_5_seconds()
    {
        await using var nox = new NoxProcesses(fixture.Redis);
        await nox.StartSiloAsync();
        var first = await nox.StartApiAsync(WithAdminKey(), waitUntilReady: true);
        var second = await nox.StartApiAsync(WithAdminKey(), waitUntilReady: true);
        using var admin = AdminClient(first);
        var name = await CreateSupplierAsync(admin);
        var (id, key) = await IssueKeyAsync(admin, name);
        using var onFirst = first.CreateClient(key);
        using var onSecond = second.CreateClient(key);
        Assert.Equal(HttpStatusCode.Created, (await first.CreateSessionAsync(onFirst)).StatusCode);
        Assert.Equal(HttpStatusCode.Created, (await Eventually.UntilAsync(() => second.CreateSessionAsync(onSecond), r => r.StatusCode == HttpStatusCode.Created, Propagation)).StatusCode);

        Assert.Equal(HttpStatusCode.NoContent, (await admin.DeleteAsync($"{Suppliers}/{name}/api-keys/{id}")).StatusCode);
        var revoked = Stopwatch.StartNew();

        // The instance that made the change answers from after it at once; the other within the bound.
        Assert.Equal(HttpStatusCode.Unauthorized, (await first.CreateSessionAsync(onFirst)).StatusCode);
        var remaining = Propagation - revoked.Elapsed;
        var onSecondAfter = await Eventually.UntilAsync(() => second.CreateSessionAsync(onSecond), r => r.StatusCode == HttpStatusCode.Unauthorized, remaining > TimeSpan.Zero ? remaining : TimeSpan.Zero);
        Assert.Equal(HttpStatusCode.Unauthorized, onSecondAfter.StatusCode);
    }

    [Fact]
    public async Task A_supplier_changed_through_one_api_instance_is_changed_on_the_other_within_5_seconds()
    {
        await using var nox = new NoxProcesses(fixture.Redis);
        await nox.StartSiloAsync();
        var first = await nox.StartApiAsync(WithAdminKey(), waitUntilReady: true);
        var second = await nox.StartApiAsync(WithAdminKey(), waitUntilReady: true);
        using var admin = AdminClient(first);
        var name = await CreateSupplierAsync(admin);
        var (_, key) = await IssueKeyAsync(admin, name);
        using var onSecond = second.CreateClient(key);
        const string added = "https://acme.example/added";
        Task<HttpResponseMessage> CreateWithAddedUrlAsync() =>
            onSecond.PostAsJsonAsync("/v2/supplier/link-sessions", new { user_id = "user-1", redirect_url = added });
        // A key issued through the first instance works on the second at once (an unknown key checks the list).
        Assert.Equal(HttpStatusCode.Created, (await second.CreateSessionAsync(onSecond)).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await CreateWithAddedUrlAsync()).StatusCode);

        using var patch = new HttpRequestMessage(HttpMethod.Patch, $"{Suppliers}/{name}")
        {
            Content = JsonContent.Create(new { allowed_redirect_urls = new[] { added } }),
        };
        Assert.Equal(HttpStatusCode.OK, (await admin.SendAsync(patch)).StatusCode);

        Assert.Equal(HttpStatusCode.Created, (await Eventually.UntilAsync(CreateWithAddedUrlAsync, r => r.StatusCode == HttpStatusCode.Created, Propagation)).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await second.CreateSessionAsync(onSecond)).StatusCode);
    }

    [Fact]
    public async Task After_idle_time_the_first_request_with_a_revoked_or_a_deleted_suppliers_key_answers_401()
    {
        await using var nox = new NoxProcesses(fixture.Redis);
        await nox.StartSiloAsync();
        var first = await nox.StartApiAsync(WithAdminKey(), waitUntilReady: true);
        var second = await nox.StartApiAsync(WithAdminKey(), waitUntilReady: true);
        using var admin = AdminClient(first);
        var revokedSupplier = await CreateSupplierAsync(admin);
        var (revokedId, revokedKey) = await IssueKeyAsync(admin, revokedSupplier);
        var deletedSupplier = await CreateSupplierAsync(admin);
        var (_, deletedKey) = await IssueKeyAsync(admin, deletedSupplier);
        using var withRevoked = second.CreateClient(revokedKey);
        using var withDeleted = second.CreateClient(deletedKey);
        // The second instance knows (and has used) both keys before they go.
        Assert.Equal(HttpStatusCode.Created, (await Eventually.UntilAsync(() => second.CreateSessionAsync(withRevoked), r => r.StatusCode == HttpStatusCode.Created, Propagation)).StatusCode);
        Assert.Equal(HttpStatusCode.Created, (await Eventually.UntilAsync(() => second.CreateSessionAsync(withDeleted), r => r.StatusCode == HttpStatusCode.Created, Propagation)).StatusCode);

        Assert.Equal(HttpStatusCode.NoContent, (await admin.DeleteAsync($"{Suppliers}/{revokedSupplier}/api-keys/{revokedId}")).StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await admin.DeleteAsync($"{Suppliers}/{deletedSupplier}")).StatusCode);
        // Idle time is what this test is about: the second instance gets no request at all for longer than
        // the bound, then its first request (one, not retried) must already refuse both keys.
        await Task.Delay(Propagation + TimeSpan.FromSeconds(2));

        Assert.Equal(HttpStatusCode.Unauthorized, (await second.CreateSessionAsync(withRevoked)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await second.CreateSessionAsync(withDeleted)).StatusCode);
    }

    [Fact]
    public async Task A_key_past_its_expiry_answers_401_on_every_api_instance_from_its_expires_at()
    {
        await using var nox = new NoxProcesses(fixture.Redis);
        await nox.StartSiloAsync();
        var first = await nox.StartApiAsync(WithAdminKey(), waitUntilReady: true);
        var second = await nox.StartApiAsync(WithAdminKey(), waitUntilReady: true);
        using var admin = AdminClient(first);
        var name = await CreateSupplierAsync(admin);
        // Long enough to be used on both instances first, even on a busy machine.
        var expiresAt = DateTimeOffset.UtcNow.ToUnixTimeSeconds() + 15;
        var issued = await admin.PostAsJsonAsync($"{Suppliers}/{name}/api-keys", new { expires_at = expiresAt });
        Assert.Equal(HttpStatusCode.Created, issued.StatusCode);
        var key = (await issued.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("key").GetString()!;
        using var onFirst = first.CreateClient(key);
        using var onSecond = second.CreateClient(key);
        Assert.Equal(HttpStatusCode.Created, (await first.CreateSessionAsync(onFirst)).StatusCode);
        Assert.Equal(HttpStatusCode.Created, (await second.CreateSessionAsync(onSecond)).StatusCode);
        Assert.True(DateTimeOffset.UtcNow.ToUnixTimeSeconds() < expiresAt, "the key was used only after its expiry: the machine is too slow for this test");

        // Time passing is what this test is about: nothing changes in the cluster, the key just reaches its expiry.
        await Task.Delay(DateTimeOffset.FromUnixTimeSeconds(expiresAt) - DateTimeOffset.UtcNow + TimeSpan.FromMilliseconds(100));

        Assert.Equal(HttpStatusCode.Unauthorized, (await first.CreateSessionAsync(onFirst)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await second.CreateSessionAsync(onSecond)).StatusCode);
    }

    [Fact]
    public async Task A_silo_killed_and_restarted_with_old_configuration_keeps_the_revocation_the_deletion_and_the_edits()
    {
        await using var nox = new NoxProcesses(fixture.Redis);
        var configuration = WithAdminKey();
        configuration["Nox__Suppliers__1__Name"] = "beta";
        configuration["Nox__Suppliers__1__ApiKeys__0"] = BetaKey;
        configuration["Nox__Suppliers__1__AllowedRedirectUrls__0"] = NoxProcesses.RedirectUrl;
        var silo = await nox.StartSiloAsync(configuration, coHostApi: true);
        using (var admin = AdminClient(silo))
        using (var acme = silo.CreateClient())
        using (var beta = silo.CreateClient(BetaKey))
        {
            Assert.Equal(HttpStatusCode.Created, (await Eventually.UntilAsync(() => silo.CreateSessionAsync(acme), r => r.StatusCode == HttpStatusCode.Created, Startup)).StatusCode);
            Assert.Equal(HttpStatusCode.Created, (await silo.CreateSessionAsync(beta)).StatusCode);
            var configured = Assert.Single((await GetJsonAsync(admin, $"{Suppliers}/acme/api-keys")).GetProperty("data").EnumerateArray());
            using var patch = new HttpRequestMessage(HttpMethod.Patch, $"{Suppliers}/acme")
            {
                Content = JsonContent.Create(new { display_name = "Acme Energy", allowed_redirect_urls = new[] { "https://acme.example/after" } }),
            };
            Assert.Equal(HttpStatusCode.OK, (await admin.SendAsync(patch)).StatusCode);
            Assert.Equal(HttpStatusCode.NoContent, (await admin.DeleteAsync($"{Suppliers}/acme/api-keys/{configured.GetProperty("id").GetString()}")).StatusCode);
            Assert.Equal(HttpStatusCode.NoContent, (await admin.DeleteAsync($"{Suppliers}/beta")).StatusCode);
            Assert.Equal(HttpStatusCode.Unauthorized, (await silo.CreateSessionAsync(acme)).StatusCode);
            Assert.Equal(HttpStatusCode.Unauthorized, (await silo.CreateSessionAsync(beta)).StatusCode);
        }

        // kill -9: nothing is flushed on the way out; what was answered must already be stored.
        silo.Child.Kill();
        var restarted = await nox.StartSiloAsync(configuration, coHostApi: true);
        using var adminAfter = AdminClient(restarted);
        using var acmeAfter = restarted.CreateClient();
        using var betaAfter = restarted.CreateClient(BetaKey);

        var supplier = await Eventually.UntilAsync(() => adminAfter.GetAsync($"{Suppliers}/acme"), r => r.StatusCode == HttpStatusCode.OK, Startup);
        var acmeJson = await supplier.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("Acme Energy", acmeJson.GetProperty("display_name").GetString());
        Assert.Equal(["https://acme.example/after"], acmeJson.GetProperty("allowed_redirect_urls").EnumerateArray().Select(u => u.GetString()));
        Assert.Equal("configuration", acmeJson.GetProperty("source").GetString());
        var keys = (await GetJsonAsync(adminAfter, $"{Suppliers}/acme/api-keys")).GetProperty("data").EnumerateArray().ToList();
        Assert.Equal(JsonValueKind.Number, Assert.Single(keys).GetProperty("revoked_at").ValueKind);
        Assert.Equal(HttpStatusCode.NotFound, (await adminAfter.GetAsync($"{Suppliers}/beta")).StatusCode);

        // The configured keys stay dead: 401, never 201 (nor a 503 left standing by the restart).
        var acmeRequest = await Eventually.UntilAsync(() => restarted.CreateSessionAsync(acmeAfter), r => r.StatusCode != HttpStatusCode.ServiceUnavailable, Startup);
        Assert.Equal(HttpStatusCode.Unauthorized, acmeRequest.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await restarted.CreateSessionAsync(betaAfter)).StatusCode);
    }

    private static HttpClient AdminClient(NoxProcess process)
    {
        var client = process.CreateClient(apiKey: null);
        client.DefaultRequestHeaders.Add("x-admin-key", AdminKey);
        return client;
    }

    private static async Task<string> CreateSupplierAsync(HttpClient admin)
    {
        var name = $"it-{Guid.NewGuid():N}"[..20];
        // A first call may meet a cluster still warming up (503); a retry after a lost answer finds the name taken.
        var created = await Eventually.UntilAsync(
            () => admin.PostAsJsonAsync(Suppliers, new { name, allowed_redirect_urls = new[] { NoxProcesses.RedirectUrl } }),
            r => r.StatusCode is HttpStatusCode.Created or HttpStatusCode.Conflict,
            Startup);
        Assert.True(created.StatusCode is HttpStatusCode.Created or HttpStatusCode.Conflict, $"creating a supplier answered {created.StatusCode}");
        return name;
    }

    private static async Task<(string Id, string Key)> IssueKeyAsync(HttpClient admin, string name)
    {
        var response = await admin.PostAsync($"{Suppliers}/{name}/api-keys", content: null);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var issued = await response.Content.ReadFromJsonAsync<JsonElement>();
        return (issued.GetProperty("id").GetString()!, issued.GetProperty("key").GetString()!);
    }

    private static async Task<JsonElement> GetJsonAsync(HttpClient client, string path)
    {
        var response = await client.GetAsync(path);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }
}
