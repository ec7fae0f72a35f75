using Nox.Bench.LoadGenerator;

// Usage:
//   mint --url URL --key KEY --redirect URL --count N [--concurrency C] --out FILE
//   open --url URL --key KEY --redirect URL --rate R --duration S [--warmup S]
var options = Options.Parse(args.AsSpan(1));
using var cancel = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) => { e.Cancel = true; cancel.Cancel(); };

return args.FirstOrDefault() switch
{
    "mint" => await Minter.RunAsync(options, cancel.Token),
    "open" => await OpenLoop.RunAsync(options, cancel.Token),
    _ => Usage(),
};

static int Usage()
{
    Console.Error.WriteLine("usage: mint|open --url URL --key KEY --redirect URL [--count N --concurrency C --out FILE] [--rate R --duration S --warmup S]");
    return 2;
}
