using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.Extensions.DependencyInjection;
using Nox.Api.Suppliers;
using Nox.Suppliers;
using static Nox.Api.Tests.Administration.AdminCalls;

namespace Nox.Api.Tests.Administration;

/// <summary>
/// Every answer of the key calls of the admin API: issue, list, rotate, revoke. A change made through an API
/// instance holds on that instance as soon as it is answered (other instances: within the catalog's bound,
/// see SupplierKeyCacheTests and the process tests).
/// </summary>
public abstract partial class AdminApiKeyTests(ApiFixture fixture)
{
    [Collection(SplitApiCollection.Name)]
    public sealed class Split(SplitApiFixture fixture) : AdminApiKeyTests(fixture);

    [Collection(CoHostedApiCollection.Name)]
    public sealed class CoHosted(CoHostedApiFixture fixture) : AdminApiKeyTests(fixture);

    private long Now => fixture.Clock.GetUtcNow().ToUnixTimeSeconds();

    [Fact]
    public async Task Issue_answers_201_with_the_key_once_and_the_key_works_at_once()
    {
        using var admin = fixture.CreateAdminClient();
        using var client = fixture.CreateClient(apiKey: null);
        var name = await CreateSupplierAsync(admin);

        var response = await admin.PostAsJsonAsync($"{SuppliersPath}/{name}/api-keys", new { });

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.Equal("no-store", response.Headers.CacheControl?.ToString());
        var issued = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(["id", "key", "prefix", "created_at", "expires_at"], issued.EnumerateObject().Select(p => p.Name));
        var key = issued.GetProperty("key").GetString()!;
        Assert.Matches(KeyFormat(), key);
        Assert.Equal(key[..12], issued.GetProperty("prefix").GetString());
        Assert.StartsWith("key_", issued.GetProperty("id").GetString(), StringComparison.Ordinal);
        Assert.Equal(Now, issued.GetProperty("created_at").GetInt64());
        Assert.Equal(JsonValueKind.Null, issued.GetProperty("expires_at").ValueKind);
        Assert.Equal(HttpStatusCode.Created, await CreateSessionAsync(client, key));
    }

    [Fact]
    public async Task Issue_needs_no_body_at_all()
    {
        using var admin = fixture.CreateAdminClient();
        var name = await CreateSupplierAsync(admin);

        var response = await admin.PostAsync($"{SuppliersPath}/{name}/api-keys", content: null);

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
    }

    [Fact]
    public async Task Issue_with_an_expiry_answers_it_and_every_issued_key_differs()
    {
        using var admin = fixture.CreateAdminClient();
        var name = await CreateSupplierAsync(admin);
        var expiresAt = Now + 3_600;

        var response = await admin.PostAsJsonAsync($"{SuppliersPath}/{name}/api-keys", new { expires_at = expiresAt });
        var other = await IssueKeyAsync(admin, name);

        var issued = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(expiresAt, issued.GetProperty("expires_at").GetInt64());
        Assert.NotEqual(issued.GetProperty("key").GetString(), other.Key);
        Assert.NotEqual(issued.GetProperty("id").GetString(), other.Id);
    }

    [Theory]
    [InlineData("""{"expires_at": "1900000000"}""", "expires_at")]
    [InlineData("""{"expires_at": 1.5}""", "expires_at")]
    [InlineData("""{"expires_at": -1}""", "expires_at")]
    [InlineData("""{"expires_at": 253402300800}""", "expires_at")]
    [InlineData("""[]""", null)]
    public async Task Issue_answers_400_for_a_body_that_breaks_a_rule(string body, string? field)
    {
        using var admin = fixture.CreateAdminClient();
        var name = await CreateSupplierAsync(admin);

        var problem = await HttpAssert.ErrorAsync(await admin.PostAsync($"{SuppliersPath}/{name}/api-keys", HttpAssert.Json(body)), HttpStatusCode.BadRequest);

        Assert.Equal(field, problem.TryGetProperty("field", out var member) ? member.GetString() : null);
        Assert.Empty((await KeysAsync(admin, name)).EnumerateArray());
    }

    [Fact]
    public async Task Issue_answers_400_for_an_expiry_that_is_not_in_the_future()
    {
        using var admin = fixture.CreateAdminClient();
        var name = await CreateSupplierAsync(admin);

        var problem = await HttpAssert.ErrorAsync(await admin.PostAsJsonAsync($"{SuppliersPath}/{name}/api-keys", new { expires_at = Now }), HttpStatusCode.BadRequest, "in the future");

        Assert.Equal("expires_at", problem.GetProperty("field").GetString());
    }

