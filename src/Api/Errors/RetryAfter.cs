namespace Nox.Api.Errors;

/// <summary>What every 503 tells a client: wait this long, then retry.</summary>
public static class RetryAfter
{
    public const int Seconds = 2;

    private static readonly string HeaderValue = Seconds.ToString(System.Globalization.CultureInfo.InvariantCulture);

    public static void Set(HttpResponse response) => response.Headers.RetryAfter = HeaderValue;
}
