-- One scenario of the load run (bench/load.py sets the environment):
--   B_METHOD    GET or POST
--   B_PATH      the path (unless a pool gives one per request)
--   B_COOKIE    the Cookie header (csrftoken and the session)
--   B_CSRF      the CSRF token (sent as X-CSRFToken on POST)
--   B_BODY      a file whose content is the POST body
--   B_COUNT_BODY  "1": append a counter to the body (each autosave changes the text)
--   B_POOL      a file of "path<TAB>cookie" lines: each request takes the next line, and a
--               thread that has used up its share stops (work is consumed, never repeated)
--   B_VARY_AGENT "1": a different User-Agent per request (a new visitor each time)
--   B_HOST      Host/Origin, e.g. 127.0.0.1:8765
--   B_DELAY_MS  mean think time between a connection's requests (0: none, saturation)
-- done() prints one JSON line: requests, duration, latency percentiles, errors, status codes.

local threads = {}
local counter = 0

function setup(thread)
  thread:set("tid", #threads)
  table.insert(threads, thread)
end

local method, path, cookie, csrf, body, host, count_body, vary_agent
local pool = nil
local next_item = 1
local codes = {}

local function read_file(name)
  local f = assert(io.open(name, "r"))
  local data = f:read("*a")
  f:close()
  return data
end

function init(args)
  method = os.getenv("B_METHOD") or "GET"
  path = os.getenv("B_PATH") or "/"
  cookie = os.getenv("B_COOKIE") or ""
  csrf = os.getenv("B_CSRF") or ""
  host = os.getenv("B_HOST") or "127.0.0.1"
  count_body = os.getenv("B_COUNT_BODY") == "1"
  vary_agent = os.getenv("B_VARY_AGENT") == "1"
  local body_file = os.getenv("B_BODY")
  body = body_file and body_file ~= "" and read_file(body_file) or nil
  local pool_file = os.getenv("B_POOL")
  if pool_file and pool_file ~= "" then
    pool = {}
    local nthreads = tonumber(os.getenv("B_THREADS") or "1")
    local i = 0
    for line in io.lines(pool_file) do
      if i % nthreads == tid then
        local p, c = line:match("^([^\t]+)\t(.*)$")
        table.insert(pool, {p, c})
      end
      i = i + 1
    end
  end
end

local delay_ms = tonumber(os.getenv("B_DELAY_MS") or "0")

function delay()
  if delay_ms > 0 then return math.random(math.floor(delay_ms / 2), math.floor(delay_ms * 3 / 2)) end
  return 0
end

function request()
  counter = counter + 1
  local p, c = path, cookie
  if pool then
    local item = pool[next_item]
    if item == nil then
      wrk.thread:stop()
      item = pool[#pool]
    end
    next_item = next_item + 1
    p, c = item[1], item[2]
  end
  local headers = {
    ["Host"] = host,
    ["X-Forwarded-Proto"] = "https",
    ["Accept-Language"] = "zh-CN,zh;q=0.9",
  }
  if c ~= "" then headers["Cookie"] = c end
  if vary_agent then
    headers["User-Agent"] = "bench-visitor-" .. tid .. "-" .. counter
  end
  local b = nil
  if method == "POST" then
    headers["Content-Type"] = "application/x-www-form-urlencoded"
    headers["X-CSRFToken"] = csrf
    headers["Origin"] = "https://" .. host
    headers["Referer"] = "https://" .. host .. p
    b = body
    if count_body then b = b .. tid .. "-" .. counter end
  end
  return wrk.format(method, p, headers, b)
end

function response(status, headers, body)
  codes[status] = (codes[status] or 0) + 1
end

local function json_codes()
  local merged = {}
  for _, thread in ipairs(threads) do
    local s = thread:get("codes_s")
    if s then
      for code, n in s:gmatch("(%d+)=(%d+)") do
        merged[code] = (merged[code] or 0) + tonumber(n)
      end
    end
  end
  local parts = {}
  for code, n in pairs(merged) do table.insert(parts, string.format('"%s": %d', code, n)) end
  return "{" .. table.concat(parts, ", ") .. "}"
end

-- wrk calls response() in the thread; publish the counts as a string after every response.
local orig_response = response
function response(status, headers, body)
  orig_response(status, headers, body)
  local parts = {}
  for code, n in pairs(codes) do table.insert(parts, code .. "=" .. n) end
  wrk.thread:set("codes_s", table.concat(parts, ","))
end

function done(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    '{"requests": %d, "duration_us": %d, "bytes": %d, "p50_us": %d, "p95_us": %d, ' ..
    '"p99_us": %d, "max_us": %d, "mean_us": %.1f, "err_connect": %d, "err_read": %d, ' ..
    '"err_write": %d, "err_status": %d, "err_timeout": %d, "codes": %s}\n',
    summary.requests, summary.duration, summary.bytes,
    latency:percentile(50), latency:percentile(95), latency:percentile(99), latency.max,
    latency.mean, e.connect, e.read, e.write, e.status, e.timeout, json_codes()))
end
