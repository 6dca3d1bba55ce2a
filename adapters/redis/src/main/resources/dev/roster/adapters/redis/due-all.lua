#!lua flags=no-writes,allow-cross-slot-keys
-- The users whose grace deadline passed, over the due sets of a group of buckets one server holds, so that a sweep
-- is one command per server however many buckets there are (ShardScript: on a Cluster only the first bucket's keys
-- are declared and the flag lets the script read the others, all on this master). It also reads the epoch marker of
-- the group's first bucket, the one the reset watcher reads for this server (EpochMarkers), so that a round of the
-- sweep is that server's reset check too (ResetWatcher#swept) and the watcher need not send its own.
-- KEYS[1] the epoch marker; ARGV[1] now (the score at or below which a deadline is due), ARGV[2] how many users at
-- most; the due sets are KEYS[2] onwards, then ARGV[3] onwards, in bucket order. Returns the marker ('' when there is
-- none: the watcher then reads it itself, creating it), then the users, bucket by bucket. Read-only.
local limit = tonumber(ARGV[2])
local out = {redis.call('GET', KEYS[1]) or ''}
local sets = {}
for i = 2, #KEYS do
  sets[#sets + 1] = KEYS[i]
end
for i = 3, #ARGV do
  sets[#sets + 1] = ARGV[i]
end
for _, key in ipairs(sets) do
  if #out > limit then
    break
  end
  for _, user in ipairs(redis.call('ZRANGEBYSCORE', key, '-inf', ARGV[1], 'LIMIT', 0, limit + 1 - #out)) do
    out[#out + 1] = user
  end
end
return out
