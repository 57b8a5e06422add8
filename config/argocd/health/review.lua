-- Argo CD health check for the kinds of lessons.dspt.io/v1alpha1: Incident,
-- RootCauseAnalysis, ImprovementAction, LessonsReport and ProcessReview. One
-- script serves all five argocd-cm keys and reads the kind from the object.
--
-- Progressing: only while the operator has not processed the latest change
--              (no status, no Ready condition, Ready Unknown, or
--              observedGeneration behind), so that a sync never waits on a
--              review or a sign-off that takes weeks.
-- Degraded:    the operator reports a problem with the object (condition
--              Ready is False: an RCA or action whose incident does not
--              exist, a report whose selector cannot be read), something is
--              overdue (condition Overdue is True: on an Incident an action,
--              the RCA or the SIRO notification; an RCA past its deadline
--              unsigned; an action past its due date), or a report's figures
--              changed after the SIRO approved them (condition SignedOff is
--              False, reason FiguresChanged).
-- Healthy:     everything else, whatever the phase: an open incident, a
--              draft RCA or one awaiting sign-off, an action in progress, an
--              unsigned report and a process review still Planned are
--              business as usual. A process review without user
--              representation (condition UserRepresentation False) is a
--              finding for the SIRO, not a fault: Healthy, saying so.
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
if obj.kind == "LessonsReport" then
  local signedOff = condition(conditions, "SignedOff")
  if signedOff ~= nil and signedOff.status == "False" and signedOff.reason == "FiguresChanged" then
    table.insert(problems, describe(signedOff))
  end
else
  local overdue = condition(conditions, "Overdue")
  if overdue ~= nil and overdue.status == "True" then
    if obj.kind == "ImprovementAction" then
      -- The action's message is only its due date.
      table.insert(problems, "overdue: " .. describe(overdue))
    else
      table.insert(problems, describe(overdue))
    end
  end
end
if #problems > 0 then
  hs.status = "Degraded"
  hs.message = table.concat(problems, "; ")
  return hs
end

hs.status = "Healthy"
hs.message = obj.status.phase
if (obj.kind == "Incident" or obj.kind == "ProcessReview") and obj.status.actions ~= nil and obj.status.actions.progress ~= nil then
  hs.message = hs.message .. ", actions done " .. obj.status.actions.progress
end
if obj.kind == "ProcessReview" then
  local represented = condition(conditions, "UserRepresentation")
  if represented ~= nil and represented.status == "False" then
    hs.message = hs.message .. "; " .. describe(represented)
  end
end
return hs
