-- POST /v2/link-sessions/{token}/complete {"brand":"daikin"}, each pending token exactly once.
-- Arguments (after --): token file, and the number of wrk threads (-t) sharing it (default 1).
-- When the tokens run out the thread stops and says so (exhausted), rather than complete a
-- session twice and count the 409s as failures; run.sh mints enough for the duration.
package.path = debug.getinfo(1, "S").source:sub(2):match("(.*/)") .. "?.lua;" .. package.path
local report = require("report")

local requests = {}
local next_request = 1
local fallback = nil
exhausted = 0

-- setup() runs in its own Lua state and hands each thread its index as the global share_index.
local threads_set_up = 0
function setup(thread)
  report.setup(thread)
  thread:set("share_index", threads_set_up)
  threads_set_up = threads_set_up + 1
end

function init(args)
  local threads = tonumber(args[2] or "1")
  local line = 0
  for token in io.lines(args[1]) do
    if line % threads == (share_index or 0) then
      table.insert(requests, wrk.format("POST", "/v2/link-sessions/" .. token .. "/complete",
        { ["Content-Type"] = "application/json" }, '{"brand":"daikin"}'))
    end
    line = line + 1
  end
  assert(#requests > 0, "no tokens in " .. args[1])
  fallback = wrk.format("GET", "/healthz")
end

function request()
  if next_request > #requests then
    if exhausted == 0 then
      exhausted = 1
      wrk.thread:stop()
    end
    return fallback
  end
  local r = requests[next_request]
  next_request = next_request + 1
  return r
end

done = report.done
