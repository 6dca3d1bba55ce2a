-- Lets the delivery lease go, only if ARGV[1] holds it. KEYS[1] the lease. Returns 1 when released.
if redis.call('GET', KEYS[1]) == ARGV[1] then
  return redis.call('DEL', KEYS[1])
end
return 0
