-- Open-ish pacing for wrk: requests leave on a fixed schedule of RATE requests/s in total,
-- shared by the threads, whatever the responses' latency. Usage: wrk ... -s paced.lua URL -- RATE THREADS
-- Each call to delay() claims the thread's next send slot; a connection that is late sends at once,
-- so the rate holds as long as enough connections are idle. wrk's timers have 1 ms resolution.

dofile(os.getenv("BENCH_LUA_DIR") .. "/report.lua")

local ffi = require("ffi")
ffi.cdef[[
typedef struct { long tv_sec; long tv_nsec; } bench_timespec;
int clock_gettime(int clk_id, bench_timespec *tp);
]]
local CLOCK_MONOTONIC = 1
local ts = ffi.new("bench_timespec")

local function now_ms()
   ffi.C.clock_gettime(CLOCK_MONOTONIC, ts)
   return tonumber(ts.tv_sec) * 1000 + tonumber(ts.tv_nsec) / 1e6
end

local counter = 0
function setup(thread)
   thread:set("index", counter)
   counter = counter + 1
end

local interval_ms
local next_slot

function init(args)
   local rate = tonumber(args[1] or "1000")
   local threads = tonumber(args[2] or "1")
   interval_ms = threads * 1000 / rate
   -- stagger the threads' schedules so that their sends interleave
   next_slot = now_ms() + (tonumber(index) or 0) * interval_ms / threads
end

function delay()
   local now = now_ms()
   if next_slot < now - 1000 then
      -- more than a second behind (a stall): restart the schedule rather than burst
      next_slot = now
   end
   local slot = next_slot
   next_slot = next_slot + interval_ms
   local wait = slot - now
   if wait <= 0 then
      return 0
   end
   return math.floor(wait)
end
