namespace Nox.Brands.OAuth2;

/// <summary>A manufacturer's endpoint answered with an error or with something unusable. Its message never carries the answer itself.</summary>
public sealed class BrandVendorException(string message) : Exception(message);
