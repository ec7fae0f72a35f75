using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Nox.Deploy.Tests.Infrastructure;

/// <summary>
/// Reads multi-document YAML (as <c>kubectl kustomize</c> prints it) into JSON objects, so tests
/// navigate manifests with System.Text.Json.Nodes. Plain scalars become numbers, booleans or null
/// where YAML's core schema says so; quoted and block scalars stay strings.
/// </summary>
public static class Yaml
{
    public static IReadOnlyList<JsonObject> ParseDocuments(string yaml)
    {
        var stream = new YamlStream();
        stream.Load(new StringReader(yaml));
        var result = new List<JsonObject>();
        foreach (var document in stream.Documents)
        {
            if (document.RootNode is YamlScalarNode { Value: null or "" })
            {
                continue; // an empty document
            }

            if (ToJson(document.RootNode) is not JsonObject obj)
            {
                throw new FormatException($"A YAML document is not a mapping: {document.RootNode.Start}");
            }

            result.Add(obj);
        }

        return result;
    }

    private static JsonNode? ToJson(YamlNode node)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            Write(writer, node);
        }

        return JsonNode.Parse(Encoding.UTF8.GetString(buffer.ToArray()));
    }

    private static void Write(Utf8JsonWriter writer, YamlNode node)
    {
        switch (node)
        {
            case YamlMappingNode mapping:
                writer.WriteStartObject();
                foreach (var (key, value) in mapping.Children)
                {
                    writer.WritePropertyName(((YamlScalarNode)key).Value ?? string.Empty);
                    Write(writer, value);
                }

                writer.WriteEndObject();
                break;
            case YamlSequenceNode sequence:
                writer.WriteStartArray();
                foreach (var item in sequence.Children)
                {
                    Write(writer, item);
                }

                writer.WriteEndArray();
                break;
            case YamlScalarNode scalar:
                WriteScalar(writer, scalar);
                break;
            default:
                throw new FormatException($"Unsupported YAML node {node.NodeType} at {node.Start}.");
        }
    }

    private static void WriteScalar(Utf8JsonWriter writer, YamlScalarNode scalar)
    {
        var text = scalar.Value ?? string.Empty;
        if (scalar.Style != ScalarStyle.Plain)
        {
            writer.WriteStringValue(text);
            return;
        }

        switch (text)
        {
            case "" or "~" or "null" or "Null" or "NULL":
                writer.WriteNullValue();
                return;
            case "true" or "True" or "TRUE":
                writer.WriteBooleanValue(true);
                return;
            case "false" or "False" or "FALSE":
                writer.WriteBooleanValue(false);
                return;
        }

        if (long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var integer))
        {
            writer.WriteNumberValue(integer);
        }
        else if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var real)
                 && double.IsFinite(real) && text.Any(char.IsDigit))
        {
            writer.WriteNumberValue(real);
        }
        else
        {
            writer.WriteStringValue(text);
        }
    }
}
