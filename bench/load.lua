-- load.lua - mixed authenticated traffic for wrk 4.x (bench/load.sh sets
-- the globals below through environment variables):
--   45% GET /api/v1/standards/{random id in the jurisdiction} (detail)
--   25% GET lists with filters (standards, units, inspections)
--   20% PUT /api/v1/inspections/{id}/results                 (every item;
--       half the time the previous answer again = idempotent, else changed)
--   10% POST /api/v1/inspections/{id}/evidence               (multipart, a
--       new small PNG each time: a new file and row)
-- Paced: each connection waits DELAY_MS after every answer (wrk 4 has no
-- -R), so the rate is about connections * 1000 / DELAY_MS per second while
-- latency stays well below DELAY_MS. Non-2xx answers are errors, counted per
-- thread and summed in done(); the summary line starts with LOAD.
local auth = "Bearer " .. os.getenv("LOAD_TOKEN")
local std_min = tonumber(os.getenv("LOAD_STD_MIN"))
local std_max = tonumber(os.getenv("LOAD_STD_MAX"))
local std_skip = {}
for id in string.gmatch(os.getenv("LOAD_STD_SKIP") or "", "%d+") do std_skip[tonumber(id)] = true end
local delay_ms = tonumber(os.getenv("LOAD_DELAY_MS"))
local insp = {}
for id in string.gmatch(os.getenv("LOAD_INSPECTIONS"), "%d+") do insp[#insp + 1] = id end
local items = {}
for no in string.gmatch(os.getenv("LOAD_ITEMS"), "%d+") do items[#items + 1] = tonumber(no) end

local threads = {}
local tid = 0

function setup(thread)
  tid = tid + 1
  thread:set("id", tid)
  table.insert(threads, thread)
end

local counter = 0
errors, kinds = 0, {} -- globals: done() reads them with thread:get

function init(args)
  math.randomseed(os.time() + (id or 0) * 7919)
  wrk.headers["Authorization"] = auth -- wrk.format uses these only without headers of its own
end

local lists = {
  "/api/v1/standards?field=12&status=active&per_page=50",
  "/api/v1/standards?status=active&per_page=20&page=3",
  "/api/v1/units?per_page=50",
  "/api/v1/inspections?per_page=50",
}

local function results_body(changed)
  local parts = {}
  local v = changed and math.random(0, 2) or 0
  for i, no in ipairs(items) do
    local verdict = ((no + v) % 3 == 0) and "na" or "conform"
    parts[#parts + 1] = string.format('{"item_no":%d,"verdict":"%s","note":"load %d"}', no, verdict, v)
  end
  return "[" .. table.concat(parts, ",") .. "]"
end

local function evidence_body()
  counter = counter + 1
  local boundary = "msupload" .. id .. "x" .. counter
  local png = "\137PNG\r\n\26\n\0\0\0\rIHDR" ..
    string.format("load %d %d %d %f ", id, counter, os.time(), math.random()) ..
    string.rep(string.char(math.random(0, 255)), math.random(200, 4000))
  local body = "--" .. boundary .. "\r\n" ..
    'Content-Disposition: form-data; name="file"; filename="load.png"\r\n' ..
    "Content-Type: image/png\r\n\r\n" .. png .. "\r\n--" .. boundary .. "--\r\n"
  return body, "multipart/form-data; boundary=" .. boundary
end

function request()
  local r = math.random(100)
  if r <= 45 then
    kinds.detail = (kinds.detail or 0) + 1
    local id
    repeat id = math.random(std_min, std_max) until not std_skip[id]
    return wrk.format("GET", "/api/v1/standards/" .. id)
  elseif r <= 70 then
    kinds.list = (kinds.list or 0) + 1
    return wrk.format("GET", lists[math.random(#lists)])
  elseif r <= 90 then
    kinds.results = (kinds.results or 0) + 1
    local id = insp[math.random(#insp)]
    return wrk.format("PUT", "/api/v1/inspections/" .. id .. "/results",
      { ["Content-Type"] = "application/json", ["Authorization"] = auth }, results_body(math.random(2) == 1))
  else
    kinds.evidence = (kinds.evidence or 0) + 1
    local body, ctype = evidence_body()
    local id = insp[math.random(#insp)]
    return wrk.format("POST", "/api/v1/inspections/" .. id .. "/evidence",
      { ["Content-Type"] = ctype, ["Authorization"] = auth }, body)
  end
end

function delay()
  return delay_ms
end

function response(status, headers, body)
  if status < 200 or status > 299 then
    errors = errors + 1
    if errors <= 3 then io.stderr:write(string.format("load: %d %s\n", status, body)) end
  end
end

function done(summary, latency, requests)
  local errs, byk = 0, {}
  for _, t in ipairs(threads) do
    errs = errs + t:get("errors")
    for k, n in pairs(t:get("kinds")) do byk[k] = (byk[k] or 0) + n end
  end
  local mix = {}
  for k, n in pairs(byk) do mix[#mix + 1] = k .. "=" .. n end
  table.sort(mix)
  io.write(string.format("LOAD %d %.1f %.2f %.2f %.2f %d %d %d %s\n", summary.requests,
    summary.requests / (summary.duration / 1e6), latency:percentile(50) / 1000,
    latency:percentile(99) / 1000, latency.max / 1000, errs,
    summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout,
    summary.errors.status, table.concat(mix, ",")))
end
