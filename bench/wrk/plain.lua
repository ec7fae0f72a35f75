-- GET of the URL as given (the baseline): only the machine-readable report of report.lua.
package.path = debug.getinfo(1, "S").source:sub(2):match("(.*/)") .. "?.lua;" .. package.path
local report = require("report")

exhausted = 0

function setup(thread) report.setup(thread) end

done = report.done