    [Fact]
    public async Task Issue_answers_404_for_a_supplier_that_does_not_exist_and_415_for_a_body_that_is_not_json()
    {
        using var admin = fixture.CreateAdminClient();
        var name = await CreateSupplierAsync(admin);

        await HttpAssert.ErrorAsync(await admin.PostAsJsonAsync($"{SuppliersPath}/{NewName()}/api-keys", new { }), HttpStatusCode.NotFound, "No supplier named");
        await HttpAssert.ErrorAsync(await admin.PostAsync($"{SuppliersPath}/{name}/api-keys", new StringContent("expires_at=1")), HttpStatusCode.UnsupportedMediaType);
    }

    [Fact]
    public async Task List_answers_every_key_by_prefix_never_the_key_nor_its_digest()
    {
        using var admin = fixture.CreateAdminClient();
        var name = await CreateSupplierAsync(admin);
        var (firstId, first) = await IssueKeyAsync(admin, name);
        var (secondId, second) = await IssueKeyAsync(admin, name, new { expires_at = Now + 60 });

        var response = await admin.GetAsync($"{SuppliersPath}/{name}/api-keys");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var text = await response.Content.ReadAsStringAsync();
        var keys = JsonDocument.Parse(text).RootElement.GetProperty("data").EnumerateArray().ToList();
        Assert.Equal([firstId, secondId], keys.Select(k => k.GetProperty("id").GetString()));
        Assert.Equal(["id", "prefix", "created_at", "expires_at", "revoked_at", "last_used_at"], keys[0].EnumerateObject().Select(p => p.Name));
        Assert.Equal((first[..12], Now, JsonValueKind.Null, JsonValueKind.Null), (keys[0].GetProperty("prefix").GetString(), keys[0].GetProperty("created_at").GetInt64(), keys[0].GetProperty("revoked_at").ValueKind, keys[0].GetProperty("last_used_at").ValueKind));
        Assert.Equal(Now + 60, keys[1].GetProperty("expires_at").GetInt64());
        foreach (var secret in new[] { first, second, ApiKeyDigest.Of(first), ApiKeyDigest.Of(second) })
        {
            Assert.DoesNotContain(secret, text, StringComparison.OrdinalIgnoreCase);
        }
    }

