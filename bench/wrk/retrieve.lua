-- GET /v2/supplier/link-sessions/{token} over tokens minted in the setup phase.
-- Arguments (after --): API key, token file, and "once" to read each token once (every read is
-- then a session's first, which activates its grain) and stop when they run out; without it the
-- script cycles through the tokens (their grains stay active).
package.path = debug.getinfo(1, "S").source:sub(2):match("(.*/)") .. "?.lua;" .. package.path
local report = require("report")
local sequence = require("sequence")

local next_request = nil
exhausted = 0

function setup(thread) report.setup(thread) end

function init(args)
  local key = args[1]
  local requests = {}
  for token in io.lines(args[2]) do
    table.insert(requests, wrk.format("GET", "/v2/supplier/link-sessions/" .. token, { ["x-api-key"] = key }))
  end
  assert(#requests > 0, "no tokens in " .. args[2])
  next_request = sequence.of(requests, args[3] == "once")
end

function request() return next_request() end

done = report.done
