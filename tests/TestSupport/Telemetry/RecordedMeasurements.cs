using System.Diagnostics.Metrics;

namespace Nox.Testing.Telemetry;

/// <summary>Every measurement of the matching instruments while it is alive.</summary>
public sealed class RecordedMeasurements : IDisposable
{
    private readonly MeterListener listener = new();
    private readonly List<(string Instrument, double Value, KeyValuePair<string, object?>[] Tags)> measurements = [];

    public RecordedMeasurements(Func<Instrument, bool> match)
    {
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (match(instrument))
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<long>((instrument, value, tags, _) => Add(instrument, value, tags));
        listener.SetMeasurementEventCallback<double>((instrument, value, tags, _) => Add(instrument, value, tags));
        listener.Start();
    }

    public IEnumerable<double> Values(string instrument, params KeyValuePair<string, object?>[] tags)
    {
        lock (measurements)
        {
            return measurements
                .Where(m => m.Instrument == instrument && tags.All(t => m.Tags.Any(mt => mt.Key == t.Key && Equals(mt.Value, t.Value))))
                .Select(m => m.Value)
                .ToList();
        }
    }

    public double Sum(string instrument, params KeyValuePair<string, object?>[] tags) => Values(instrument, tags).Sum();

    /// <summary>Asks the observable instruments (gauges) for a measurement now.</summary>
    public void Observe() => listener.RecordObservableInstruments();

    public void Dispose() => listener.Dispose();

    private void Add(Instrument instrument, double value, ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        lock (measurements)
        {
            measurements.Add((instrument.Name, value, tags.ToArray()));
        }
    }
}
