-- request() over pre-formatted requests in order, shared by the scripts that read token files.
-- Cycling, or with once each request exactly once: when they run out the thread stops and says so
-- (the global exhausted, which report.done sums) rather than send one twice; the few requests wrk
-- still asks for meanwhile go to /healthz and are harmless.
local sequence = {}

function sequence.of(requests, once)
  local next_request = 1
  local fallback = wrk.format("GET", "/healthz")
  return function()
    if next_request > #requests then
      if not once then
        next_request = 1
      else
        if exhausted == 0 then
          exhausted = 1
          wrk.thread:stop()
        end
        return fallback
      end
    end
    local r = requests[next_request]
    next_request = next_request + 1
    return r
  end
end

return sequence
