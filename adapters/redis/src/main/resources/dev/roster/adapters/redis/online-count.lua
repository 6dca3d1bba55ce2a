#!lua flags=no-writes,allow-cross-slot-keys
-- How many users are online, over the online sets of a group of buckets one server holds, so that a count is one
-- command per server however many buckets there are (ShardScript: on a Cluster only the first key is declared and
-- the flag lets the script read the others, all on this master). The online sets are KEYS, then ARGV. Read-only.
local count = 0
for _, key in ipairs(KEYS) do
  count = count + redis.call('ZCARD', key)
end
for _, key in ipairs(ARGV) do
  count = count + redis.call('ZCARD', key)
end
return count
