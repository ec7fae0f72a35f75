-- POST /v2/supplier/link-sessions as a supplier burst: a different user_id on every request.
-- Arguments (after --): API key, redirect URL, and optionally a number of responses after which
-- the thread stops (the memory step's 1,000,000 creates).
package.path = debug.getinfo(1, "S").source:sub(2):match("(.*/)") .. "?.lua;" .. package.path
local report = require("report")

local requests = {}
local next_request = 1
local limit = nil
local answered = 0
exhausted = 0

function setup(thread) report.setup(thread) end

function init(args)
  local key, redirect = args[1], args[2]
  limit = tonumber(args[3])
  -- Pre-formatted requests (formatting per request costs wrk more than the server pays to parse):
  -- enough distinct users that every user id in a burst differs for thousands of requests.
  local prefix = string.format("bench-%d-%d-", os.time(), math.random(1, 1e9))
  for i = 1, 4096 do
    local body = string.format(
      '{"user_id":"%s%d","redirect_url":"%s","brand":"daikin","language":"en"}', prefix, i, redirect)
    requests[i] = wrk.format("POST", "/v2/supplier/link-sessions",
      { ["Content-Type"] = "application/json", ["x-api-key"] = key }, body)
  end
  if limit == nil then
    response = nil -- wrk then skips parsing bodies for Lua
  end
end

function request()
  local r = requests[next_request]
  next_request = next_request % #requests + 1
  return r
end

function response(status, headers, body)
  answered = answered + 1
  if answered >= limit then
    wrk.thread:stop()
  end
end

done = report.done
