-- POST /v2/link-sessions/{token}/complete {"brand":"daikin"}, each pending token exactly once.
-- Arguments (after --): token file. When the tokens run out the thread stops and says so
-- (exhausted), rather than complete a session twice and count the 409s as failures; run.sh mints
-- enough for the duration.
package.path = debug.getinfo(1, "S").source:sub(2):match("(.*/)") .. "?.lua;" .. package.path
local report = require("report")
local sequence = require("sequence")

local next_request = nil
exhausted = 0

function setup(thread) report.setup(thread) end

function init(args)
  local requests = {}
  for token in io.lines(args[1]) do
    table.insert(requests, wrk.format("POST", "/v2/link-sessions/" .. token .. "/complete",
      { ["Content-Type"] = "application/json" }, '{"brand":"daikin"}'))
  end
  assert(#requests > 0, "no tokens in " .. args[1])
  next_request = sequence.of(requests, true)
end

function request() return next_request() end

done = report.done
