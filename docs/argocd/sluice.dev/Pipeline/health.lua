-- Argo CD health of a Sluice Pipeline, from the status the operator writes.
local function condition(status, kind)
  if status.conditions == nil then return nil end
  for _, c in ipairs(status.conditions) do
    if c.type == kind then return c end
  end
  return nil
end

local hs = {}
local status = obj.status
if status == nil or status.phase == nil then
  hs.status = "Progressing"
  hs.message = "Waiting for the Sluice operator to plan the Pipeline"
  return hs
end
-- A status about an older generation says nothing about the spec Argo CD just applied.
if status.observedGeneration == nil or status.observedGeneration < obj.metadata.generation then
  hs.status = "Progressing"
  hs.message = "Waiting for the Sluice operator to observe generation " .. obj.metadata.generation
  return hs
end

local phase = status.phase
local degraded = condition(status, "Degraded")
local specValid = condition(status, "SpecValid")
if phase == "Invalid" then
  hs.status = "Degraded"
  hs.message = (specValid and specValid.message) or "The Pipeline's spec is invalid"
elseif phase == "Failed" then
  hs.status = "Degraded"
  hs.message = (degraded and degraded.message) or "The Flink job failed"
elseif degraded ~= nil and degraded.status == "True" then
  hs.status = "Degraded"
  hs.message = degraded.reason .. ": " .. (degraded.message or "")
elseif phase == "Suspended" then
  hs.status = "Suspended"
  hs.message = "Suspended with its state kept in a savepoint"
elseif phase == "Running" then
  local ready = condition(status, "Ready")
  if ready ~= nil and ready.status == "True" then
    hs.status = "Healthy"
    hs.message = "Running"
  else
    hs.status = "Progressing"
    hs.message = (ready and ready.message) or "Running, not ready yet"
  end
else
  -- Pending, Deploying, Upgrading and Scaling all end in Running on their own.
  local progressing = condition(status, "Progressing")
  hs.status = "Progressing"
  hs.message = phase .. ((progressing and progressing.message and (": " .. progressing.message)) or "")
end
return hs
