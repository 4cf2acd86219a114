-- wrk script for scripts/bench's webhook receiver figure: sends distinct signed webhooks at a fixed
-- total rate, each exactly once, and prints what it counted.
--
--   wrk -t T -c C -d <seconds + 1>s --timeout 5s -s scripts/bench-webhook.lua <url> -- \
--       <bodies file> <requests per second, all threads> <seconds to send> <T>
--
-- The bodies file is crates/waba-core/examples/webhook_load_bodies.rs's output: one line per
-- body, the X-Hub-Signature-256 value, a tab, the JSON body. Thread i of T sends lines i, i + T,
-- ... so no body goes out twice. Each thread paces its own share on an absolute schedule
-- (delay() gives each request the next slot, rate / T per second, on the monotonic clock, so a
-- late request does not push the later ones back); after <seconds to send> it sends nothing more,
-- so every request is answered before wrk stops (wrk runs one second longer). done() prints one
-- line, `wrk-result key=value ...`, with the latency percentiles of wrk's own histogram
-- (microseconds, from the request written to the response read), and the first refusals' statuses.
-- `built` counts the requests made, one more than wrk sent: wrk builds one to check the script.

local ffi = require("ffi")
ffi.cdef [[
typedef struct { long tv_sec; long tv_nsec; } bench_timespec;
int clock_gettime(int clock_id, bench_timespec *tp);
]]
local CLOCK_MONOTONIC = 1
local timespec = ffi.new("bench_timespec")
local function now_ms()
  ffi.C.clock_gettime(CLOCK_MONOTONIC, timespec)
  return tonumber(timespec.tv_sec) * 1000 + tonumber(timespec.tv_nsec) / 1e6
end

-- Main state: the threads, so done() can read their counts.
local threads = {}
function setup(thread)
  thread:set("thread_index", #threads)
  table.insert(threads, thread)
end

-- Thread state.
local signatures, bodies = {}, {}
local next_body, slot = 0, 0
local start_ms, send_ms, interval_ms
built, acked, refused, exhausted = 0, 0, 0, 0
refused_statuses = ""

function init(args)
  local path, rate, seconds, thread_count = args[1], tonumber(args[2]), tonumber(args[3]), tonumber(args[4])
  assert(path and rate and seconds and thread_count, "arguments: <bodies file> <rate> <seconds> <threads>")
  local file = assert(io.open(path, "r"))
  local line_number = 0
  for line in file:lines() do
    if line_number % thread_count == thread_index then
      local tab = line:find("\t", 1, true)
      table.insert(signatures, line:sub(1, tab - 1))
      table.insert(bodies, line:sub(tab + 1))
    end
    line_number = line_number + 1
  end
  file:close()
  interval_ms = 1000 * thread_count / rate
  send_ms = seconds * 1000
  start_ms = now_ms()
end

function delay()
  local now = now_ms()
  if now - start_ms >= send_ms then
    return 60000 -- done sending: idle until wrk stops
  end
  slot = slot + 1
  local wait = start_ms + slot * interval_ms - now
  if wait < 0 then
    return 0
  end
  return wait
end

function request()
  next_body = next_body + 1
  if next_body > #bodies then
    -- Fewer bodies than requests: resend the last one, counted, so the figure shows it.
    exhausted = exhausted + 1
    next_body = #bodies
  end
  built = built + 1
  return wrk.format("POST", nil, {
    ["Content-Type"] = "application/json",
    ["X-Hub-Signature-256"] = signatures[next_body],
  }, bodies[next_body])
end

function response(status, headers, body)
  if status == 200 then
    acked = acked + 1
  else
    refused = refused + 1
    if refused <= 5 then
      refused_statuses = refused_statuses .. (refused_statuses == "" and "" or ",") .. status
    end
  end
end

function done(summary, latency, requests)
  local built, acked, refused, exhausted, statuses = 0, 0, 0, 0, ""
  for _, thread in ipairs(threads) do
    built = built + thread:get("built")
    if thread:get("refused_statuses") ~= "" then
      statuses = statuses .. (statuses == "" and "" or ",") .. thread:get("refused_statuses")
    end
    acked = acked + thread:get("acked")
    refused = refused + thread:get("refused")
    exhausted = exhausted + thread:get("exhausted")
  end
  local errors = summary.errors
  io.write(string.format(
    "wrk-result built=%d acked=%d refused=%d exhausted=%d p50_us=%d p90_us=%d p99_us=%d max_us=%d "
      .. "connect_errors=%d read_errors=%d write_errors=%d timeouts=%d duration_us=%d\n"
      .. "wrk-refused-statuses %s\n",
    built, acked, refused, exhausted,
    latency:percentile(50), latency:percentile(90), latency:percentile(99), latency.max,
    errors.connect, errors.read, errors.write, errors.timeout, summary.duration,
    statuses == "" and "none" or statuses))
end
