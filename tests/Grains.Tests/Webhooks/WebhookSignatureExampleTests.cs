using System.Text;
using Nox.Webhooks;

namespace Nox.Grains.Tests.Webhooks;

/// <summary>The worked example in docs/webhooks.md is what the service sends (its values were made with openssl).</summary>
public sealed class WebhookSignatureExampleTests
{
    private const string Secret = "whsec_AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=";
    private const string Id = "evt_Q2hlY2tUaGVEb2NzRXhhbX";
    private const string Body = """{"id":"evt_Q2hlY2tUaGVEb2NzRXhhbX","type":"webhook.test","created_at":1796184000,"data":{"endpoint_id":"we_RXhhbXBsZUVuZHBvaW50SW"}}""";

    [Fact]
    public void The_documented_example_signs_as_the_docs_say()
    {
        var headers = WebhookSignature.Headers(Id, 1796184000, Encoding.UTF8.GetBytes(Body), [Secret]).ToDictionary();

        Assert.Equal("1796184000", headers["X-Webhook-Timestamp"]);
        Assert.Equal("sha256=8ccad75766b4e05d839f33bebde6bff694b2c7f3584e35047f2f7ad5876548a9", headers["X-Webhook-Signature"]);
        Assert.Equal("v1,UbvN7B8NxNEzZJBwdWtjzxDq5YBYPH3nNBCtPlN5bJU=", headers["webhook-signature"]);
        Assert.Equal(Id, headers["webhook-id"]);
    }

    [Fact]
    public void After_a_rotation_each_header_carries_both_signatures_separated_by_a_space()
    {
        var rotated = WebhookSecret.Generate();
        var headers = WebhookSignature.Headers(Id, 1796184000, Encoding.UTF8.GetBytes(Body), [rotated, Secret]).ToDictionary();

        Assert.EndsWith(" sha256=8ccad75766b4e05d839f33bebde6bff694b2c7f3584e35047f2f7ad5876548a9", headers["X-Webhook-Signature"], StringComparison.Ordinal);
        Assert.EndsWith(" v1,UbvN7B8NxNEzZJBwdWtjzxDq5YBYPH3nNBCtPlN5bJU=", headers["webhook-signature"], StringComparison.Ordinal);
        Assert.Equal(2, headers["X-Webhook-Signature"].Split(' ').Length);
    }
}
