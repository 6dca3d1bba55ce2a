-- Appends one event to the log (standalone, Sentinel) and names it: {generation, stream id}.
-- KEYS[1] the log, KEYS[2] its generation; ARGV[1] a generation to create when there is none, ARGV[2] how many
-- entries the log keeps (about), ARGV[3] the event's JSON.
local gen = redis.call('GET', KEYS[2])
if not gen then
  gen = ARGV[1]
  redis.call('SET', KEYS[2], gen)
end
local id = redis.call('XADD', KEYS[1], 'MAXLEN', '~', ARGV[2], '*', 'e', ARGV[3])
return {gen, id}
