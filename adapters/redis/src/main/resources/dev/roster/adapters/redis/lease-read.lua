-- KEYS[1] lease hash, KEYS[2] expiry index; ARGV[1] "live", "lapsed" or "all". Lapsed means by Redis's own time.
-- Returns a flat list: lease json, expiry in µs (as a string), for each lease; for "all", Redis's time in µs (as a
-- string) first, then every lease, live and lapsed (a lease has lapsed when its expiry is at or before that time).
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000000 + tonumber(t[2])
local fields
if ARGV[1] == 'live' then
  fields = redis.call('ZRANGEBYSCORE', KEYS[2], '(' .. now, '+inf', 'WITHSCORES')
elseif ARGV[1] == 'all' then
  fields = redis.call('ZRANGEBYSCORE', KEYS[2], '-inf', '+inf', 'WITHSCORES')
else
  fields = redis.call('ZRANGEBYSCORE', KEYS[2], '-inf', now, 'WITHSCORES')
end
local leases = {}
if ARGV[1] == 'all' then
  table.insert(leases, string.format('%d', now))
end
for i = 1, #fields, 2 do
  local lease = redis.call('HGET', KEYS[1], fields[i])
  if lease then
    table.insert(leases, lease)
    table.insert(leases, fields[i + 1])
  end
end
return leases
