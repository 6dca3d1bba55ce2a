-- Moves the delivery position, and parks a dead letter with it, only for the lease's holder (fencing: a node that
-- lost its lease changes nothing).
-- KEYS[1] the lease, KEYS[2] the position, KEYS[3] the dead letters; ARGV[1] the holder, ARGV[2] the id delivered
-- up to ("" to start again from the oldest), ARGV[3] a dead letter's JSON or "" for none, ARGV[4] how many dead
-- letters are kept.
-- Returns 1 when moved, 0 when ARGV[1] does not hold the lease.
if redis.call('GET', KEYS[1]) ~= ARGV[1] then
  return 0
end
if ARGV[2] == '' then
  redis.call('DEL', KEYS[2])
else
  redis.call('SET', KEYS[2], ARGV[2])
end
if ARGV[3] ~= '' then
  redis.call('LPUSH', KEYS[3], ARGV[3])
  redis.call('LTRIM', KEYS[3], 0, tonumber(ARGV[4]) - 1)
end
return 1
