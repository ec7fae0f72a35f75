-- Shared by every script: done() prints one machine-readable line that bench/run.sh parses.
-- wrk counts HTTP statuses > 399 as errors.status; 3xx never occurs on these endpoints.
local report = {}

local threads = {}

function report.setup(thread)
  table.insert(threads, thread)
end

function report.done(summary, latency, requests)
  local exhausted = 0
  for _, thread in ipairs(threads) do
    exhausted = exhausted + (thread:get("exhausted") or 0)
  end
  local e = summary.errors
  io.write(string.format(
    "RESULT requests=%d duration_s=%.3f rps=%.1f non2xx=%d socket_errors=%d timeouts=%d p50_ms=%.2f p99_ms=%.2f exhausted=%d\n",
    summary.requests, summary.duration / 1e6, summary.requests / (summary.duration / 1e6),
    e.status, e.connect + e.read + e.write, e.timeout,
    latency:percentile(50) / 1000, latency:percentile(99) / 1000, exhausted))
end

return report
