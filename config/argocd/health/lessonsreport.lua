-- Argo CD health check for LessonsReport (lessons.dspt.io/v1alpha1).
--
-- Healthy:     the operator has processed the latest change and the report
--              is current: signed off, or not (yet) signed off at all.
-- Degraded:    the selector cannot be read (condition Ready is False, reason
--              InvalidSelector), or the figures changed after the SIRO
--              approved them, so the sign-off no longer stands (condition
--              SignedOff is False, reason FiguresChanged).
-- Progressing: only while the operator has not processed the latest change.
--
-- Argo CD runs this script with the base and table libraries only.

local function condition(conditions, conditionType)
  if conditions == nil then
    return nil
  end
  for _, c in ipairs(conditions) do
    if c.type == conditionType then
      return c
    end
  end
  return nil
end

local function describe(c)
  if c.message ~= nil and c.message ~= "" then
    return c.message
  end
  return c.reason
end

-- processed tells whether the operator has processed the latest generation.
local function processed(o, ready)
  if o.status == nil or o.status.observedGeneration == nil then
    return false
  end
  if ready == nil or ready.status == "Unknown" then
    return false
  end
  local generation = o.metadata.generation
  return generation == nil or o.status.observedGeneration >= generation
end

hs = {}
local conditions = nil
if obj.status ~= nil then
  conditions = obj.status.conditions
end
local ready = condition(conditions, "Ready")

if not processed(obj, ready) then
  hs.status = "Progressing"
  hs.message = "Waiting for the operator to process the latest change"
  return hs
end

local problems = {}
if ready.status == "False" then
  table.insert(problems, describe(ready))
end
local signedOff = condition(conditions, "SignedOff")
if signedOff ~= nil and signedOff.status == "False" and signedOff.reason == "FiguresChanged" then
  table.insert(problems, describe(signedOff))
end
if #problems > 0 then
  hs.status = "Degraded"
  hs.message = table.concat(problems, "; ")
  return hs
end

hs.status = "Healthy"
hs.message = obj.status.phase
return hs
