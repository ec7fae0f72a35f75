using System.Diagnostics.Metrics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Nox.Api.Administration;

namespace Nox.Api.Tests.Telemetry;

/// <summary>
/// Every admin change is one structured audit line (who, by the admin key's configuration key; what; which
/// supplier and key; how it ended), with no key material anywhere in the logs; every admin call is counted by
/// operation and outcome.
/// </summary>
public abstract class AdminAuditTests(TelemetryFixture fixture)
{
    [Collection(SplitTelemetryCollection.Name)]
    public sealed class Split(SplitTelemetryFixture fixture) : AdminAuditTests(fixture);

    [Collection(CoHostedTelemetryCollection.Name)]
    public sealed class CoHosted(CoHostedTelemetryFixture fixture) : AdminAuditTests(fixture);

    private const string Suppliers = "/v2/admin/suppliers";

    [Fact]
    public async Task Each_admin_change_is_one_audit_line_without_key_material_and_each_call_is_counted()
    {
        var apiMeters = fixture.Host.Services.GetRequiredService<IMeterFactory>();
        using var recorded = new RecordedMeasurements(instrument => instrument.Meter.Scope == apiMeters && instrument.Name == AdminAudit.InstrumentName);
        using var admin = fixture.Host.CreateClient();
        admin.DefaultRequestHeaders.Add("x-admin-key", TelemetryFixture.AdminKey);
        var name = $"audit-{Guid.NewGuid():N}"[..20];

        Assert.Equal(HttpStatusCode.Created, (await admin.PostAsJsonAsync(Suppliers, new { name, allowed_redirect_urls = Array.Empty<string>() })).StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, (await admin.PostAsJsonAsync(Suppliers, new { name, allowed_redirect_urls = Array.Empty<string>() })).StatusCode);
        var issued = await (await admin.PostAsync($"{Suppliers}/{name}/api-keys", null)).Content.ReadFromJsonAsync<JsonElement>();
        var keyId = issued.GetProperty("id").GetString()!;
        var rotated = await admin.PostAsJsonAsync($"{Suppliers}/{name}/api-keys/{keyId}/rotate", new { grace_seconds = 60 });
        var rotatedKey = await rotated.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(HttpStatusCode.NoContent, (await admin.DeleteAsync($"{Suppliers}/{name}/api-keys/{keyId}")).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await admin.PatchAsync($"{Suppliers}/{name}", HttpAssert.Json("""{"rate_limit": {"burst": 0}}"""))).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await admin.GetAsync($"{Suppliers}/{name}/api-keys")).StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await admin.DeleteAsync($"{Suppliers}/{name}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await admin.DeleteAsync($"{Suppliers}/{name}")).StatusCode);

        var audit = fixture.ApiLogs.All
            .Where(l => l.EventName == "AdminChange" && Equals(Value(l, "Supplier"), name))
            .Select(l => (Operation: Value(l, "Operation"), Outcome: Value(l, "Outcome"), KeyId: Value(l, "KeyId"), IssuedKeyId: Value(l, "IssuedKeyId"), Admin: Value(l, "Admin"), l.Level))
            .ToList();
        Assert.Equal(
            [
                ("supplier.create", "succeeded", null, null),
                ("supplier.create", "conflict", null, null),
                ("api_key.issue", "succeeded", null, keyId),
                ("api_key.rotate", "succeeded", keyId, rotatedKey.GetProperty("id").GetString()),
                ("api_key.revoke", "succeeded", keyId, null),
                ("supplier.update", "invalid", null, null),
                ("supplier.delete", "succeeded", null, null),
                ("supplier.delete", "not_found", null, null),
            ],
            audit.Select(a => (a.Operation, a.Outcome, a.KeyId, a.IssuedKeyId)).ToList<(object?, object?, object?, object?)>());
        Assert.All(audit, a => Assert.Equal(("AdminApiKeys:0", LogLevel.Information), (a.Admin, a.Level)));

        string[] secrets = [TelemetryFixture.AdminKey, issued.GetProperty("key").GetString()!, rotatedKey.GetProperty("key").GetString()!];
        var logTexts = fixture.ApiLogs.All.Concat(fixture.SiloLogs.All).Select(l => l.AllText).ToList();
        foreach (var secret in secrets)
        {
            Assert.DoesNotContain(logTexts, t => t.Contains(secret, StringComparison.Ordinal));
        }

        Assert.Equal(1, recorded.Sum(AdminAudit.InstrumentName, Tag("operation", "supplier.create"), Tag("outcome", "succeeded")));
        Assert.Equal(1, recorded.Sum(AdminAudit.InstrumentName, Tag("operation", "supplier.create"), Tag("outcome", "conflict")));
        Assert.Equal(1, recorded.Sum(AdminAudit.InstrumentName, Tag("operation", "api_key.list"), Tag("outcome", "succeeded")));
        Assert.Equal(1, recorded.Sum(AdminAudit.InstrumentName, Tag("operation", "supplier.update"), Tag("outcome", "invalid")));
        Assert.Equal(9, recorded.Sum(AdminAudit.InstrumentName));
    }

    private static object? Value(CapturedLog log, string key) => log.State.FirstOrDefault(p => p.Key == key).Value;

    private static KeyValuePair<string, object?> Tag(string key, object? value) => new(key, value);
}
