namespace Nox.Suppliers;

/// <summary>What the directory needs of a command's answer: whether it took effect, and what to publish then.</summary>
public interface ISupplierCommandResult
{
    bool Succeeded { get; }

    /// <summary>The supplier's configuration after the command; null when it does not exist (any more).</summary>
    SupplierConfiguration? Configuration { get; }
}
