-- Compare-and-set of one user's presence and its bucket's indexes, and the append of its events, in one step.
-- KEYS[1] presence, KEYS[2] online index, KEYS[3] due index, KEYS[4] the bucket's index of boots,
-- KEYS[5] where the events go: the event log (standalone, Sentinel) or the bucket's outbox (Cluster, same slot),
-- KEYS[6..] boot sets: ARGV[7] to leave, then to join.
-- ARGV[1] expected version ("0" when absent), ARGV[2] new value "<version>|<json>", ARGV[3] "1" if listed,
-- ARGV[4] next deadline in µs or "", ARGV[5] ttl in ms or "" for none, ARGV[6] user, ARGV[7] boot sets to leave,
-- ARGV[8] how many entries the events stream keeps (about), ARGV[9..] the "<node> <boot>" of each boot set, in
-- the order of KEYS[6..], then each event's JSON, in order.
-- Returns {1} when written, {0, stored} when the stored version differs (stored is absent if there is none); on a
-- conflict nothing is written and no event appended.
local stored = redis.call('GET', KEYS[1])
local version = '0'
if stored then
  version = string.sub(stored, 1, string.find(stored, '|', 1, true) - 1)
end
if version ~= ARGV[1] then
  return {0, stored}
end
if ARGV[5] == '' then
  redis.call('SET', KEYS[1], ARGV[2])
else
  redis.call('SET', KEYS[1], ARGV[2], 'PX', ARGV[5])
end
if ARGV[3] == '1' then
  redis.call('ZADD', KEYS[2], 0, ARGV[6])
else
  redis.call('ZREM', KEYS[2], ARGV[6])
end
if ARGV[4] == '' then
  redis.call('ZREM', KEYS[3], ARGV[6])
else
  redis.call('ZADD', KEYS[3], ARGV[4], ARGV[6])
end
local leaving = tonumber(ARGV[7])
for i = 6, 5 + leaving do
  redis.call('SREM', KEYS[i], ARGV[6])
  if redis.call('SCARD', KEYS[i]) == 0 then
    redis.call('SREM', KEYS[4], ARGV[i + 3])
  end
end
for i = 6 + leaving, #KEYS do
  redis.call('SADD', KEYS[i], ARGV[6])
  redis.call('SADD', KEYS[4], ARGV[i + 3])
end
for i = #KEYS + 4, #ARGV do
  redis.call('XADD', KEYS[5], 'MAXLEN', '~', ARGV[8], '*', 'e', ARGV[i])
end
return {1}
