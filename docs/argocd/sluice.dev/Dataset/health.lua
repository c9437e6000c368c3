-- Argo CD health of a Sluice Dataset: its Ready condition, which covers the schema contract.
local hs = {}
local status = obj.status
if status ~= nil and status.conditions ~= nil then
  for _, c in ipairs(status.conditions) do
    if c.type == "Ready" then
      if c.status == "True" then
        hs.status = "Healthy"
        hs.message = c.message or "Ready"
      else
        hs.status = "Degraded"
        hs.message = (c.reason or "NotReady") .. ": " .. (c.message or "")
      end
      return hs
    end
  end
end
hs.status = "Progressing"
hs.message = "Waiting for the Sluice operator to check the Dataset"
return hs
