namespace Nox.Api.Administration;

/// <summary>
/// The admin keys, read by the process that serves HTTP: <c>Nox:AdminApiKeys:M</c> (plain, for development)
/// and <c>Nox:AdminApiKeySha256:M</c> (lowercase hex SHA-256, for production). None: the admin API answers
/// 401 to everything.
/// </summary>
public sealed class AdminApiKeysOptions
{
    public const string Section = "Nox";

    public List<string> AdminApiKeys { get; set; } = [];

    public List<string> AdminApiKeySha256 { get; set; } = [];
}
