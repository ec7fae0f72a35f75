using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;

namespace Nox.Telemetry;

/// <summary>
/// Puts <see cref="RequestLogMiddleware"/> in front of everything Program.cs adds, exception handler
/// included, so it sees the status the client really gets and no process has to remember to add it.
/// </summary>
internal sealed class RequestLogStartupFilter : IStartupFilter
{
    public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
    {
        app.UseMiddleware<RequestLogMiddleware>();
        next(app);
    };
}
