//! The Lua scripts a cluster runs on Redis. Each one is atomic there, which is what
//! makes the cluster's guarantees hold without any protocol between hubs: a publish
//! checks presence, numbers, stores and fans out in one step, so every hub sees events
//! in the order their publishers were acknowledged.
//!
//! Times come from Redis's `TIME`, so hubs with skewed clocks still agree on presence
//! expiry, rate budgets and event timestamps. Each script that reads the time also
//! takes how far the hub's clock runs ahead of the system's (zero but in tests that
//! move a hub's clock), so moving that clock moves what the script sees.

use std::sync::LazyLock;

use redis::Script;

/// `now` in milliseconds from Redis's clock, plus the hub clock's lead in the given
/// argument, shared by the scripts below.
macro_rules! lua_now {
    ($ahead:literal) => {
        concat!(
            "local t = redis.call('TIME')\nlocal now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000) + (tonumber(",
            $ahead,
            ") or 0)\n"
        )
    };
}

/// `last_id(key)`: a stream's last generated id, which outlives its entries.
macro_rules! lua_last_id {
    () => {
        r#"
local function last_id(key)
  local info = redis.call('XINFO', 'STREAM', key)
  for i = 1, #info, 2 do
    if info[i] == 'last-generated-id' then return info[i + 1] end
  end
  return '0-0'
end
"#
    };
}

