-- KEYS[1] lease hash, KEYS[2] expiry index; ARGV[1] "live" or "lapsed", ARGV[2] now in ms.
local fields
if ARGV[1] == 'live' then
  fields = redis.call('ZRANGEBYSCORE', KEYS[2], '(' .. ARGV[2], '+inf')
else
  fields = redis.call('ZRANGEBYSCORE', KEYS[2], '-inf', ARGV[2])
end
local leases = {}
for _, field in ipairs(fields) do
  local lease = redis.call('HGET', KEYS[1], field)
  if lease then
    table.insert(leases, lease)
  end
end
return leases
