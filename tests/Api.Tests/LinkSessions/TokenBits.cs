namespace Nox.Api.Tests.LinkSessions;

/// <summary>
/// What a test of a token generator's output can show: across many tokens every bit position must be one
/// about half the time. GUIDs (fixed version and variant bits), timestamps and counters (high bits that do
/// not change within a burst) and fixed prefixes fail that. A good non-cryptographic generator passes it:
/// that the tokens come from the OS CSPRNG is a property of <c>LinkToken.Mint</c>, which no output test proves.
/// </summary>
public static class TokenBits
{
    /// <summary>
    /// Bit positions whose count of ones is more than <c>6 σ</c> from half the tokens: for 300 random tokens
    /// of 192 bits the chance that any position is listed is below 10⁻⁶.
    /// </summary>
    public static IReadOnlyList<int> UnbalancedPositions(IReadOnlyList<byte[]> tokens)
    {
        var length = tokens[0].Length;
        Assert.All(tokens, token => Assert.Equal(length, token.Length));
        var half = tokens.Count / 2.0;
        var bound = 6 * Math.Sqrt(tokens.Count) / 2;
        var unbalanced = new List<int>();
        for (var bit = 0; bit < length * 8; bit++)
        {
            var ones = tokens.Count(token => (token[bit / 8] >> (bit % 8) & 1) == 1);
            if (Math.Abs(ones - half) > bound)
            {
                unbalanced.Add(bit);
            }
        }

        return unbalanced;
    }
}
