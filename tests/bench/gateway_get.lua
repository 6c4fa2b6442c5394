-- wrk script of the gateway_get scenario (tests/bench/wrk_get runs it): GET
-- /v1/organizations/{id} of a random organisation in [first, last], with the bearer token, on
-- wrk's keep-alive connections; done() prints one WRK line for the run script to read.
-- Arguments (after --): <first id> <last id> <bearer token>.
local first, last

function init(args)
  first, last = tonumber(args[1]), tonumber(args[2])
  wrk.headers["Authorization"] = "Bearer " .. args[3]
  math.randomseed(os.time() + tonumber(tostring({}):match("0x(%x+)") or "0", 16))
end

function request()
  return wrk.format("GET", "/v1/organizations/" .. math.random(first, last))
end

function done(summary, latency, requests)
  local e = summary.errors
  io.write(string.format("WRK requests=%d duration_us=%d p50_us=%d p99_us=%d errors=%d\n",
                         summary.requests, summary.duration, latency:percentile(50),
                         latency:percentile(99),
                         e.connect + e.read + e.write + e.status + e.timeout))
end
