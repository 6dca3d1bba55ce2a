-- How many users are online, over every bucket's online set at once (standalone or Sentinel Redis only: the keys are
-- in many slots), so that a count is one command however many buckets there are. KEYS the online sets.
local count = 0
for _, key in ipairs(KEYS) do
  count = count + redis.call('ZCARD', key)
end
return count
