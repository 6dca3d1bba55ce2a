-- Moves entries of one bucket's outbox into the event log (Redis Cluster), idempotently: the log's slot keeps, per
-- bucket, the last outbox id relayed, and only entries after it are appended, in their order. Relaying the same
-- entries again, or older ones, appends nothing.
-- KEYS[1] the log, KEYS[2] its generation, KEYS[3] the hash of the last outbox id relayed per bucket;
-- ARGV[1] the bucket, ARGV[2] how many entries the log keeps (about), ARGV[3] a generation to create when there is
-- none, ARGV[4..] pairs of outbox id and event JSON, oldest first.
-- Returns {generation, then per pair the log's stream id of the entry, or "" when it had been relayed before}.
local gen = redis.call('GET', KEYS[2])
if not gen then
  gen = ARGV[3]
  redis.call('SET', KEYS[2], gen)
end
local function newer(a, b)
  local am, as = string.match(a, '^(%d+)-(%d+)$')
  local bm, bs = string.match(b, '^(%d+)-(%d+)$')
  am, as, bm, bs = tonumber(am), tonumber(as), tonumber(bm), tonumber(bs)
  return am > bm or (am == bm and as > bs)
end
local last = redis.call('HGET', KEYS[3], ARGV[1])
local ids = {gen}
for i = 4, #ARGV, 2 do
  if not last or newer(ARGV[i], last) then
    ids[#ids + 1] = redis.call('XADD', KEYS[1], 'MAXLEN', '~', ARGV[2], '*', 'e', ARGV[i + 1],
      'o', ARGV[1] .. '/' .. ARGV[i])
    last = ARGV[i]
    redis.call('HSET', KEYS[3], ARGV[1], last)
  else
    ids[#ids + 1] = ''
  end
end
return ids