/// KEYS: the key's presence, stream and sequence; with one Redis also the cluster's
/// epoch, statistics, the installation's misses, tapping hubs and the reset mark.
/// ARGV: payload, window ms, most events, pub/sub channel, stream ttl ms, key JSON,
/// miss ttl ms, tap channel, clock lead ms, the publish command (`PUBLISH`, or
/// `SPUBLISH` for a sharded channel), and `shared` when the cluster's keys are among
/// KEYS, else (under Redis Cluster, where a script only touches one slot) the epoch and
/// whether some hub taps (`1`), which the hub then looks after itself.
/// When some hub has a tap attached, the publish is also told on the tap channel:
/// `ts seq epoch hubs routedAt\nkey JSON\npayload`, with `-` for the ids of a null
/// result.
/// Returns nil when no hub holds a subscriber on the key (the null result), else
/// `{timestamp ms, sequence, epoch, hubs that received it}`. Refuses, before changing
/// anything, when Redis has no epoch (it lost its state: `FRT_NOSTATE`), holds one
/// that is not a 32-bit number (`FRT_BADSTATE`), or nobody is present on the key while
/// the hubs are registering again after such a loss (`FRT_RESETTING`): a null then
/// could be false.
/// A stream's `max-deleted-entry-id` says up to where events may be gone: Redis moves
/// it only on XDEL, so the script sets it wherever events go (the start of a new
/// stream, a trim by age, a trim by count), and a resume is recovered exactly when
/// nothing after its `since` is gone.
/// Every Redis call here is paid on every publish: the script keeps them few, and
/// only a clock that stepped back or a full stream costs more. Shared counters that
/// are damaged (the tap's set, the statistics) cost their feature, not the publish.
pub static PUBLISH: LazyLock<Script> = LazyLock::new(|| {
    Script::new(concat!(
        lua_now!("ARGV[9]"),
        lua_last_id!(),
        r#"
local shared = ARGV[11] == 'shared'
local epoch
local tapping
if shared then
  epoch = redis.call('GET', KEYS[4])
  if not epoch then
    return redis.error_reply('FRT_NOSTATE')
  end
  if not string.match(epoch, '^%d+$') or tonumber(epoch) > 4294967295 then
    return redis.error_reply('FRT_BADSTATE ' .. KEYS[4] .. ' holds ' .. string.sub(epoch, 1, 40))
  end
  local taps = redis.pcall('ZCOUNT', KEYS[7], '(' .. now, '+inf')
  tapping = type(taps) == 'number' and taps > 0
else
  epoch = ARGV[12]
  tapping = ARGV[13] == '1'
end
if redis.call('ZCOUNT', KEYS[1], '(' .. now, '+inf') == 0 then
  if shared then
    if redis.call('EXISTS', KEYS[8]) == 1 then
      return redis.error_reply('FRT_RESETTING')
    end
    if tapping then
      redis.call('PUBLISH', ARGV[8], '- - - 0 ' .. string.format('%.0f', now) .. '\n' .. ARGV[6] .. '\n' .. ARGV[1])
    end
    redis.pcall('HINCRBY', KEYS[5], 'noSubscriber', 1)
    redis.pcall('HINCRBY', KEYS[6], ARGV[6], 1)
    redis.pcall('PEXPIRE', KEYS[6], ARGV[7])
  end
  return false
end
local seq = redis.call('INCR', KEYS[3])
local ts = now
local fresh = redis.call('EXISTS', KEYS[2]) == 0
local minid = string.format('%.0f', now - tonumber(ARGV[2]))
-- The newest entry the trim by age is about to take, if any.
local stale = nil
if not fresh then
  stale = redis.call('XREVRANGE', KEYS[2], '(' .. minid .. '-0', '-', 'COUNT', 1)[1]
end
local added = redis.pcall('XADD', KEYS[2], 'MINID', minid, string.format('%.0f-%d', ts, seq), 'p', ARGV[1])
if type(added) == 'table' and added.err then
  -- The key's last id is later than Redis's clock (it stepped back): keep its ms.
  ts = tonumber(string.match(last_id(KEYS[2]), '^(%d+)'))
  redis.call('XADD', KEYS[2], 'MINID', minid, string.format('%.0f-%d', ts, seq), 'p', ARGV[1])
end
local id = string.format('%.0f-%d', ts, seq)
if fresh then
  -- Nothing before this event is kept: a resume from further back is not recovered.
  redis.call('XSETID', KEYS[2], id, 'MAXDELETEDID', string.format('%.0f-%d', ts, seq - 1))
elseif redis.call('XLEN', KEYS[2]) > tonumber(ARGV[3]) then
  redis.call('XTRIM', KEYS[2], 'MAXLEN', ARGV[3])
  local first = redis.call('XRANGE', KEYS[2], '-', '+', 'COUNT', 1)[1][1]
  local fms, fseq = string.match(first, '^(%d+)-(%d+)$')
  redis.pcall('XSETID', KEYS[2], id, 'MAXDELETEDID', fms .. '-' .. string.format('%.0f', tonumber(fseq) - 1))
elseif stale then
  redis.pcall('XSETID', KEYS[2], id, 'MAXDELETEDID', stale[1])
end
redis.call('PEXPIRE', KEYS[2], ARGV[5])
if not shared then
  redis.call('PEXPIRE', KEYS[3], ARGV[5])
end
local hubs = redis.call(ARGV[10], ARGV[4], epoch .. ' ' .. string.format('%.0f', ts) .. ' ' .. seq .. '\n' .. ARGV[1])
if shared then
  redis.pcall('HINCRBY', KEYS[5], 'published', 1)
  if tapping then
    redis.call('PUBLISH', ARGV[8], string.format('%.0f %d ', ts, seq) .. epoch .. ' ' .. hubs .. ' ' .. string.format('%.0f', now) .. '\n' .. ARGV[6] .. '\n' .. ARGV[1])
  end
end
return {ts, seq, tonumber(epoch), hubs}
"#
    ))
});

