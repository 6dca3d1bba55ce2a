-- KEYS[1] lease hash, KEYS[2] expiry index; ARGV[1] field, ARGV[2] lease json, ARGV[3] lease length in ms.
-- The expiry is Redis's own time plus the lease length, so that the clocks of the nodes never decide.
-- Returns 1 if the lease was there before (renewed), 0 if it was (re)created.
local now = redis.call('TIME')
local expiry = tonumber(now[1]) * 1000000 + tonumber(now[2]) + tonumber(ARGV[3]) * 1000
local existed = redis.call('HEXISTS', KEYS[1], ARGV[1])
redis.call('HSET', KEYS[1], ARGV[1], ARGV[2])
redis.call('ZADD', KEYS[2], expiry, ARGV[1])
return existed
