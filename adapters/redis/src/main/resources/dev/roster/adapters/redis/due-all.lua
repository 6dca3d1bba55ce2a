#!lua flags=no-writes,allow-cross-slot-keys
-- The users whose grace deadline passed, over the due sets of a group of buckets one server holds, so that a sweep
-- is one command per server however many buckets there are (ShardScript: on a Cluster only the first key is
-- declared and the flag lets the script read the others, all on this master).
-- ARGV[1] now (the score at or below which a deadline is due), ARGV[2] how many users at most; the due sets are
-- KEYS, then ARGV[3] onwards, in bucket order. Returns the users, bucket by bucket. Read-only.
local limit = tonumber(ARGV[2])
local out = {}
local sets = {}
for _, key in ipairs(KEYS) do
  sets[#sets + 1] = key
end
for i = 3, #ARGV do
  sets[#sets + 1] = ARGV[i]
end
for _, key in ipairs(sets) do
  if #out >= limit then
    break
  end
  for _, user in ipairs(redis.call('ZRANGEBYSCORE', key, '-inf', ARGV[1], 'LIMIT', 0, limit - #out)) do
    out[#out + 1] = user
  end
end
return out
