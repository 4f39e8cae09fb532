//! The Lua scripts a cluster runs on Redis. Each one is atomic there, which is what
//! makes the cluster's guarantees hold without any protocol between hubs: a publish
//! checks presence, numbers, stores and fans out in one step, so every hub sees events
//! in the order their publishers were acknowledged.
//!
//! Times come from Redis's `TIME`, so hubs with skewed clocks still agree on presence
//! expiry, rate budgets and event timestamps.

use std::sync::LazyLock;

use redis::Script;

/// `now` in milliseconds from Redis's clock, shared by the scripts below.
macro_rules! lua_now {
    () => {
        "local t = redis.call('TIME')\nlocal now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)\n"
    };
}

/// KEYS: presence, stream, epoch, sequence, stats, misses, tapping hubs.
/// ARGV: payload, window ms, most events, pub/sub channel, stream ttl ms, key JSON,
/// miss ttl ms, tap channel.
/// When some hub has a tap attached, the publish is also told on the tap channel:
/// `ts seq epoch hubs routedAt\nkey JSON\npayload`, with `-` for the ids of a null
/// result.
/// Returns nil when no hub holds a subscriber on the key (the null result), else
/// `{timestamp ms, sequence, epoch, hubs that received it}`.
/// Every Redis call here is paid on every publish: the script keeps them few (the
/// sequence doubles as the published count; the stream's length tells whether it is
/// new), and only a clock that stepped back costs a lookup.
pub static PUBLISH: LazyLock<Script> = LazyLock::new(|| {
    Script::new(concat!(
        lua_now!(),
        r#"
local tapping = redis.call('ZCOUNT', KEYS[7], '(' .. now, '+inf') > 0
if redis.call('ZCOUNT', KEYS[1], '(' .. now, '+inf') == 0 then
  if tapping then
    redis.call('PUBLISH', ARGV[8], '- - - 0 ' .. string.format('%.0f', now) .. '\n' .. ARGV[6] .. '\n' .. ARGV[1])
  end
  redis.call('HINCRBY', KEYS[5], 'noSubscriber', 1)
  redis.call('HINCRBY', KEYS[6], ARGV[6], 1)
  redis.call('PEXPIRE', KEYS[6], ARGV[7])
  return false
end
local epoch = redis.call('GET', KEYS[3])
if not epoch then
  epoch = string.format('%.0f', (tonumber(t[1]) * 1000003 + tonumber(t[2])) % 4294967296)
  redis.call('SET', KEYS[3], epoch)
end
local seq = redis.call('INCR', KEYS[4])
local ts = now
local minid = string.format('%.0f', now - tonumber(ARGV[2]))
local added = redis.pcall('XADD', KEYS[2], 'MINID', minid, string.format('%.0f-%d', ts, seq), 'p', ARGV[1])
if type(added) == 'table' and added.err then
  -- The key's last event is later than Redis's clock (it stepped back): keep its ms.
  local last = redis.call('XREVRANGE', KEYS[2], '+', '-', 'COUNT', 1)
  ts = tonumber(string.match(last[1][1], '^(%d+)'))
  redis.call('XADD', KEYS[2], 'MINID', minid, string.format('%.0f-%d', ts, seq), 'p', ARGV[1])
end
local length = redis.call('XLEN', KEYS[2])
if length == 1 then
  -- Nothing before this event is kept (a new stream, or all older ones trimmed): a
  -- resume from further back cannot be told it recovered.
  redis.call('XSETID', KEYS[2], string.format('%.0f-%d', ts, seq), 'MAXDELETEDID', string.format('%.0f-%d', ts, seq - 1))
elseif length > tonumber(ARGV[3]) then
  redis.call('XTRIM', KEYS[2], 'MAXLEN', ARGV[3])
end
redis.call('PEXPIRE', KEYS[2], ARGV[5])
local hubs = redis.call('PUBLISH', ARGV[4], epoch .. ' ' .. string.format('%.0f', ts) .. ' ' .. seq .. '\n' .. ARGV[1])
if tapping then
  redis.call('PUBLISH', ARGV[8], string.format('%.0f %d ', ts, seq) .. epoch .. ' ' .. hubs .. ' ' .. string.format('%.0f', now) .. '\n' .. ARGV[6] .. '\n' .. ARGV[1])
end
return {ts, seq, tonumber(epoch), hubs}
"#
    ))
});

