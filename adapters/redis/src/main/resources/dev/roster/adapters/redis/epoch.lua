-- Returns the epoch marker of this slot, creating it with ARGV[1] when Redis lost it (then returns ARGV[1]).
local epoch = redis.call('GET', KEYS[1])
if epoch then
  return epoch
end
redis.call('SET', KEYS[1], ARGV[1])
return ARGV[1]
