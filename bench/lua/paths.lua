-- GET requests cycling through a list of paths (one per line in the file given as the
-- first script argument), with the bearer token given as the second argument (or none).
-- An optional third argument is a mean delay in milliseconds between a connection's
-- requests (rate-limited runs). Used for every read endpoint, so every endpoint pays the
-- same load-generator overhead.
local paths = {}
local counter = 0
local token = nil
local delay_ms = 0

function init(args)
  for line in io.lines(args[1]) do
    if #line > 0 then paths[#paths + 1] = line end
  end
  if args[2] and args[2] ~= "-" then token = args[2] end
  delay_ms = tonumber(args[3] or "0") or 0
  -- different threads start at different places in the list
  counter = math.random(#paths) - 1
end

function request()
  counter = counter + 1
  local headers = { ["Accept"] = "application/json" }
  if token then headers["Authorization"] = "Bearer " .. token end
  return wrk.format("GET", paths[(counter % #paths) + 1], headers, nil)
end


function delay()
  if delay_ms <= 0 then return 0 end
  local base = math.floor(delay_ms)
  if math.random() < (delay_ms - base) then base = base + 1 end
  return base
end