/// A generic cell rate limit (a token bucket with a burst of one second's budget).
/// KEYS: the installation's cell. ARGV: operations per second, operations wanted,
/// operations that must stay available for others (see `RateLimiter::check_leaving`).
/// Returns 0 when admitted (and takes them), else microseconds to wait (takes none).
pub static RATE: LazyLock<Script> = LazyLock::new(|| {
    Script::new(
        r#"
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000000 + tonumber(t[2])
local rate = tonumber(ARGV[1])
local n = tonumber(ARGV[2])
local interval = 1000000 / rate
local tat = tonumber(redis.call('GET', KEYS[1]) or '0')
if tat < now then tat = now end
local new_tat = tat + n * interval
local allow_at = new_tat - 1000000 + tonumber(ARGV[3]) * interval
if allow_at > now then
  return math.ceil(allow_at - now)
end
redis.call('SET', KEYS[1], string.format('%.0f', new_tat), 'PX', math.ceil((new_tat - now) / 1000) + 1000)
return 0
"#,
    )
});

/// Marks this hub present on keys. KEYS: presence sets. ARGV: hub id, ttl ms.
pub static PRESENCE: LazyLock<Script> = LazyLock::new(|| {
    Script::new(concat!(
        lua_now!(),
        r#"
local expires = now + tonumber(ARGV[2])
for _, key in ipairs(KEYS) do
  redis.call('ZADD', key, expires, ARGV[1])
  redis.call('PEXPIRE', key, tonumber(ARGV[2]) * 2)
end
return #KEYS
"#
    ))
});

/// Announces this hub and its figures. KEYS: hub set, this hub's record.
/// ARGV: hub id, ttl ms, record JSON.
pub static ANNOUNCE: LazyLock<Script> = LazyLock::new(|| {
    Script::new(concat!(
        lua_now!(),
        r#"
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now)
redis.call('ZADD', KEYS[1], now + tonumber(ARGV[2]), ARGV[1])
redis.call('SET', KEYS[2], ARGV[3], 'PX', ARGV[2])
return 1
"#
    ))
});

/// Every live hub's record. KEYS: hub set. ARGV: the prefix of hub records.
pub static HUBS: LazyLock<Script> = LazyLock::new(|| {
    Script::new(concat!(
        lua_now!(),
        r#"
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now)
local ids = redis.call('ZRANGE', KEYS[1], 0, -1)
local out = {}
for _, id in ipairs(ids) do
  local record = redis.call('GET', ARGV[1] .. id)
  if record then table.insert(out, record) end
end
return out
"#
    ))
});

/// What a resume or replay needs from a key's stream, newest first and bounded in
/// bytes (a replay keeps the newest events that fit the connection's budget anyway).
/// KEYS: stream. ARGV: first id (`(ms-seq` exclusive or `ms-0`), byte budget.
/// Returns `{max deleted id, 1 when the budget cut it short, entries newest first}`,
/// or `{'', 0, {}}` when the stream does not exist.
pub static BACKLOG: LazyLock<Script> = LazyLock::new(|| {
    Script::new(
        r#"
if redis.call('EXISTS', KEYS[1]) == 0 then
  return {'', 0, {}}
end
local info = redis.call('XINFO', 'STREAM', KEYS[1])
local deleted = '0-0'
for i = 1, #info, 2 do
  if info[i] == 'max-deleted-entry-id' then deleted = info[i + 1] end
end
local budget = tonumber(ARGV[2])
local out = {}
local bytes = 0
local cut = 0
local high = '+'
while true do
  local page = redis.call('XREVRANGE', KEYS[1], high, ARGV[1], 'COUNT', 500)
  for _, entry in ipairs(page) do
    bytes = bytes + #entry[2][2] + 128
    if bytes > budget then
      cut = 1
      break
    end
    table.insert(out, entry)
  end
  if cut == 1 or #page < 500 then break end
  high = '(' .. page[#page][1]
end
return {deleted, cut, out}
"#,
    )
});
