using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Nox.LinkSessions;

namespace Nox.Brands;

/// <summary>
/// Every call to a brand's connector goes through here: it gets a cancellation token that fires at
/// <see cref="Deadline"/> on the domain clock, the wait ends then even if the connector ignores the
/// token, and any failure becomes <see cref="BrandConnectorUnavailableException"/> after one log line
/// with its type (what a connector says may carry credentials, so its message is not logged).
/// </summary>
public sealed partial class BrandConnections(
    IBrandConnectorRegistry connectors,
    [FromKeyedServices(ServiceClock.Key)] TimeProvider clock,
    ILogger<BrandConnections> logger)
{
    /// <summary>How long a manufacturer's cloud may take to connect an account.</summary>
    public static readonly TimeSpan Deadline = TimeSpan.FromSeconds(10);

    /// <summary>The account's devices (and credentials), or <see cref="BrandConnectorUnavailableException"/>.</summary>
    public async Task<BrandConnection> ConnectAsync(BrandAccount account)
    {
        using var deadline = new CancellationTokenSource(Deadline, clock);
        try
        {
            return await connectors.For(account.Brand).ConnectAsync(account, deadline.Token).WaitAsync(deadline.Token);
        }
        catch (OperationCanceledException) when (deadline.IsCancellationRequested)
        {
            LogTimedOut(account.Brand.ToWireName(), Deadline.TotalSeconds);
            throw new BrandConnectorUnavailableException($"The {account.Brand.ToWireName()} connector did not answer within {Deadline.TotalSeconds:0} s.");
        }
        catch (Exception exception)
        {
            LogFailed(account.Brand.ToWireName(), exception.GetType().FullName!);
            throw new BrandConnectorUnavailableException($"The {account.Brand.ToWireName()} connector failed.");
        }
    }

    /// <summary>True when the brand connects through its manufacturer's consent page, so a completion needs a <see cref="BrandGrant"/>.</summary>
    public bool RequiresGrant(Brand brand) => connectors.AuthorizationFor(brand) is not null;

    [LoggerMessage(Level = LogLevel.Warning, Message = "The {Brand} connector did not answer within {DeadlineSeconds} s; the session stays pending")]
    private partial void LogTimedOut(string brand, double deadlineSeconds);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The {Brand} connector failed ({ExceptionType}); the session stays pending")]
    private partial void LogFailed(string brand, string exceptionType);
}