    [Fact]
    public async Task List_shows_a_configuration_key_without_a_prefix_and_answers_404_for_a_supplier_that_does_not_exist()
    {
        using var admin = fixture.CreateAdminClient();

        var acme = await KeysAsync(admin, "acme");

        Assert.Contains(acme.EnumerateArray(), k => k.GetProperty("prefix").ValueKind == JsonValueKind.Null);
        await HttpAssert.ErrorAsync(await admin.GetAsync($"{SuppliersPath}/{NewName()}/api-keys"), HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Last_use_is_reported_by_the_api_instance_and_listed()
    {
        using var admin = fixture.CreateAdminClient();
        using var client = fixture.CreateClient(apiKey: null);
        var name = await CreateSupplierAsync(admin);
        var (id, key) = await IssueKeyAsync(admin, name);
        var before = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        Assert.Equal(HttpStatusCode.Created, await CreateSessionAsync(client, key));

        await fixture.Host.Services.GetRequiredService<ApiKeyUsage>().FlushAsync();

        var lastUsedAt = (await KeyAsync(admin, name, id)).GetProperty("last_used_at").GetInt64();
        Assert.InRange(lastUsedAt, before, DateTimeOffset.UtcNow.ToUnixTimeSeconds());
    }

    [Fact]
    public async Task Rotate_answers_201_with_a_new_key_and_the_old_one_works_for_the_grace_period()
    {
        using var admin = fixture.CreateAdminClient();
        using var client = fixture.CreateClient(apiKey: null);
        var name = await CreateSupplierAsync(admin);
        var (oldId, oldKey) = await IssueKeyAsync(admin, name);

        var response = await admin.PostAsync($"{SuppliersPath}/{name}/api-keys/{oldId}/rotate", content: null);

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.Equal("no-store", response.Headers.CacheControl?.ToString());
        var rotated = await response.Content.ReadFromJsonAsync<JsonElement>();
        var newKey = rotated.GetProperty("key").GetString()!;
        Assert.Matches(KeyFormat(), newKey);
        Assert.NotEqual(oldId, rotated.GetProperty("id").GetString());
        Assert.Equal(HttpStatusCode.Created, await CreateSessionAsync(client, newKey));
        Assert.Equal(HttpStatusCode.Created, await CreateSessionAsync(client, oldKey));
        Assert.Equal(Now + 86_400, (await KeyAsync(admin, name, oldId)).GetProperty("expires_at").GetInt64());
    }

    [Fact]
    public async Task Rotate_with_no_grace_ends_the_old_key_at_once()
    {
        using var admin = fixture.CreateAdminClient();
        using var client = fixture.CreateClient(apiKey: null);
        var name = await CreateSupplierAsync(admin);
        var (oldId, oldKey) = await IssueKeyAsync(admin, name);

        var response = await admin.PostAsJsonAsync($"{SuppliersPath}/{name}/api-keys/{oldId}/rotate", new { grace_seconds = 0 });

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, await CreateSessionAsync(client, oldKey));
        Assert.Equal(Now, (await KeyAsync(admin, name, oldId)).GetProperty("expires_at").GetInt64());
    }

    [Theory]
    [InlineData("""{"grace_seconds": -1}""")]
    [InlineData("""{"grace_seconds": 604801}""")]
    [InlineData("""{"grace_seconds": "60"}""")]
    [InlineData("""{"grace_seconds": 0.5}""")]
    public async Task Rotate_answers_400_for_a_grace_period_outside_0_to_a_week(string body)
    {
        using var admin = fixture.CreateAdminClient();
        var name = await CreateSupplierAsync(admin);
        var (id, _) = await IssueKeyAsync(admin, name);

        var problem = await HttpAssert.ErrorAsync(await admin.PostAsync($"{SuppliersPath}/{name}/api-keys/{id}/rotate", HttpAssert.Json(body)), HttpStatusCode.BadRequest);

        Assert.Equal("grace_seconds", problem.GetProperty("field").GetString());
        Assert.Single((await KeysAsync(admin, name)).EnumerateArray());
    }

    [Fact]
    public async Task Rotate_answers_404_for_an_unknown_supplier_or_key_and_409_for_a_revoked_key()
    {
        using var admin = fixture.CreateAdminClient();
        var name = await CreateSupplierAsync(admin);
        var (id, _) = await IssueKeyAsync(admin, name);
        Assert.Equal(HttpStatusCode.NoContent, (await admin.DeleteAsync($"{SuppliersPath}/{name}/api-keys/{id}")).StatusCode);

        await HttpAssert.ErrorAsync(await admin.PostAsync($"{SuppliersPath}/{NewName()}/api-keys/{id}/rotate", null), HttpStatusCode.NotFound, "No supplier named");
        await HttpAssert.ErrorAsync(await admin.PostAsync($"{SuppliersPath}/{name}/api-keys/key_unknown/rotate", null), HttpStatusCode.NotFound, "no API key with this id");
        await HttpAssert.ErrorAsync(await admin.PostAsync($"{SuppliersPath}/{name}/api-keys/{id}/rotate", null), HttpStatusCode.Conflict, "revoked or expired");
    }

    [Fact]
    public async Task Revoke_answers_204_the_key_stops_working_at_once_and_revoking_again_changes_nothing()
    {
        using var admin = fixture.CreateAdminClient();
        using var client = fixture.CreateClient(apiKey: null);
        var name = await CreateSupplierAsync(admin);
        var (id, key) = await IssueKeyAsync(admin, name);
        var (_, other) = await IssueKeyAsync(admin, name);
        Assert.Equal(HttpStatusCode.Created, await CreateSessionAsync(client, key));

        var response = await admin.DeleteAsync($"{SuppliersPath}/{name}/api-keys/{id}");

        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, await CreateSessionAsync(client, key));
        Assert.Equal(HttpStatusCode.Created, await CreateSessionAsync(client, other));
        var revokedAt = (await KeyAsync(admin, name, id)).GetProperty("revoked_at").GetInt64();
        Assert.Equal(Now, revokedAt);
        fixture.Clock.Advance(TimeSpan.FromSeconds(5));
        Assert.Equal(HttpStatusCode.NoContent, (await admin.DeleteAsync($"{SuppliersPath}/{name}/api-keys/{id}")).StatusCode);
        Assert.Equal(revokedAt, (await KeyAsync(admin, name, id)).GetProperty("revoked_at").GetInt64());
    }

    [Fact]
    public async Task Revoke_answers_404_for_an_unknown_supplier_or_key()
    {
        using var admin = fixture.CreateAdminClient();
        var name = await CreateSupplierAsync(admin);

        await HttpAssert.ErrorAsync(await admin.DeleteAsync($"{SuppliersPath}/{NewName()}/api-keys/key_unknown"), HttpStatusCode.NotFound, "No supplier named");
        await HttpAssert.ErrorAsync(await admin.DeleteAsync($"{SuppliersPath}/{name}/api-keys/key_unknown"), HttpStatusCode.NotFound, "no API key with this id");
    }

    [GeneratedRegex("^nox_sk_[A-Za-z0-9_-]{43}$")]
    private static partial Regex KeyFormat();
}
