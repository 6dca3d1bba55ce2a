-- Moves entries of one bucket's outbox into the event log (Redis Cluster), idempotently: the log's slot keeps, per
-- bucket, the last outbox id relayed (with the bucket's epoch marker when it was read), and only entries after it
-- are appended, in their order. Relaying the same entries again, or older ones, appends nothing. Under another
-- epoch marker the bucket's slot lost its data, outbox and all, and every entry given is new.
-- KEYS[1] the log, KEYS[2] its generation, KEYS[3] the hash of "<epoch> <last outbox id relayed>" per bucket;
-- ARGV[1] the bucket, ARGV[2] how many entries the log keeps (about), ARGV[3] a generation to create when there is
-- none, ARGV[4] the bucket's epoch marker the entries were read under, ARGV[5..] pairs of outbox id and event JSON,
-- oldest first.
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
local last
local mark = redis.call('HGET', KEYS[3], ARGV[1])
if mark then
  local space = string.find(mark, ' ', 1, true)
  if space and string.sub(mark, 1, space - 1) == ARGV[4] then
    last = string.sub(mark, space + 1)
  end
end
local ids = {gen}
for i = 5, #ARGV, 2 do
  if not last or newer(ARGV[i], last) then
    ids[#ids + 1] = redis.call('XADD', KEYS[1], 'MAXLEN', '~', ARGV[2], '*', 'e', ARGV[i + 1],
      'o', ARGV[1] .. '/' .. ARGV[i])
    last = ARGV[i]
    redis.call('HSET', KEYS[3], ARGV[1], ARGV[4] .. ' ' .. last)
  else
    ids[#ids + 1] = ''
  end
end
return ids
