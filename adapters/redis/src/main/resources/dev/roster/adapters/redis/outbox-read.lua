-- Reads the oldest entries of a bucket's outbox (Redis Cluster) with the bucket's epoch marker, which tells this
-- life of the slot's data from the next: an outbox lost with its shard starts its ids again from that shard's clock,
-- and the relay must not hold them against the mark it keeps of the lost one.
-- KEYS[1] the outbox, KEYS[2] the bucket's epoch marker; ARGV[1] a marker to create when there is none (as
-- epoch.lua does), ARGV[2] how many entries at most.
-- Returns {epoch, id, json, id, json, ...}, oldest first.
local epoch = redis.call('GET', KEYS[2])
if not epoch then
  epoch = ARGV[1]
  redis.call('SET', KEYS[2], epoch)
end
local out = {epoch}
for _, entry in ipairs(redis.call('XRANGE', KEYS[1], '-', '+', 'COUNT', ARGV[2])) do
  out[#out + 1] = entry[1]
  out[#out + 1] = entry[2][2]
end
return out
