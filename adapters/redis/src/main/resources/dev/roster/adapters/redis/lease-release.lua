-- Takes a lapsed lease away once: only if it is still there and was not renewed since it was read.
-- KEYS[1] lease hash, KEYS[2] expiry index; ARGV[1] field, ARGV[2] expiry in µs the releaser saw.
local expiry = redis.call('ZSCORE', KEYS[2], ARGV[1])
if not expiry or tonumber(expiry) > tonumber(ARGV[2]) then
  return 0
end
redis.call('ZREM', KEYS[2], ARGV[1])
redis.call('HDEL', KEYS[1], ARGV[1])
return 1
