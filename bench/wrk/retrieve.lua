-- GET /v2/supplier/link-sessions/{token} over tokens minted in the setup phase.
-- Arguments (after --): API key, token file, and "once" to read each token once (every read is
-- then a session's first, which activates its grain) and stop when they run out; without it the
-- script cycles through the tokens (their grains stay active).
package.path = debug.getinfo(1, "S").source:sub(2):match("(.*/)") .. "?.lua;" .. package.path
local report = require("report")

local requests = {}
local next_request = 1
local once = false
local fallback = nil
exhausted = 0

function setup(thread) report.setup(thread) end

function init(args)
  local key = args[1]
  once = args[3] == "once"
  for token in io.lines(args[2]) do
    table.insert(requests, wrk.format("GET", "/v2/supplier/link-sessions/" .. token, { ["x-api-key"] = key }))
  end
  assert(#requests > 0, "no tokens in " .. args[2])
  fallback = wrk.format("GET", "/healthz")
end

function request()
  if next_request > #requests then
    if not once then
      next_request = 1
    elseif exhausted == 0 then
      -- Stop rather than read a session a second time; the one request sent meanwhile is harmless.
      exhausted = 1
      wrk.thread:stop()
      return fallback
    else
      return fallback
    end
  end
  local r = requests[next_request]
  next_request = next_request + 1
  return r
end

done = report.done
