-- Argo CD health check for Incident (lessons.dspt.io/v1alpha1).
--
-- Healthy:     the operator has processed the latest change and nothing is
--              overdue, whatever the phase: an open incident, or one whose
--              analysis awaits sign-off, is business as usual.
-- Degraded:    something is overdue (condition Overdue is True: an action,
--              the root cause analysis or the SIRO notification), or the
--              operator reports a problem with the object (condition Ready
--              is False).
-- Progressing: only while the operator has not processed the latest change,
--              so that a sync never waits on a review that takes weeks.
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
local overdue = condition(conditions, "Overdue")
if overdue ~= nil and overdue.status == "True" then
  table.insert(problems, describe(overdue))
end
if #problems > 0 then
  hs.status = "Degraded"
  hs.message = table.concat(problems, "; ")
  return hs
end

hs.status = "Healthy"
hs.message = obj.status.phase
if obj.status.actions ~= nil and obj.status.actions.progress ~= nil then
  hs.message = hs.message .. ", actions done " .. obj.status.actions.progress
end
return hs
