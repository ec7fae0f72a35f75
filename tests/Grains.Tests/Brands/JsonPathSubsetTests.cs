using System.Text.Json;
using Nox.Brands.OAuth2;

namespace Nox.Grains.Tests.Brands;

public sealed class JsonPathSubsetTests
{
    private const string Devices = """
        {"devices":[{"id":"a","gateway":{"serial":7}},{"id":"b"},{"id":null},{"id":"a"},{"name":"no id"}],
         "data":{"device list":[{"id":"x"}],"other":{"id":"y"}}}
        """;

    [Theory]
    [InlineData("$.devices[*].id", new[] { "a", "b" })]
    [InlineData("$['devices'][*]['id']", new[] { "a", "b" })]
    [InlineData("$.devices[1].id", new[] { "b" })]
    [InlineData("$.devices[9].id", new string[0])]
    [InlineData("$.devices[*].gateway.serial", new[] { "7" })]
    [InlineData("$.data['device list'][*].id", new[] { "x" })]
    [InlineData("$.data.*.id", new[] { "y" })]
    [InlineData("$.missing[*].id", new string[0])]
    public void It_selects_strings_and_numbers_in_document_order_each_once(string path, string[] expected)
    {
        using var document = JsonDocument.Parse(Devices);

        Assert.Equal(expected, JsonPathSubset.Parse(path).SelectStrings(document.RootElement));
    }

    [Fact]
    public void A_top_level_array_works()
    {
        using var document = JsonDocument.Parse("""[{"deviceId":"d1"},{"deviceId":"d2"}]""");

        Assert.Equal(["d1", "d2"], JsonPathSubset.Parse("$[*].deviceId").SelectStrings(document.RootElement).ToArray());
    }

    [Theory]
    [InlineData("")]
    [InlineData("devices[*].id")]
    [InlineData("$..id")]
    [InlineData("$.devices[?(@.id)]")]
    [InlineData("$.devices[0:2]")]
    [InlineData("$.devices[*")]
    [InlineData("$.devices[-1]")]
    [InlineData("$x")]
    public void Anything_outside_the_subset_is_refused_with_a_reason(string path)
    {
        Assert.False(JsonPathSubset.TryParse(path, out _, out var error));
        Assert.False(string.IsNullOrWhiteSpace(error));
    }
}
