-- KEYS[1] lease hash, KEYS[2] expiry index; ARGV[1] field, ARGV[2] lease json, ARGV[3] expiry ms.
-- Returns 1 if the lease was there before (renewed), 0 if it was (re)created.
local existed = redis.call('HEXISTS', KEYS[1], ARGV[1])
redis.call('HSET', KEYS[1], ARGV[1], ARGV[2])
redis.call('ZADD', KEYS[2], ARGV[3], ARGV[1])
return existed
