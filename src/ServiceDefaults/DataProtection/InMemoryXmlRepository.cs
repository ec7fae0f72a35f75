using System.Xml.Linq;
using Microsoft.AspNetCore.DataProtection.Repositories;

namespace Nox.Hosting.DataProtection;

/// <summary>
/// A key ring that lives as long as the process, for the embedded default (no Redis): without it Data
/// Protection would write keys to the user's profile folder and outlive the in-memory state they protect.
/// </summary>
public sealed class InMemoryXmlRepository : IXmlRepository
{
    private readonly Lock gate = new();
    private readonly List<XElement> elements = [];

    public IReadOnlyCollection<XElement> GetAllElements()
    {
        lock (gate)
        {
            return [.. elements.Select(e => new XElement(e))];
        }
    }

    public void StoreElement(XElement element, string friendlyName)
    {
        lock (gate)
        {
            elements.Add(new XElement(element));
        }
    }
}
