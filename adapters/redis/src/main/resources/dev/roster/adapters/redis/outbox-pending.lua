#!lua flags=no-writes,allow-cross-slot-keys
-- Which outboxes hold events not relayed yet (Redis Cluster), over the outboxes of a group of buckets one master
-- holds, so that the relay's sweep is one command per master when there is nothing to relay (ShardScript: only the
-- first key is declared and the flag lets the script read the others, all on this master).
-- The outboxes are KEYS, then ARGV. Returns the positions (1-based, in that order) of those that are not empty.
-- Read-only.
local out = {}
local i = 0
for _, key in ipairs(KEYS) do
  i = i + 1
  if redis.call('XLEN', key) > 0 then
    out[#out + 1] = i
  end
end
for _, key in ipairs(ARGV) do
  i = i + 1
  if redis.call('XLEN', key) > 0 then
    out[#out + 1] = i
  end
end
return out
