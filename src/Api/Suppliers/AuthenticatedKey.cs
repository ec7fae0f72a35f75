using Nox.Suppliers;

namespace Nox.Api.Suppliers;

/// <summary>The supplier a request's <c>x-api-key</c> belongs to, and which of its keys it is.</summary>
public sealed record AuthenticatedKey(SupplierConfiguration Supplier, string KeyId);
