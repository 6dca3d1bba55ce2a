-- KEYS[1] lease hash, KEYS[2] expiry index; ARGV[1] "live" or "lapsed". Lapsed means by Redis's own time.
-- Returns a flat list: lease json, expiry in µs (as a string), for each lease.
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000000 + tonumber(t[2])
local fields
if ARGV[1] == 'live' then
  fields = redis.call('ZRANGEBYSCORE', KEYS[2], '(' .. now, '+inf', 'WITHSCORES')
else
  fields = redis.call('ZRANGEBYSCORE', KEYS[2], '-inf', now, 'WITHSCORES')
end
local leases = {}
for i = 1, #fields, 2 do
  local lease = redis.call('HGET', KEYS[1], fields[i])
  if lease then
    table.insert(leases, lease)
    table.insert(leases, fields[i + 1])
  end
end
return leases
