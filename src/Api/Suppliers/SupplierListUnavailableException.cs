namespace Nox.Api.Suppliers;

/// <summary>
/// The supplier list could not be loaded and this instance's copy is older than its bound: a key
/// cannot be checked against revocations, so the request is answered 503 rather than from a stale copy.
/// </summary>
public sealed class SupplierListUnavailableException() : Exception("The supplier list could not be loaded.");
