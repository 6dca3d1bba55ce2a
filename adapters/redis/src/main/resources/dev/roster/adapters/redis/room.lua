-- Order-independent room index: field user -> "in:<version>" or "out:<version>", written only if newer.
-- The field "#" counts the members in; a room with none expires after ARGV[4] ms, tombstones with it.
-- Beside the hash, in the same slot: the members in, sorted by id (score 0), which pages are read from, and the
-- tombstones by version, so that each write drops a few tombstones older than ARGV[4] ms (readers of pages never
-- read the whole hash, so they cannot prune it).
-- KEYS[1] room hash, KEYS[2] sorted members, KEYS[3] tombstones by version;
-- ARGV[1] user, ARGV[2] "in" or "out", ARGV[3] version, ARGV[4] tombstone ttl in ms.
-- Returns the members counted in after the write, or after no write when the entry held a newer version.
local PRUNE_PER_WRITE = 8
local function newer(a, b)
  if #a ~= #b then
    return #a > #b
  end
  return a > b
end
local current = redis.call('HGET', KEYS[1], ARGV[1])
local was_in = false
if current then
  local sep = string.find(current, ':', 1, true)
  if not newer(ARGV[3], string.sub(current, sep + 1)) then
    return tonumber(redis.call('HGET', KEYS[1], '#') or '0')
  end
  was_in = string.sub(current, 1, sep - 1) == 'in'
end
redis.call('HSET', KEYS[1], ARGV[1], ARGV[2] .. ':' .. ARGV[3])
if ARGV[2] == 'in' then
  redis.call('ZADD', KEYS[2], 0, ARGV[1])
  redis.call('ZREM', KEYS[3], ARGV[1])
else
  redis.call('ZREM', KEYS[2], ARGV[1])
  redis.call('ZADD', KEYS[3], ARGV[3], ARGV[1])
end
local count = tonumber(redis.call('HGET', KEYS[1], '#') or '0')
if ARGV[2] == 'in' and not was_in then
  count = count + 1
elseif ARGV[2] == 'out' and was_in then
  count = count - 1
end
redis.call('HSET', KEYS[1], '#', count)
-- versions are microseconds of the wall clock: below 2^53, exact as Lua numbers
local cutoff = tonumber(ARGV[3]) - tonumber(ARGV[4]) * 1000
local old = redis.call('ZRANGEBYSCORE', KEYS[3], '-inf', string.format('%.0f', cutoff), 'LIMIT', 0, PRUNE_PER_WRITE)
for _, user in ipairs(old) do
  local value = redis.call('HGET', KEYS[1], user)
  if value and string.sub(value, 1, 4) == 'out:' and tonumber(string.sub(value, 5)) <= cutoff then
    redis.call('HDEL', KEYS[1], user)
  end
  redis.call('ZREM', KEYS[3], user)
end
for i = 1, 3 do
  if count <= 0 then
    redis.call('PEXPIRE', KEYS[i], ARGV[4])
  else
    redis.call('PERSIST', KEYS[i])
  end
end
return count
