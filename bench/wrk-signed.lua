-- wrk script: POSTs the signed incoming-call webhooks of BENCH_POOL (lines "<signature>\t<form body>",
-- written by sign-requests.mjs) in turn, and prints the results as one JSON line starting "BENCH ".
-- Usage: BENCH_POOL=<file> wrk -t2 -c16 -d20s --latency -s bench/wrk-signed.lua http://127.0.0.1:<port>
-- No response() function on purpose: defining one makes wrk parse every body, which costs the client CPU.
-- BENCH_DELAY_MS=<n>: each connection waits n ms before its next request, for a steady rate instead of flat out.
-- BENCH_SPLIT=<threads>: each thread starts at its own share of the pool, so no two threads send the same call.

local path = os.getenv("BENCH_PATH") or "/api/voice/incoming"
local threads = 0
local pool = {}
local next_index = 0

-- Runs in the main state once per thread: gives each thread its own starting point in the pool.
function setup(thread)
  thread:set("thread_number", threads)
  threads = threads + 1
end

-- Runs in each thread's own state: the requests are built once, so request() only hands them out.
function init(args)
  local file = os.getenv("BENCH_POOL") or error("BENCH_POOL is not set")
  for line in io.lines(file) do
    local signature, body = line:match("^([^\t]+)\t(.+)$")
    if signature then
      pool[#pool + 1] = wrk.format("POST", path, {
        ["Content-Type"] = "application/x-www-form-urlencoded",
        ["X-Twilio-Signature"] = signature,
      }, body)
    end
  end
  if #pool == 0 then error("no requests in " .. file) end
  local split = tonumber(os.getenv("BENCH_SPLIT") or "")
  if split then
    next_index = (thread_number or 0) * math.floor(#pool / split)
  else
    next_index = ((thread_number or 0) * 997) % #pool
  end
end

local delay_ms = tonumber(os.getenv("BENCH_DELAY_MS") or "")
if delay_ms then
  function delay()
    return delay_ms
  end
end

function request()
  next_index = next_index % #pool + 1
  return pool[next_index]
end

-- Latency figures are microseconds; errors.status counts responses with status >= 400 ("Non-2xx or 3xx").
function done(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    'BENCH {"requests":%d,"durationUs":%d,"bytes":%d,"requestsPerSecond":%.1f,' ..
    '"non2xx":%d,"connectErrors":%d,"readErrors":%d,"writeErrors":%d,"timeouts":%d,' ..
    '"latencyUs":{"mean":%.1f,"max":%d,"p50":%d,"p90":%d,"p99":%d,"p999":%d}}\n',
    summary.requests, summary.duration, summary.bytes, summary.requests / (summary.duration / 1e6),
    e.status, e.connect, e.read, e.write, e.timeout,
    latency.mean, latency.max, latency:percentile(50), latency:percentile(90), latency:percentile(99),
    latency:percentile(99.9)))
end
