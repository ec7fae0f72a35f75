using System.Text;

namespace Nox.Integration.Tests.Infrastructure;

/// <summary>
/// One span of an OTLP <c>ExportTraceServiceRequest</c>, read with just enough of the protobuf wire
/// format (field numbers of opentelemetry/proto/trace/v1/trace.proto) to check what the tests need.
/// </summary>
public sealed record OtlpSpan(string ServiceName, string Scope, string TraceId, string SpanId, string ParentSpanId, string Name, int Kind, IReadOnlyDictionary<string, string> Attributes)
{
    public const int ServerKind = 2;
    public const int ClientKind = 3;

    public static IEnumerable<OtlpSpan> ParseExport(byte[] body)
    {
        foreach (var resourceSpans in Fields(body).Where(f => f.Number == 1))
        {
            var resource = Fields(resourceSpans.Payload).Where(f => f.Number == 1).Select(f => ReadAttributes(f.Payload, 1)).FirstOrDefault() ?? [];
            var service = resource.GetValueOrDefault("service.name", string.Empty);
            foreach (var scopeSpans in Fields(resourceSpans.Payload).Where(f => f.Number == 2))
            {
                var scope = Fields(scopeSpans.Payload).Where(f => f.Number == 1).Select(f => Text(Fields(f.Payload), 1)).FirstOrDefault() ?? string.Empty;
                foreach (var span in Fields(scopeSpans.Payload).Where(f => f.Number == 2))
                {
                    var fields = Fields(span.Payload).ToList();
                    yield return new OtlpSpan(
                        service,
                        scope,
                        Hex(fields, 1),
                        Hex(fields, 2),
                        Hex(fields, 4),
                        Text(fields, 5),
                        (int)(fields.FirstOrDefault(f => f.Number == 6).Varint),
                        ReadAttributes(span.Payload, 9));
                }
            }
        }
    }

    private static Dictionary<string, string> ReadAttributes(byte[] message, int field)
    {
        var attributes = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var keyValue in Fields(message).Where(f => f.Number == field))
        {
            var parts = Fields(keyValue.Payload).ToList();
            var value = parts.FirstOrDefault(p => p.Number == 2).Bytes is { } any
                ? Fields(any).Select(v => v.Wire == 2 ? Encoding.UTF8.GetString(v.Payload) : v.Varint.ToString(System.Globalization.CultureInfo.InvariantCulture)).FirstOrDefault() ?? string.Empty
                : string.Empty;
            attributes[Text(parts, 1)] = value;
        }

        return attributes;
    }

    private static string Text(IEnumerable<Field> fields, int number) =>
        fields.FirstOrDefault(f => f.Number == number).Bytes is { } bytes ? Encoding.UTF8.GetString(bytes) : string.Empty;

    private static string Hex(IEnumerable<Field> fields, int number) =>
        fields.FirstOrDefault(f => f.Number == number).Bytes is { } bytes ? Convert.ToHexStringLower(bytes) : string.Empty;

    private readonly record struct Field(int Number, int Wire, ulong Varint, byte[]? Bytes)
    {
        public byte[] Payload => Bytes ?? [];
    }

    private static IEnumerable<Field> Fields(byte[] message)
    {
        var position = 0;
        while (position < message.Length)
        {
            var tag = ReadVarint(message, ref position);
            var number = (int)(tag >> 3);
            var wire = (int)(tag & 7);
            switch (wire)
            {
                case 0:
                    yield return new Field(number, wire, ReadVarint(message, ref position), null);
                    break;
                case 1:
                    yield return new Field(number, wire, BitConverter.ToUInt64(message, position), null);
                    position += 8;
                    break;
                case 2:
                    var length = (int)ReadVarint(message, ref position);
                    yield return new Field(number, wire, 0, message[position..(position + length)]);
                    position += length;
                    break;
                case 5:
                    yield return new Field(number, wire, BitConverter.ToUInt32(message, position), null);
                    position += 4;
                    break;
                default:
                    throw new FormatException($"Unsupported protobuf wire type {wire}.");
            }
        }
    }

    private static ulong ReadVarint(byte[] message, ref int position)
    {
        ulong value = 0;
        for (var shift = 0; ; shift += 7)
        {
            var b = message[position++];
            value |= (ulong)(b & 0x7F) << shift;
            if ((b & 0x80) == 0)
            {
                return value;
            }
        }
    }
}