/// Registers this hub on one key and answers the key's position: the top of its
/// stream (the last id it generated, which outlives trimmed entries). A key with no
/// stream gets an empty one whose top is its sequence now (the cluster's, or under
/// Redis Cluster the key's own), so a subscription confirmed now can resume from there
/// and be told it recovered.
/// KEYS: presence, stream, sequence. ARGV: hub id, ttl ms, stream ttl ms, clock lead ms.
pub static REGISTER: LazyLock<Script> = LazyLock::new(|| {
    Script::new(concat!(
        lua_now!("ARGV[4]"),
        lua_last_id!(),
        r#"
redis.call('ZADD', KEYS[1], now + tonumber(ARGV[2]), ARGV[1])
redis.call('PEXPIRE', KEYS[1], tonumber(ARGV[2]) * 2)
if redis.call('EXISTS', KEYS[2]) == 0 then
  local seq = tonumber(redis.call('GET', KEYS[3]) or '0') or 0
  local top = string.format('%.0f-%.0f', now, seq)
  redis.call('XADD', KEYS[2], 'MAXLEN', 0, top, 'p', '')
  redis.call('XSETID', KEYS[2], top, 'MAXDELETEDID', top)
  redis.call('PEXPIRE', KEYS[2], ARGV[3])
  return top
end
redis.call('PEXPIRE', KEYS[2], ARGV[3], 'GT')
return last_id(KEYS[2])
"#
    ))
});

/// A generic cell rate limit (a token bucket with a burst of one second's budget).
/// KEYS: the installation's cell. ARGV: operations per second, operations wanted,
/// operations that must stay available for others (see `RateLimiter::check_leaving`),
/// clock lead ms.
/// Returns 0 when admitted (and takes them), else microseconds to wait (takes none).
pub static RATE: LazyLock<Script> = LazyLock::new(|| {
    Script::new(
        r#"
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000000 + tonumber(t[2]) + (tonumber(ARGV[4]) or 0) * 1000
local rate = tonumber(ARGV[1])
local n = tonumber(ARGV[2])
local interval = 1000000 / rate
local tat = tonumber(redis.call('GET', KEYS[1]) or '0') or 0
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

/// Keeps this hub present on keys it holds, and their streams (and, under Redis
/// Cluster, their sequences) alive while it does.
/// KEYS: per key, its presence set then `ARGV[5] - 1` keys to keep alive (a sorted
/// set alone for the tap, with `ARGV[5]` = 1).
/// ARGV: hub id, ttl ms, stream ttl ms, clock lead ms, keys per group.
/// Returns how many presence sets did not list this hub any more (Redis lost them).
pub static PRESENCE: LazyLock<Script> = LazyLock::new(|| {
    Script::new(concat!(
        lua_now!("ARGV[4]"),
        r#"
local expires = now + tonumber(ARGV[2])
local group = tonumber(ARGV[5]) or 1
local lost = 0
for i = 1, #KEYS, group do
  lost = lost + redis.call('ZADD', KEYS[i], expires, ARGV[1])
  redis.call('PEXPIRE', KEYS[i], tonumber(ARGV[2]) * 2)
  for j = i + 1, i + group - 1 do
    if KEYS[j] then
      redis.call('PEXPIRE', KEYS[j], ARGV[3], 'GT')
    end
  end
end
return lost
"#
    ))
});

/// Announces this hub and its figures. KEYS: hub set, this hub's record.
/// ARGV: hub id, ttl ms, record JSON, clock lead ms.
pub static ANNOUNCE: LazyLock<Script> = LazyLock::new(|| {
    Script::new(concat!(
        lua_now!("ARGV[4]"),
        r#"
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now)
redis.call('ZADD', KEYS[1], now + tonumber(ARGV[2]), ARGV[1])
redis.call('SET', KEYS[2], ARGV[3], 'PX', ARGV[2])
return 1
"#
    ))
});

/// Every live hub's record. KEYS: hub set. ARGV: the prefix of hub records, clock
/// lead ms.
pub static HUBS: LazyLock<Script> = LazyLock::new(|| {
    Script::new(concat!(
        lua_now!("ARGV[2]"),
        r#"
if redis.call('TYPE', KEYS[1]).ok ~= 'zset' then
  return {}
end
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now)
local ids = redis.call('ZRANGE', KEYS[1], 0, -1)
local out = {}
for _, id in ipairs(ids) do
  local record = redis.pcall('GET', ARGV[1] .. id)
  if type(record) == 'string' then table.insert(out, record) end
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
