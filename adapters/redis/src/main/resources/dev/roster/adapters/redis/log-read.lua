-- Reads the event log and its generation in one step (creating the generation with ARGV[1] when there is none).
-- KEYS[1] the log, KEYS[2] its generation; ARGV[1] a generation to create, ARGV[2] "after" or "latest",
-- ARGV[3] how many entries at most, ARGV[4] the generation of the id to read after ("" to read from the oldest),
-- ARGV[5] the stream id to read after.
-- Returns {generation, "ok", id, json, id, json, ...}, oldest first for "after" and newest first for "latest";
-- or {generation, "gone", oldest stream id or ""} when what came after the id is no longer kept: the id is of
-- another generation (the log was lost with Redis), or older than the oldest entry kept (trimmed).
local gen = redis.call('GET', KEYS[2])
if not gen then
  gen = ARGV[1]
  redis.call('SET', KEYS[2], gen)
end
local function older(a, b)
  local am, as = string.match(a, '^(%d+)-(%d+)$')
  local bm, bs = string.match(b, '^(%d+)-(%d+)$')
  am, as, bm, bs = tonumber(am), tonumber(as), tonumber(bm), tonumber(bs)
  return am < bm or (am == bm and as < bs)
end
local entries
if ARGV[2] == 'latest' then
  entries = redis.call('XREVRANGE', KEYS[1], '+', '-', 'COUNT', ARGV[3])
elseif ARGV[4] == '' then
  entries = redis.call('XRANGE', KEYS[1], '-', '+', 'COUNT', ARGV[3])
else
  local first = redis.call('XRANGE', KEYS[1], '-', '+', 'COUNT', 1)
  local gone = ARGV[4] ~= gen
  if not gone then
    if #first > 0 then
      gone = older(ARGV[5], first[1][1])
    elseif redis.call('EXISTS', KEYS[1]) == 1 then
      -- a stream trimmed empty: gone when it had entries after the id
      local info = redis.call('XINFO', 'STREAM', KEYS[1])
      for i = 1, #info, 2 do
        if info[i] == 'last-generated-id' then
          gone = older(ARGV[5], info[i + 1])
        end
      end
    end
  end
  if gone then
    if #first > 0 then
      return {gen, 'gone', first[1][1]}
    end
    return {gen, 'gone', ''}
  end
  entries = redis.call('XRANGE', KEYS[1], '(' .. ARGV[5], '+', 'COUNT', ARGV[3])
end
local out = {gen, 'ok'}
for _, entry in ipairs(entries) do
  out[#out + 1] = entry[1]
  out[#out + 1] = entry[2][2]
end
return out
