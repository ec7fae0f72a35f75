using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Mvc;
using Nox.Api.Administration;
using Nox.Api.LinkSessions;
using Nox.Api.Webhooks;
using Nox.Api.Users;

namespace Nox.Api.Json;

/// <summary>Source-generated JSON for every body the API writes: no reflection on the hot path.</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower)]
[JsonSerializable(typeof(LinkSessionResponse))]
[JsonSerializable(typeof(CreateLinkSessionRequest))]
[JsonSerializable(typeof(CompleteLinkSessionRequest))]
[JsonSerializable(typeof(CompleteLinkSessionResponse))]
[JsonSerializable(typeof(SupplierResponse))]
[JsonSerializable(typeof(SupplierListResponse))]
[JsonSerializable(typeof(ApiKeyListResponse))]
[JsonSerializable(typeof(IssuedApiKeyResponse))]
[JsonSerializable(typeof(CreateSupplierRequest))]
[JsonSerializable(typeof(UpdateSupplierRequest))]
[JsonSerializable(typeof(IssueApiKeyRequest))]
[JsonSerializable(typeof(RotateApiKeyRequest))]
[JsonSerializable(typeof(CreateWebhookEndpointRequest))]
[JsonSerializable(typeof(UpdateWebhookEndpointRequest))]
[JsonSerializable(typeof(CreatedWebhookEndpointResponse))]
[JsonSerializable(typeof(WebhookEndpointResponse))]
[JsonSerializable(typeof(WebhookEndpointListResponse))]
[JsonSerializable(typeof(WebhookSecretResponse))]
[JsonSerializable(typeof(WebhookTestResponse))]
[JsonSerializable(typeof(WebhookEventListResponse))]
[JsonSerializable(typeof(SupplierUserResponse))]
[JsonSerializable(typeof(ProblemDetails))]
[JsonSerializable(typeof(string))] // the values of a problem's error and field
public sealed partial class ApiJsonContext : JsonSerializerContext;
