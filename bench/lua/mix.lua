-- The 95/5 read/write mix: 95 % GET /api/v1/measures/{id} with a random id, 5 % PATCH of
-- a measure (progress + narrative, which appends a status update) with If-Match set to
-- the ETag last seen for it; a write to a measure whose ETag is not known yet reads it
-- first. A 412 happens only when two in-flight requests touch the same measure.
-- Arguments: token, first id, last id. done() prints "KURS status <code> <count>" lines.
local token, first, last
local etags = {}
local threads = {}
writes_sent = 0
local last_seen = nil
counts = {}

function setup(thread)
  table.insert(threads, thread)
end

function init(args)
  token = args[1]
  first = tonumber(args[2])
  last = tonumber(args[3])
end

local function headers()
  return {
    ["Authorization"] = "Bearer " .. token,
    ["Accept"] = "application/json",
  }
end

function request()
  local id = math.random(first, last)
  if math.random(100) <= 5 and last_seen then
    -- write the measure read most recently (its ETag is fresh)
    id = last_seen
    last_seen = nil
    local etag = etags[id]
    if etag then
      writes_sent = writes_sent + 1
      etags[id] = nil
      local h = headers()
      h["If-Match"] = etag
      h["Content-Type"] = "application/json"
      local body = string.format('{"progress":%d,"narrative":"Lasttest %d"}', writes_sent % 100, writes_sent)
      return wrk.format("PATCH", "/api/v1/measures/" .. id, h, body)
    end
  end
  return wrk.format("GET", "/api/v1/measures/" .. id, headers(), nil)
end

function response(status, hdrs, body)
  counts[status] = (counts[status] or 0) + 1
  if status == 200 then
    local etag = hdrs["etag"] or hdrs["ETag"]
    local id = body and string.match(body, '^{"id":(%d+)')
    if etag and id then
      etags[tonumber(id)] = etag
      last_seen = tonumber(id)
    end
  end
end

function done(summary, latency, requests)
  local total = {}
  for _, t in ipairs(threads) do
    local c = t:get("counts")
    if c then
      for code, n in pairs(c) do total[code] = (total[code] or 0) + n end
    end
  end
  for code, n in pairs(total) do
    io.write(string.format("KURS status %d %d\n", code, n))
  end
  local w = 0
  for _, t in ipairs(threads) do w = w + (t:get("writes_sent") or 0) end
  io.write(string.format("KURS writes %d\n", w))
end
