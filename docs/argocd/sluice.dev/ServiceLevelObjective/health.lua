-- Argo CD health of a Sluice ServiceLevelObjective: a promise that is burning or broken shows
-- Degraded, so the application that carries it shows the breach.
local hs = {}
local status = obj.status
if status == nil or status.state == nil then
  hs.status = "Progressing"
  hs.message = "Waiting for the first evaluation"
  return hs
end
local ready = nil
if status.conditions ~= nil then
  for _, c in ipairs(status.conditions) do
    if c.type == "Ready" then ready = c end
  end
end
if ready ~= nil and ready.status == "False" then
  hs.status = "Degraded"
  hs.message = (ready.reason or "NotReady") .. ": " .. (ready.message or "")
elseif status.state == "Healthy" then
  hs.status = "Healthy"
  hs.message = "Within its objective"
elseif status.state == "NoData" then
  hs.status = "Progressing"
  hs.message = "No data from the target yet"
else
  hs.status = "Degraded"
  local budget = status.errorBudgetRemaining
  hs.message = status.state .. ((budget and string.format(": %.1f%% of the error budget left", budget)) or "")
end
return hs
