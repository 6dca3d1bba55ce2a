-- Order-independent room index: field user -> "in:<version>" or "out:<version>", written only if newer.
-- The field "#" counts the members in; a room with none expires after ARGV[4] ms, tombstones with it.
-- KEYS[1] room hash; ARGV[1] user, ARGV[2] "in" or "out", ARGV[3] version, ARGV[4] tombstone ttl in ms.
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
    return 0
  end
  was_in = string.sub(current, 1, sep - 1) == 'in'
end
redis.call('HSET', KEYS[1], ARGV[1], ARGV[2] .. ':' .. ARGV[3])
local count = tonumber(redis.call('HGET', KEYS[1], '#') or '0')
if ARGV[2] == 'in' and not was_in then
  count = count + 1
elseif ARGV[2] == 'out' and was_in then
  count = count - 1
end
redis.call('HSET', KEYS[1], '#', count)
if count <= 0 then
  redis.call('PEXPIRE', KEYS[1], ARGV[4])
else
  redis.call('PERSIST', KEYS[1])
end
return 1
