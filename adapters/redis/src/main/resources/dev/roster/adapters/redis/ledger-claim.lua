-- Takes the delivery lease when nobody holds it, or renews it for its holder.
-- KEYS[1] the lease, KEYS[2] the position; ARGV[1] the holder, ARGV[2] the lease length in ms.
-- Returns {1, delivered id or nil} when ARGV[1] holds the lease now, {0} when another holder does.
local holder = redis.call('GET', KEYS[1])
if holder and holder ~= ARGV[1] then
  return {0}
end
redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2])
return {1, redis.call('GET', KEYS[2])}
