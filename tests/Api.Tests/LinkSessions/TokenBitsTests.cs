using System.Buffers.Binary;
using System.Security.Cryptography;

namespace Nox.Api.Tests.LinkSessions;

/// <summary>The token output check catches the generators one might wrongly use, and passes the OS CSPRNG.</summary>
public sealed class TokenBitsTests
{
    private const int Count = 300;
    private const int Length = 24;

    private static IReadOnlyList<byte[]> Generate(Func<int, byte[]> generator) => [.. Enumerable.Range(0, Count).Select(generator)];

    [Fact]
    public void Tokens_from_the_os_csprng_pass()
    {
        Assert.Empty(TokenBits.UnbalancedPositions(Generate(_ => RandomNumberGenerator.GetBytes(Length))));
    }

    [Fact]
    public void Tokens_made_of_random_guids_fail_on_their_version_and_variant_bits()
    {
        Assert.NotEmpty(TokenBits.UnbalancedPositions(Generate(_ => [.. Guid.NewGuid().ToByteArray(), .. Guid.NewGuid().ToByteArray()[..8]])));
    }

    [Fact]
    public void Time_ordered_guids_fail()
    {
        Assert.NotEmpty(TokenBits.UnbalancedPositions(Generate(_ => [.. Guid.CreateVersion7().ToByteArray(), .. RandomNumberGenerator.GetBytes(8)])));
    }

    [Fact]
    public void A_counter_fails()
    {
        Assert.NotEmpty(TokenBits.UnbalancedPositions(Generate(i =>
        {
            var token = new byte[Length];
            BinaryPrimitives.WriteInt64LittleEndian(token, Environment.TickCount64 + i);
            return token;
        })));
    }

    [Fact]
    public void A_fixed_prefix_fails()
    {
        Assert.NotEmpty(TokenBits.UnbalancedPositions(Generate(_ => [0x6e, 0x6f, 0x78, .. RandomNumberGenerator.GetBytes(Length - 3)])));
    }
}
