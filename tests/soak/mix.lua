-- mix.lua - wrk's requests for make soak: codes, controls and bad input
-- in turn, each checked against the status it must get.
--
-- Each request carries its expected status in X-Request-Id (the worker
-- keeps a sane id in its answer), so that response() can tell which
-- request an answer belongs to among the connections of one thread.
-- No HEAD: wrk's parser would wait for the body its Content-Length
-- announces.  The counters are globals, which thread:get() reads.

local body = '{"soak":true}'
local long_query = "?pad=" .. string.rep("a", 5000)

local mix = {
  -- codes, with the fields and bodies they need
  { 200, "GET", "/api/status/200" },
  { 201, "POST", "/api/status/201", body },
  { 204, "GET", "/api/status/204" },
  { 301, "GET", "/api/status/301" },
  { 304, "GET", "/api/status/304" },
  { 401, "GET", "/api/status/401" },
  { 404, "GET", "/api/status/404" },
  { 405, "PUT", "/api/status/405", body },
  { 418, "GET", "/api/status/418?format=text" },
  { 429, "GET", "/api/status/429" },
  { 500, "GET", "/api/status/500" },
  { 503, "GET", "/api/status/503" },
  { 200, "GET", "/status/200" },
  { 302, "GET", "/302" },
  { 200, "GET", "/api/codes" },
  -- controls
  { 200, "GET", "/api/status/200?header=X-Soak:1&cache=max-age=60" },
  { 200, "GET", "/api/status/200?sleep=20" },
  { 200, "GET", "/api/status/200?dribbleBody=10" },
  -- a weighted pick, made the same every time by its seed
  { 503, "GET", "/api/status/500:1,503:3?seed=7" },
  { 307, "GET", "/api/status/307?location=/api/status/200" },
  -- bad input, refused with a problem (the worker's: lighttpd refuses an
  -- encoded CR or LF itself, without the id)
  { 400, "GET", "/api/status/abc" },
  { 400, "GET", "/api/status/200?sleep=99999999" },
  { 400, "GET", "/api/status/200?header=X-A:caf%c3%a9" },
  { 403, "GET", "/api/status/200?header=Set-Cookie:a=b" },
  { 403, "GET", "/api/status/302?location=https://evil.example/" },
  { 414, "GET", "/api/status/200" .. long_query },
  { 404, "GET", "/api/nothing-here" },
}

next_index = 1
serial = 0
checked, mismatches = 0, 0
first_mismatch = ""

function request()
  local item = mix[next_index]
  next_index = next_index % #mix + 1
  serial = serial + 1
  local headers = { ["X-Request-Id"] = "soak-" .. item[1] .. "-" .. serial }
  return wrk.format(item[2], item[3], headers, item[4])
end

function response(status, headers, _)
  checked = checked + 1
  local id = headers["X-Request-Id"] or headers["x-request-id"] or ""
  local expected = tonumber(id:match("^soak%-(%d+)%-"))
  if expected ~= status then
    mismatches = mismatches + 1
    if first_mismatch == "" then
      first_mismatch = status .. " for " .. (id ~= "" and id or "no id")
    end
  end
end

local threads = {}

function setup(thread)
  table.insert(threads, thread)
end

function done(summary, _, _)
  local total_checked, total_mismatches, example = 0, 0, ""
  for _, thread in ipairs(threads) do
    total_checked = total_checked + thread:get("checked")
    total_mismatches = total_mismatches + thread:get("mismatches")
    if example == "" then example = thread:get("first_mismatch") end
  end
  local e = summary.errors
  io.write(string.format(
    "soak-result requests=%d checked=%d mismatches=%d transport=%d " ..
    "connect=%d read=%d write=%d timeout=%d first_mismatch=%s\n",
    summary.requests, total_checked, total_mismatches,
    e.connect + e.read + e.write + e.timeout,
    e.connect, e.read, e.write, e.timeout,
    example ~= "" and example:gsub(" ", "_") or "none"))
end
