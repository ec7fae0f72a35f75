using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Nox.Integration.Tests.Infrastructure;
using Nox.Testing.FakeVendor;
using StackExchange.Redis;

namespace Nox.Integration.Tests;

/// <summary>
/// An OAuth 2.0 brand on the production shape (split: API and silo processes, Redis): the API's state and the
/// silo's token vault share one Data Protection key ring in Redis, and no token, code, state or client secret is
/// found in plain text in any Redis value or in either process's logs; erasing the user removes its entry.
/// </summary>
[Collection(RedisCollection.Name)]
public sealed class BrandTokenStorageTests(RedisFixture fixture)
{
    private const string Brand = "daikin";

    [Fact]
    public async Task Tokens_are_stored_encrypted_and_found_in_no_redis_value_and_no_log_line()
    {
        await using var vendor = await FakeOAuthVendor.StartAsync();
        var settings = new Dictionary<string, string?>(vendor.BrandSettings(Brand).ToDictionary(p => p.Key.Replace(":", "__", StringComparison.Ordinal), p => p.Value))
        {
            // Verbose where secrets could leak: our code, the vendor calls and their resilience pipeline.
            ["Logging__LogLevel__Default"] = "Information",
            ["Logging__LogLevel__Nox"] = "Trace",
            ["Logging__LogLevel__System.Net.Http"] = "Trace",
            ["Logging__LogLevel__Polly"] = "Trace",
            ["Logging__LogLevel__Microsoft.Extensions.Http"] = "Trace",
        };
        await using var nox = new NoxProcesses(fixture.Redis);
        var silo = await nox.StartSiloAsync(settings);
        var api = await nox.StartApiAsync(settings, waitUntilReady: true);
        using var supplier = api.CreateClient();
        using var browser = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = api.Url };
        var userId = $"oauth-{Guid.NewGuid():N}";

        var created = await supplier.PostAsJsonAsync("/v2/supplier/link-sessions", new { user_id = userId, redirect_url = NoxProcesses.RedirectUrl, brand = Brand });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var token = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("link_token").GetString()!;
        var connect = await browser.GetAsync($"/ui/connect?token={token}&brand={Brand}");
        Assert.Equal(HttpStatusCode.Redirect, connect.StatusCode);
        var callback = await vendor.DecideAsync(connect.Headers.Location!, allow: true);
        var state = System.Web.HttpUtility.ParseQueryString(callback.Query)["state"]!;
        var done = await browser.GetAsync(callback.PathAndQuery);

        Assert.Equal(HttpStatusCode.Redirect, done.StatusCode);
        Assert.Contains("data=", done.Headers.Location!.ToString(), StringComparison.Ordinal);
        Assert.Equal(3, vendor.IssuedSecrets.Count); // the code, the access token, the refresh token
        string[] secrets = [.. vendor.IssuedSecrets, state, FakeOAuthVendor.ClientSecret];

        var values = await ValuesAsync(nox.ServiceId);
        Assert.Contains(values.Keys, key => key == $"{nox.ServiceId}/data-protection/keys");
        Assert.Contains(values.Keys, key => key.StartsWith($"{nox.ServiceId}/state/noxuser/", StringComparison.Ordinal));
        foreach (var (key, value) in values)
        {
            foreach (var secret in secrets)
            {
                Assert.False(value.Contains(secret, StringComparison.Ordinal), $"{key} holds a secret in plain text");
            }
        }

        // The logging above is on: the silo's HTTP client logged its calls to the vendor.
        Assert.Contains(silo.Child.AllLines, line => line.Contains(vendor.TokenEndpoint, StringComparison.Ordinal));
        foreach (var process in new[] { silo, api })
        {
            var lines = process.Child.AllLines;
            Assert.NotEmpty(lines);
            foreach (var secret in secrets)
            {
                Assert.DoesNotContain(lines, line => line.Contains(secret, StringComparison.Ordinal));
            }
        }

        // Erasing the user removes its entry, credentials and all.
        Assert.Equal(HttpStatusCode.NoContent, (await supplier.DeleteAsync($"/v2/supplier/users/{userId}")).StatusCode);
        Assert.DoesNotContain((await ValuesAsync(nox.ServiceId)).Keys, key => key.StartsWith($"{nox.ServiceId}/state/noxuser/", StringComparison.Ordinal));
    }

    /// <summary>Every key of the service and its value as text, whatever the Redis type.</summary>
    private async Task<Dictionary<string, string>> ValuesAsync(string serviceId)
    {
        var server = fixture.Redis.Connection.GetServers().Single();
        var database = fixture.Redis.Connection.GetDatabase();
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        await foreach (var key in server.KeysAsync(pattern: $"{serviceId}/*"))
        {
            var text = new StringBuilder();
            switch (await database.KeyTypeAsync(key))
            {
                case RedisType.String:
                    text.Append(Encoding.UTF8.GetString((byte[])(await database.StringGetAsync(key))!));
                    break;
                case RedisType.Hash:
                    foreach (var entry in await database.HashGetAllAsync(key))
                    {
                        text.Append(entry.Name).Append('=').Append(Encoding.UTF8.GetString((byte[])entry.Value!)).Append('\n');
                    }

                    break;
                case RedisType.List:
                    foreach (var item in await database.ListRangeAsync(key))
                    {
                        text.Append(item.ToString()).Append('\n');
                    }

                    break;
            }

            values[key.ToString()] = text.ToString();
        }

        return values;
    }
}
