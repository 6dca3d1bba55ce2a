-- The users whose grace deadline passed, over every bucket's due set at once (standalone or Sentinel Redis only: the
-- keys are in many slots), so that a sweep is one command however many buckets there are.
-- KEYS the due sets, in bucket order; ARGV[1] now (the score at or below which a deadline is due), ARGV[2] how many
-- users at most. Returns the users, bucket by bucket.
local limit = tonumber(ARGV[2])
local out = {}
for _, key in ipairs(KEYS) do
  if #out >= limit then
    break
  end
  for _, user in ipairs(redis.call('ZRANGEBYSCORE', key, '-inf', ARGV[1], 'LIMIT', 0, limit - #out)) do
    out[#out + 1] = user
  end
end
return out
