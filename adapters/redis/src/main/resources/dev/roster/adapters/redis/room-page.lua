-- One page of a room's members, in id order, after a position.
-- KEYS[1] room hash, KEYS[2] sorted members (see room.lua); ARGV[1] position ("" for the first page),
-- ARGV[2] how many, ARGV[3] tombstone ttl in ms (a room found empty on a rebuild expires after it, as in room.lua).
-- The sorted members hold exactly the hash's "in" entries, so their count equals the hash's "#". When it does not,
-- a node of an older version wrote the hash alone: the sorted members are rebuilt from the hash, once, and "#" set
-- to what the hash holds, so that the next page finds them equal again.
local count = tonumber(redis.call('HGET', KEYS[1], '#') or '0')
if redis.call('ZCARD', KEYS[2]) ~= count then
  redis.call('DEL', KEYS[2])
  local all = redis.call('HGETALL', KEYS[1])
  local batch = {}
  local members = 0
  for i = 1, #all, 2 do
    if string.sub(all[i + 1], 1, 3) == 'in:' then
      batch[#batch + 1] = 0
      batch[#batch + 1] = all[i]
      members = members + 1
      if #batch >= 1000 then
        redis.call('ZADD', KEYS[2], unpack(batch))
        batch = {}
      end
    end
  end
  if #batch > 0 then
    redis.call('ZADD', KEYS[2], unpack(batch))
  end
  if redis.call('EXISTS', KEYS[1]) == 1 then
    redis.call('HSET', KEYS[1], '#', members)
    if members > 0 then
      redis.call('PERSIST', KEYS[1])
    else
      redis.call('PEXPIRE', KEYS[1], ARGV[3])
    end
  end
end
local from = '-'
if ARGV[1] ~= '' then
  from = '(' .. ARGV[1]
end
return redis.call('ZRANGEBYLEX', KEYS[2], from, '+', 'LIMIT', 0, tonumber(ARGV[2]))
