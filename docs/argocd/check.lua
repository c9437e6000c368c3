-- Runs an Argo CD health script against one resource as Argo CD does, with a Lua 5.1 (Argo CD
-- embeds gopher-lua) and JSON nulls as nil:
--   lua5.1 check.lua <health.lua> <resource.json>   prints "<status>\t<message>"
local cjson = require("cjson")

local function withoutNulls(value)
  if type(value) ~= "table" then return value end
  local copy = {}
  for k, v in pairs(value) do
    if v ~= cjson.null then copy[k] = withoutNulls(v) end
  end
  return copy
end

local file = assert(io.open(arg[2]))
obj = withoutNulls(cjson.decode(file:read("*a")))
file:close()
local hs = dofile(arg[1])
io.write(hs.status, "\t", hs.message or "", "\n")
