#!/usr/bin/env node
// Generates assembly/server/commanddocs.ts: the command metadata that the command table lacks (ACL
// categories, tips, key specs, and everything COMMAND DOCS reports), for COMMAND INFO/DOCS/GETKEYS.
//
// Sources (nothing else):
//   1. A running redis-server 7.0.15 (Debian's package): its COMMAND INFO and COMMAND DOCS replies,
//      i.e. the observed behaviour of an installed program.
//   2. V74_CHANGES and V74_NEW below: hand-written facts about the Redis 7.4 interface where it
//      differs from 7.0 (arities, flags, tips; commands added in 7.2/7.4), from the public command
//      reference and release notes. Text for the new commands (summaries) is our own wording.
// COMMAND DOCS of commands that 7.0 already has is therefore 7.0's (docs/compatibility.md).
//
// Usage:
//   node scripts/gen-command-docs.js --port N [--out F]  regenerate commanddocs.ts (or F) from the
//                                                         server on port N (default 6379)
//   node scripts/gen-command-docs.js --port N --diff P   compare a running Cinnabar (port P) with
//       the model: COMMAND COUNT/LIST, COMMAND INFO and COMMAND DOCS byte for byte (RESP2 and
//       RESP3) for every command it lists; byte-compare with the live server wherever the model
//       equals the live 7.0 answer; and report table entries (arity, flags, key range) that differ
//       from the model.
//
// Output format (see commanddocs.ts's header): per command full name (sorted), the ACL category mask,
// tips, key specs as numbers, the getkeys procedure id, and the docs as a compact token string.
import net from "node:net";
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

// ---- facts about the interface -----------------------------------------------------------------

// COMMAND INFO flag names, in reply order, and their bits in assembly/server/commands.ts (null: not in
// the table's flag set). Hidden flags (never shown by COMMAND INFO) are marked.
export const FLAGS = [
  ["write", 0], ["readonly", 1], ["denyoom", 2], ["module", null], ["admin", 3], ["pubsub", 4],
  ["noscript", 5], ["blocking", 6], ["loading", 7], ["stale", 8], ["skip_monitor", 9],
  ["skip_slowlog", 10], ["asking", 11], ["fast", 12], ["no_auth", 13],
  ["may_replicate", 14, "hidden"], ["sentinel", 15, "hidden"], ["only_sentinel", null, "hidden"],
  ["no_mandatory_keys", 16], ["protected", 17, "hidden"], ["no_async_loading", 18], ["no_multi", 19],
  ["movablekeys", 20], ["allow_busy", 21], ["touches_arbitrary_keys", null, "hidden"],
];
export const ACL_CATS = [
  "keyspace", "read", "write", "set", "sortedset", "list", "hash", "string", "bitmap", "hyperloglog",
  "geo", "stream", "pubsub", "admin", "fast", "slow", "blocking", "dangerous", "connection",
  "transaction", "scripting",
];
export const KEY_FLAGS = ["RO", "RW", "OW", "RM", "access", "update", "insert", "delete", "not_key", "incomplete", "variable_flags"];
// Key-extraction procedures of introspection.ts (PROC_* ids are indexes here), for the commands whose
// keys their key specs cannot give exactly: the movablekeys commands whose specs are incomplete,
// keyword-dependent or have argument-dependent flags (observed with COMMAND GETKEYSANDFLAGS).
export const PROCS = [
  "", "set", "bitfield", "sort", "sort_ro", "migrate", "georadius", "xread", "eval", "function",
  "lmpop", "blmpop", "zmpop", "sintercard", "zsetop", "zsetop_store",
];
export const PROC_OF = {
  set: "set", bitfield: "bitfield", sort: "sort", sort_ro: "sort_ro", migrate: "migrate",
  georadius: "georadius", georadiusbymember: "georadius", xread: "xread", xreadgroup: "xread",
  eval: "eval", eval_ro: "eval", evalsha: "eval", evalsha_ro: "eval", fcall: "function", fcall_ro: "function",
  lmpop: "lmpop", blmpop: "blmpop", bzmpop: "blmpop", zmpop: "zmpop", sintercard: "sintercard",
  zdiff: "zsetop", zinter: "zsetop", zintercard: "zsetop", zunion: "zsetop",
  zdiffstore: "zsetop_store", zinterstore: "zsetop_store", zunionstore: "zsetop_store",
};

// ---- typed RESP values: {t:'arr'|'set'|'map'|'bulk'|'status'|'int'|'null', v} -----------------
const bulk = (v) => ({ t: "bulk", v });
const status = (v) => ({ t: "status", v });
const int = (v) => ({ t: "int", v });
const arr = (v) => ({ t: "arr", v });
const set = (v) => ({ t: "set", v });
const map = (pairs) => ({ t: "map", v: pairs.map(([k, v]) => [bulk(k), v]) });

export function encodeResp(x, resp) {
  const out = [];
  const w = (s) => out.push(s);
  (function enc(x) {
    switch (x.t) {
      case "bulk": { const b = Buffer.from(x.v, "utf8"); w(`$${b.length}\r\n`); w(b); w("\r\n"); break; }
      case "status": w(`+${x.v}\r\n`); break;
      case "int": w(`:${x.v}\r\n`); break;
      case "null": w(resp === 3 ? "_\r\n" : "$-1\r\n"); break;
      case "arr": w(`*${x.v.length}\r\n`); x.v.forEach(enc); break;
      case "set": w(`${resp === 3 ? "~" : "*"}${x.v.length}\r\n`); x.v.forEach(enc); break;
      case "map": w(resp === 3 ? `%${x.v.length}\r\n` : `*${x.v.length * 2}\r\n`); for (const [k, v] of x.v) { enc(k); enc(v); } break;
      default: throw new Error("bad node " + x.t);
    }
  })(x);
  return Buffer.concat(out.map((s) => (typeof s === "string" ? Buffer.from(s, "latin1") : s)));
}

// ---- a minimal RESP client ---------------------------------------------------------------------
function parseResp(buf, pos) {
  const nl = buf.indexOf("\r\n", pos);
  if (nl < 0) return null;
  const t = String.fromCharCode(buf[pos]);
  const line = buf.toString("utf8", pos + 1, nl);
  let p = nl + 2;
  const many = (n, mk) => {
    const items = [];
    for (let i = 0; i < n; i++) { const r = parseResp(buf, p); if (!r) return null; items.push(r.v); p = r.p; }
    return { v: mk(items), p };
  };
  switch (t) {
    case "+": return { v: status(line), p };
    case "-": return { v: { t: "err", v: line }, p };
    case ":": return { v: int(Number(line)), p };
    case "_": return { v: { t: "null" }, p };
    case "$": {
      const n = Number(line);
      if (n < 0) return { v: { t: "null" }, p };
      if (buf.length < p + n + 2) return null;
      return { v: bulk(buf.toString("utf8", p, p + n)), p: p + n + 2 };
    }
    case "*": return Number(line) < 0 ? { v: { t: "null" }, p } : many(Number(line), arr);
    case "~": return many(Number(line), set);
    case "%": return many(Number(line) * 2, (it) => { const v = []; for (let i = 0; i < it.length; i += 2) v.push([it[i], it[i + 1]]); return { t: "map", v }; });
    default: throw new Error("unexpected RESP type " + t);
  }
}

function encodeCommand(args) {
  return Buffer.concat([Buffer.from(`*${args.length}\r\n`), ...args.map((a) => { const b = Buffer.from(a); return Buffer.concat([Buffer.from(`$${b.length}\r\n`), b, Buffer.from("\r\n")]); })]);
}

/** Sends each command in turn; resolves to [{raw, v}] (raw reply bytes and the parsed value). */
export function query(port, cmds, host = "127.0.0.1") {
  return new Promise((resolve, reject) => {
    const s = net.connect(port, host);
    let buf = Buffer.alloc(0);
    const out = [];
    s.on("error", reject);
    s.on("connect", () => { for (const c of cmds) s.write(encodeCommand(c)); });
    s.on("data", (d) => {
      buf = Buffer.concat([buf, d]);
      for (;;) {
        const r = parseResp(buf, 0);
        if (!r) return;
        out.push({ raw: buf.subarray(0, r.p), v: r.v });
        buf = buf.subarray(r.p);
        if (out.length === cmds.length) { s.end(); resolve(out); return; }
      }
    });
  });
}

// ---- the model ---------------------------------------------------------------------------------
// model: Map fullName -> {name, arity, flags:[visible names], first, last, step,
//   acl:[names], tips:[strings], keySpecs:[{notes, flags:[..], bs:{type,index|keyword,startfrom},
//   fk:{type,...}}], proc: name|"", docs: map node without "subcommands", subs:[fullNames], src}

const getMap = (node, key) => { for (const [k, v] of node.v) if (k.v === key) return v; return undefined; };

function keySpecFromNode(m) {
  const ks = { notes: getMap(m, "notes")?.v ?? null, flags: getMap(m, "flags").v.map((x) => x.v) };
  const bs = getMap(m, "begin_search"), fk = getMap(m, "find_keys");
  const bst = getMap(bs, "type").v, bss = getMap(bs, "spec");
  ks.bs = bst === "index" ? { type: "index", index: getMap(bss, "index").v }
    : bst === "keyword" ? { type: "keyword", keyword: getMap(bss, "keyword").v, startfrom: getMap(bss, "startfrom").v }
    : { type: "unknown" };
  const fkt = getMap(fk, "type").v, fks = getMap(fk, "spec");
  ks.fk = fkt === "range" ? { type: "range", lastkey: getMap(fks, "lastkey").v, keystep: getMap(fks, "keystep").v, limit: getMap(fks, "limit").v }
    : fkt === "keynum" ? { type: "keynum", keynumidx: getMap(fks, "keynumidx").v, firstkey: getMap(fks, "firstkey").v, keystep: getMap(fks, "keystep").v }
    : { type: "unknown" };
  return ks;
}

export function keySpecNode(ks) {
  const pairs = [];
  if (ks.notes != null) pairs.push(["notes", bulk(ks.notes)]);
  pairs.push(["flags", set(KEY_FLAGS.filter((f) => ks.flags.includes(f)).map(status))]);
  const bs = ks.bs.type === "index" ? map([["type", bulk("index")], ["spec", map([["index", int(ks.bs.index)]])]])
    : ks.bs.type === "keyword" ? map([["type", bulk("keyword")], ["spec", map([["keyword", bulk(ks.bs.keyword)], ["startfrom", int(ks.bs.startfrom)]])]])
    : map([["type", bulk("unknown")], ["spec", map([])]]);
  const fk = ks.fk.type === "range" ? map([["type", bulk("range")], ["spec", map([["lastkey", int(ks.fk.lastkey)], ["keystep", int(ks.fk.keystep)], ["limit", int(ks.fk.limit)]])]])
    : ks.fk.type === "keynum" ? map([["type", bulk("keynum")], ["spec", map([["keynumidx", int(ks.fk.keynumidx)], ["firstkey", int(ks.fk.firstkey)], ["keystep", int(ks.fk.keystep)]])]])
    : map([["type", bulk("unknown")], ["spec", map([])]]);
  pairs.push(["begin_search", bs], ["find_keys", fk]);
  return map(pairs);
}

/** COMMAND INFO entry for one command, with the given subcommand entries. */
export function infoNode(m, subNodes) {
  return arr([
    bulk(m.name), int(m.arity), set(m.flags.map(status)), int(m.first), int(m.last), int(m.step),
    set(m.acl.map((a) => status("@" + a))), set(m.tips.map(bulk)), set(m.keySpecs.map(keySpecNode)),
    subNodes.length ? arr(subNodes) : set([]),
  ]);
}

/** COMMAND DOCS entry for one command, with the given [fullName, docsNode] subcommand pairs. */
export function docsNode(m, subPairs) {
  const d = { t: "map", v: m.docs.v.slice() };
  if (subPairs.length) d.v.push([bulk("subcommands"), { t: "map", v: subPairs.map(([n, x]) => [bulk(n), x]) }]);
  return d;
}

function fromLive(infoAll, docsAll) {
  const model = new Map();
  const docsOf = new Map();
  (function collect(pairs) {
    for (const [k, v] of pairs) {
      const sub = getMap(v, "subcommands");
      docsOf.set(k.v, { t: "map", v: v.v.filter(([kk]) => kk.v !== "subcommands") });
      if (sub) collect(sub.v);
    }
  })(docsAll.v);
  (function add(entries, parent) {
    for (const e of entries) {
      const [name, arity, flags, first, last, step, acl, tips, specs, subs] = e.v;
      const m = {
        name: name.v, arity: arity.v, flags: flags.v.map((x) => x.v),
        first: first.v, last: last.v, step: step.v, acl: acl.v.map((x) => x.v.slice(1)),
        tips: tips.v.map((x) => x.v), keySpecs: specs.v.map(keySpecFromNode), proc: PROC_OF[name.v] || "",
        docs: docsOf.get(name.v), subs: subs.v.map((s) => s.v[0].v), parent, src: "live",
      };
      model.set(m.name, m);
      add(subs.v, m.name);
    }
  })(infoAll.v, null);
  return model;
}

async function liveModel(port) {
  const [, info, docs] = await query(port, [["HELLO", "3"], ["COMMAND", "INFO"], ["COMMAND", "DOCS"]]);
  return fromLive(info.v, docs.v);
}


// ---- Redis 7.4 where it differs from 7.0 -------------------------------------------------------
// Hand-written. Each entry names the change; COMMAND DOCS of these commands stays 7.0's.
// Not covered (kept as 7.0 reports them): ACL categories and key specs of existing commands, and
// changes after 7.4 (e.g. the later DENYOOM on SUBSCRIBE, LOADING on the remaining CLUSTER
// subcommands).
const ALL_NODES = ["request_policy:all_nodes", "response_policy:all_succeeded"];
const without = (list, ...xs) => list.filter((x) => !xs.includes(x));
/** Inserts `tip` right after the first tip starting with `after` (or at the end). */
const tipAfter = (tips, after, tip) => {
  const i = tips.findIndex((t) => t.startsWith(after));
  return i < 0 ? [...tips, tip] : [...tips.slice(0, i + 1), tip, ...tips.slice(i + 1)];
};

export const V74_CHANGES = {
  // 7.2: GETKEYS/GETKEYSANDFLAGS accept a command given without arguments.
  "command|getkeys": { arity: -3 },
  "command|getkeysandflags": { arity: -3 },
  // 7.2: ZRANK/ZREVRANK take an optional WITHSCORE.
  zrank: { arity: -3 },
  zrevrank: { arity: -3 },
  // 7.2: blocking commands may run inside scripts (they do not block there, as in MULTI).
  blmove: { flags: (f) => without(f, "noscript") },
  blpop: { flags: (f) => without(f, "noscript") },
  brpop: { flags: (f) => without(f, "noscript") },
  brpoplpush: { flags: (f) => without(f, "noscript") },
  bzpopmax: { flags: (f) => without(f, "noscript") },
  bzpopmin: { flags: (f) => without(f, "noscript") },
  // 7.4: WAIT is allowed in scripts and is flagged blocking (so it is in @blocking too).
  wait: { flags: () => ["blocking"] },
  // 7.2: CLUSTER SLOTS / SHARDS answer while loading.
  "cluster|slots": { flags: (f) => ["loading", ...f] },
  "cluster|shards": { flags: (f) => ["loading", ...f] },
  // Request/response policy tips revised in 2023 (part of 7.4).
  randomkey: { tips: (t) => tipAfter(t, "request_policy:", "response_policy:special") },
  scan: { tips: (t) => tipAfter(t, "request_policy:", "response_policy:special") },
  msetnx: { tips: () => [] },
  "latency|reset": { tips: (t) => t.map((x) => (x === "response_policy:all_succeeded" ? "response_policy:agg_sum" : x)) },
  "acl|deluser": { tips: (t) => [...t, ...ALL_NODES] },
  "acl|save": { tips: (t) => [...t, ...ALL_NODES] },
  "acl|setuser": { tips: (t) => [...t, ...ALL_NODES] },
  "client|setname": { tips: (t) => [...t, ...ALL_NODES] },
  "config|resetstat": { tips: (t) => [...t, ...ALL_NODES] },
  "config|rewrite": { tips: (t) => [...t, ...ALL_NODES] },
};

// Builders for the docs of new commands (the 7.0 COMMAND DOCS layout: no display_text).
const arg = (name, type, extra = {}) => ({ name, type, ...extra });
const token = (name) => arg(name.toLowerCase(), "pure-token", { token: name });
const oneof = (name, args, extra = {}) => arg(name, "oneof", { ...extra, arguments: args });
const key0 = arg("key", "key", { key_spec_index: 0 });
const fieldsArg = arg("fields", "block", {
  token: "FIELDS",
  arguments: [arg("numfields", "integer"), arg("field", "string", { flags: ["multiple"] })],
});
const condition = oneof("condition", ["NX", "XX", "GT", "LT"].map(token), { flags: ["optional"] });
const keySpec = (flags) => ({ notes: null, flags, bs: { type: "index", index: 1 }, fk: { type: "range", lastkey: 0, keystep: 1, limit: 0 } });
const FIELD_COMPLEXITY = "O(N), N being the number of fields named";

const hashExpire = (unit, what) => ({
  group: "hash", since: "7.4.0", arity: -6, flags: ["write", "fast"], acl: ["hash"],
  keySpecs: [keySpec(["RW", "update"])], complexity: FIELD_COMPLEXITY, summary: what,
  args: [key0, arg(unit, unit.startsWith("unix") ? "unix-time" : "integer"), condition, fieldsArg],
});
const hashTtl = (what, tips = []) => ({
  group: "hash", since: "7.4.0", arity: -5, flags: ["readonly", "fast"], acl: ["hash"], tips,
  keySpecs: [keySpec(["RO", "access"])], complexity: FIELD_COMPLEXITY, summary: what, args: [key0, fieldsArg],
});

export const V74_NEW = {
  waitaof: {
    group: "generic", since: "7.2.0", arity: 4, flags: ["blocking"], acl: ["connection"],
    tips: ["request_policy:all_shards", "response_policy:agg_min"], complexity: "O(1)",
    summary: "Waits until the earlier writes of this connection are fsynced to the AOF, locally and/or on replicas",
    args: [arg("numlocal", "integer"), arg("numreplicas", "integer"), arg("timeout", "integer")],
  },
  "client|no-touch": {
    group: "connection", since: "7.2.0", arity: 3, flags: ["noscript", "loading", "stale"], acl: ["connection"],
    complexity: "O(1)", summary: "Chooses whether this connection's commands update the last access time of keys",
    args: [oneof("enabled", [token("ON"), token("OFF")])],
  },
  "client|setinfo": {
    group: "connection", since: "7.2.0", arity: 4, flags: ["noscript", "loading", "stale"], acl: ["connection"],
    tips: ALL_NODES, complexity: "O(1)", summary: "Records the client library name or version of this connection",
    args: [oneof("attr", [arg("libname", "string", { token: "LIB-NAME" }), arg("libver", "string", { token: "LIB-VER" })])],
  },
  "cluster|myshardid": {
    group: "cluster", since: "7.2.0", arity: 2, flags: ["stale"], acl: [],
    complexity: "O(1)", summary: "Returns the shard id of this node", args: [],
  },
  hexpire: hashExpire("seconds", "Sets a time to live, in seconds, on hash fields"),
  hpexpire: hashExpire("milliseconds", "Sets a time to live, in milliseconds, on hash fields"),
  hexpireat: hashExpire("unix-time-seconds", "Sets the expiry of hash fields to a UNIX time in seconds"),
  hpexpireat: hashExpire("unix-time-milliseconds", "Sets the expiry of hash fields to a UNIX time in milliseconds"),
  httl: hashTtl("Returns the remaining time to live of hash fields, in seconds", ["nondeterministic_output"]),
  hpttl: hashTtl("Returns the remaining time to live of hash fields, in milliseconds", ["nondeterministic_output"]),
  hexpiretime: hashTtl("Returns the UNIX time in seconds at which hash fields expire"),
  hpexpiretime: hashTtl("Returns the UNIX time in milliseconds at which hash fields expire"),
  hpersist: {
    ...hashTtl("Removes the expiry of hash fields"), flags: ["write", "fast"], keySpecs: [keySpec(["RW", "update"])],
  },
};

/** Categories implied by flags, added to the declared ones (as Redis does when it builds its table). */
function aclWithImplied(declared, flags) {
  const acl = new Set(declared);
  const has = (f) => flags.includes(f);
  if (has("write")) acl.add("write");
  if (has("readonly") && !acl.has("scripting")) acl.add("read");
  if (has("admin")) { acl.add("admin"); acl.add("dangerous"); }
  if (has("pubsub")) acl.add("pubsub");
  if (has("fast")) acl.add("fast");
  if (has("blocking")) acl.add("blocking");
  if (!acl.has("fast")) acl.add("slow");
  return ACL_CATS.filter((a) => acl.has(a));
}

function argNode(a) {
  const p = [["name", bulk(a.name)], ["type", bulk(a.type)]];
  if (a.key_spec_index !== undefined) p.push(["key_spec_index", int(a.key_spec_index)]);
  if (a.token) p.push(["token", bulk(a.token)]);
  if (a.flags) p.push(["flags", set(a.flags.map(status))]);
  if (a.arguments) p.push(["arguments", arr(a.arguments.map(argNode))]);
  return map(p);
}

function newCommand(name, d) {
  const visible = FLAGS.filter(([n, , h]) => !h && d.flags.includes(n)).map(([n]) => n);
  const ks = d.keySpecs || [];
  // legacy key range: the single index/range spec, as for every such command
  const [first, last, step] = ks.length ? [ks[0].bs.index, ks[0].bs.index + ks[0].fk.lastkey, ks[0].fk.keystep] : [0, 0, 0];
  const docs = [["summary", bulk(d.summary)], ["since", bulk(d.since)], ["group", bulk(d.group)], ["complexity", bulk(d.complexity)]];
  if (d.args.length) docs.push(["arguments", arr(d.args.map(argNode))]);
  return {
    name, arity: d.arity, flags: visible, first, last, step, acl: aclWithImplied(d.acl, visible),
    tips: d.tips || [], keySpecs: ks, proc: PROC_OF[name] || "", docs: map(docs), subs: [],
    parent: name.includes("|") ? name.split("|")[0] : null, src: "v74",
  };
}

/** The Redis 7.4 model: the live 7.0 model with V74_CHANGES applied and V74_NEW added. */
export function apply74(live) {
  const model = new Map();
  for (const [n, m] of live) model.set(n, { ...m, subs: [...m.subs] });
  for (const [n, ch] of Object.entries(V74_CHANGES)) {
    const m = model.get(n);
    if (!m) throw new Error(`V74_CHANGES names ${n}, which the live server does not have`);
    if (ch.arity !== undefined) m.arity = ch.arity;
    if (ch.flags) m.flags = FLAGS.map(([f]) => f).filter((f) => ch.flags(m.flags).includes(f));
    if (ch.tips) m.tips = ch.tips(m.tips);
    if (ch.flags) {
      // categories implied by a flag follow the flag; declared ones stay
      const implied = new Set(aclWithImplied([], live.get(n).flags));
      const declared = m.acl.filter((a) => !implied.has(a));
      m.acl = aclWithImplied(declared, m.flags);
    }
    m.src = "live+v74";
  }
  for (const [n, d] of Object.entries(V74_NEW)) {
    if (model.has(n)) throw new Error(`V74_NEW names ${n}, which the live server already has`);
    const m = newCommand(n, d);
    model.set(n, m);
    if (m.parent) model.get(m.parent).subs.push(n);
  }
  return model;
}

// ---- compact encoding for the core -------------------------------------------------------------
// Docs token string (read by introspection.ts renderTokens). Counts and small numbers are one char,
// code 0x30 + n. Text is UTF-8, one byte per char, terminated by \x1f.
//   M n  map of n pairs      A n  array of n      S n  set of n
//   B text\x1f  bulk         D i  bulk DICT[i]     R  bulk: repeat the last B text
//   T i  status DICT[i]      I n  integer n
const CNT = (n) => { if (n < 0 || n > 0xffcf) throw new Error("count out of range " + n); return String.fromCharCode(0x30 + n); };
const utf8chars = (s) => Buffer.from(s, "utf8").toString("latin1");

function buildDict(model) {
  const freq = new Map();
  const walk = (x) => {
    if (x.t === "bulk" || x.t === "status") freq.set(x.v, (freq.get(x.v) || 0) + (x.v.length > 2 ? x.v.length : 0) + (x.t === "status" ? 1000 : 0));
    else if (x.t === "map") for (const [k, v] of x.v) { walk(k); walk(v); }
    else if (x.t === "arr" || x.t === "set") x.v.forEach(walk);
  };
  for (const m of model.values()) walk(m.docs);
  return [...freq.entries()].filter(([s, n]) => n >= 12 && !s.includes("\x1f")).sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1)).slice(0, 400).map(([s]) => s);
}

function encodeTokens(node, dictIndex) {
  let out = "";
  let lastB = null;
  const enc = (x) => {
    switch (x.t) {
      case "map": out += "M" + CNT(x.v.length); for (const [k, v] of x.v) { enc(k); enc(v); } break;
      case "arr": out += "A" + CNT(x.v.length); x.v.forEach(enc); break;
      case "set": out += "S" + CNT(x.v.length); x.v.forEach(enc); break;
      case "int": out += "I" + CNT(x.v); break;
      case "status": {
        const i = dictIndex.get(x.v);
        if (i === undefined) throw new Error("status not in dictionary: " + x.v);
        out += "T" + CNT(i); break;
      }
      case "bulk": {
        if (x.v.includes("\x1f")) throw new Error("unit separator in text");
        const i = dictIndex.get(x.v);
        if (i !== undefined) out += "D" + CNT(i);
        else if (x.v === lastB) out += "R";
        else { out += "B" + utf8chars(x.v) + "\x1f"; lastB = x.v; }
        break;
      }
      default: throw new Error("cannot encode " + x.t);
    }
  };
  enc(node);
  return out;
}

/** Decoder of the token string, mirroring introspection.ts (used to self-check the encoding). */
function decodeTokens(s, dict) {
  let i = 0, lastB = null;
  const cnt = () => s.charCodeAt(i++) - 0x30;
  const dec = () => {
    const t = s[i++];
    switch (t) {
      case "M": { const n = cnt(); const v = []; for (let k = 0; k < n; k++) v.push([dec(), dec()]); return { t: "map", v }; }
      case "A": { const n = cnt(); const v = []; for (let k = 0; k < n; k++) v.push(dec()); return arr(v); }
      case "S": { const n = cnt(); const v = []; for (let k = 0; k < n; k++) v.push(dec()); return set(v); }
      case "I": return int(cnt());
      case "T": return status(dict[cnt()]);
      case "D": return bulk(dict[cnt()]);
      case "R": return bulk(lastB);
      case "B": { const e = s.indexOf("\x1f", i); lastB = Buffer.from(s.slice(i, e), "latin1").toString("utf8"); i = e + 1; return bulk(lastB); }
      default: throw new Error("bad token " + t);
    }
  };
  const v = dec();
  if (i !== s.length) throw new Error("trailing tokens");
  return v;
}

const lit = (s) => JSON.stringify(s).replace(/[\u007f-\uffff]/g, (ch) => "\\u" + ch.charCodeAt(0).toString(16).padStart(4, "0"));

function wrapList(items, per = 12) {
  const lines = [];
  for (let i = 0; i < items.length; i += per) lines.push("  " + items.slice(i, i + per).join(", ") + ",");
  return lines.join("\n");
}

function emit(model, sources) {
  const names = [...model.keys()].sort();
  const dict = buildDict(model);
  const dictIndex = new Map(dict.map((s, i) => [s, i]));
  const words = [];
  const notes = [""];
  const ks = [], ksStart = [];
  const rows = { acl: [], proc: [], tips: [], docs: [] };
  for (const n of names) {
    const m = model.get(n);
    rows.acl.push("0x" + m.acl.reduce((a, c) => a | (1 << ACL_CATS.indexOf(c)), 0).toString(16));
    const pid = PROCS.indexOf(m.proc);
    if (pid < 0) throw new Error("unknown getkeys procedure " + m.proc);
    rows.proc.push(String(pid));
    rows.tips.push(lit(m.tips.join("\n")));
    ksStart.push(ks.length / 8);
    for (const k of m.keySpecs) {
      const fl = KEY_FLAGS.reduce((a, f, i) => (k.flags.includes(f) ? a | (1 << i) : a), 0);
      let w = 0;
      if (k.bs.type === "keyword") { w = words.indexOf(k.bs.keyword); if (w < 0) { w = words.length; words.push(k.bs.keyword); } }
      let note = 0;
      if (k.notes != null) { note = notes.indexOf(k.notes); if (note < 0) { note = notes.length; notes.push(k.notes); } }
      const bsT = k.bs.type === "index" ? 1 : k.bs.type === "keyword" ? 2 : 0;
      const bsN = k.bs.type === "index" ? k.bs.index : k.bs.type === "keyword" ? k.bs.startfrom : 0;
      const fkT = k.fk.type === "range" ? 1 : k.fk.type === "keynum" ? 2 : 0;
      const [a, b, cc] = k.fk.type === "range" ? [k.fk.lastkey, k.fk.keystep, k.fk.limit] : k.fk.type === "keynum" ? [k.fk.keynumidx, k.fk.firstkey, k.fk.keystep] : [0, 0, 0];
      ks.push(fl | (note << 16), bsT | (w << 8), bsN, fkT, a, b, cc, 0);
    }
    const tok = encodeTokens(m.docs, dictIndex);
    const back = decodeTokens(tok, dict);
    if (encodeResp(back, 3).compare(encodeResp(m.docs, 3)) !== 0) throw new Error("token round trip failed for " + n);
    rows.docs.push(lit(tok));
  }
  ksStart.push(ks.length / 8);
  const ksRows = [];
  for (let i = 0; i < ks.length; i += 8) ksRows.push("  " + ks.slice(i, i + 8).join(", ") + ",");
  return `// GENERATED by scripts/gen-command-docs.js; do not edit by hand.
// Sources: ${sources}.
//
// Metadata that the command table (commands.ts) lacks, for COMMAND INFO/DOCS/LIST/GETKEYS and ACL
// categories. One row per command full name ("get", "client|list"), sorted by name; a command that
// is not in the table is never shown. The table stays the source of name, arity, flags and legacy key
// range (\`--diff\` checks them against the generator's model).
//
// Encodings
// - META_ACL: ACL category bits, bit i = ACL_CATEGORY_NAMES[i] in introspection.ts.
// - META_TIPS: tips joined by "\\n".
// - Key specs: META_KS_START[i]..META_KS_START[i+1] index KS rows of 8 i32:
//     [0] key flags (bit j = KEY_FLAG_NAMES[j]) | notes index (KS_NOTES) << 16
//     [1] begin_search type (0 unknown, 1 index, 2 keyword) | keyword index (KS_WORDS) << 8
//     [2] index position, or keyword startfrom
//     [3] find_keys type (0 unknown, 1 range, 2 keynum)
//     [4..6] range: lastkey, keystep, limit; keynum: keynumidx, firstkey, keystep
// - META_PROC: getkeys procedure id (introspection.ts), used where key specs are not enough.
// - META_DOCS: the COMMAND DOCS map (without "subcommands") as a token string; see renderTokens in
//   introspection.ts. Counts and small integers are one char of code 0x30 + n; text is UTF-8 bytes,
//   one per char, ended by \\x1f; DICT holds frequent strings.
export const META_COUNT: i32 = ${names.length};

export const META_NAME: StaticArray<string> = [
${wrapList(names.map(lit), 8)}
];

export const META_ACL: StaticArray<u32> = [
${wrapList(rows.acl)}
];

export const META_PROC: StaticArray<u8> = [
${wrapList(rows.proc, 24)}
];

export const META_TIPS: StaticArray<string> = [
${wrapList(rows.tips, 4)}
];

export const META_KS_START: StaticArray<u16> = [
${wrapList(ksStart.map(String), 16)}
];

export const KS: StaticArray<i32> = [
${ksRows.join("\n")}
];

export const KS_WORDS: StaticArray<string> = [
${wrapList(words.map(lit), 8)}
];

export const KS_NOTES: StaticArray<string> = [
${notes.map((s) => "  " + lit(s) + ",").join("\n")}
];

export const DICT: StaticArray<string> = [
${wrapList(dict.map(lit), 6)}
];

export const META_DOCS: StaticArray<string> = [
${rows.docs.map((s) => "  " + s + ",").join("\n")}
];
`;
}

// ---- diff against a running Cinnabar -----------------------------------------------------------
async function diffCinnabar(cport, model, live) {
  let bad = 0;
  const [count, list] = await query(cport, [["COMMAND", "COUNT"], ["COMMAND", "LIST"]]);
  const listed = list.v.v.map((x) => x.v);
  const top = listed.filter((n) => !n.includes("|"));
  const subsOf = new Map(top.map((n) => [n, listed.filter((x) => x.startsWith(n + "|"))]));
  console.log(`COMMAND COUNT ${count.v.v}, top-level commands listed ${top.length}, with subcommands ${listed.length}`);
  if (count.v.v !== top.length) { console.log("  COUNT differs from the number of top-level commands"); bad++; }
  const missing = listed.filter((n) => !model.has(n));
  if (missing.length) { console.log("  not in the Redis 7.4 model: " + missing.join(" ")); bad += missing.length; }
  for (const resp of [2, 3]) {
    const pre = resp === 3 ? [["HELLO", "3"]] : [];
    const replies = await query(cport, [...pre, ...listed.flatMap((n) => [["COMMAND", "INFO", n], ["COMMAND", "DOCS", n]])]);
    replies.splice(0, pre.length);
    listed.forEach((n, i) => {
      const m = model.get(n);
      if (!m) return;
      const subs = subsOf.get(n) || [];
      const gotInfo = replies[2 * i].raw, gotDocs = replies[2 * i + 1].raw;
      const expInfo = encodeResp(arr([infoNode(m, subs.map((s) => infoNode(model.get(s), [])))]), resp);
      const expDocs = encodeResp({ t: "map", v: [[bulk(n), docsNode(m, subs.map((s) => [s, docsNode(model.get(s), [])]))]] }, resp);
      if (gotInfo.compare(expInfo) !== 0) {
        bad++;
        console.log(`RESP${resp} COMMAND INFO ${n} differs from the 7.4 model:\n  got ${JSON.stringify(gotInfo.toString())}\n  exp ${JSON.stringify(expInfo.toString())}`);
      }
      if (gotDocs.compare(expDocs) !== 0) {
        bad++;
        console.log(`RESP${resp} COMMAND DOCS ${n} differs from the 7.4 model:\n  got ${JSON.stringify(gotDocs.toString()).slice(0, 400)}\n  exp ${JSON.stringify(expDocs.toString()).slice(0, 400)}`);
      }
    });
  }
  // byte comparison with the live server for leaf commands whose 7.4 model equals the live answer
  if (live) {
    const leaves = listed.filter((n) => model.has(n) && live.has(n) && !(subsOf.get(n) || []).length && !(live.get(n).subs.length));
    const same = leaves.filter((n) => encodeResp(infoNode(model.get(n), []), 3).equals(encodeResp(infoNode(live.get(n), []), 3)));
    const docSame = leaves.filter((n) => encodeResp(model.get(n).docs, 3).equals(encodeResp(live.get(n).docs, 3)));
    for (const [what, names] of [["INFO", same], ["DOCS", docSame]]) {
      for (const resp of [2, 3]) {
        const pre = resp === 3 ? [["HELLO", "3"]] : [];
        const cmds = names.map((n) => ["COMMAND", what, n]);
        const a = (await query(cport, [...pre, ...cmds])).slice(pre.length);
        const b = (await query(live.port, [...pre, ...cmds])).slice(pre.length);
        let diffs = 0;
        names.forEach((n, i) => { if (!a[i].raw.equals(b[i].raw)) { diffs++; console.log(`RESP${resp} COMMAND ${what} ${n}: differs from the live server`); } });
        bad += diffs;
        console.log(`live RESP${resp} COMMAND ${what}: ${names.length - diffs}/${names.length} byte-identical (commands where 7.4 = 7.0)`);
      }
    }
    const changed = leaves.filter((n) => !same.includes(n));
    if (changed.length) console.log(`INFO differs between live 7.0 and the 7.4 model (expected) for: ${changed.join(" ")}`);
  }
  // the table against Redis 7.4 (visible in COMMAND INFO: arity, flags, key range)
  for (const n of listed) {
    const m = model.get(n);
    if (!m) continue;
    const r = (await query(cport, [["COMMAND", "INFO", n]]))[0].v.v[0].v;
    const got = { arity: r[1].v, flags: r[2].v.map((x) => x.v).join(" "), keys: `${r[3].v},${r[4].v},${r[5].v}` };
    const exp = { arity: m.arity, flags: m.flags.join(" "), keys: `${m.first},${m.last},${m.step}` };
    for (const k of Object.keys(got)) if (got[k] !== exp[k]) console.log(`TABLE ${n}: ${k} is ${JSON.stringify(got[k])}, the 7.4 model has ${JSON.stringify(exp[k])}`);
  }
  return bad;
}


// ---- main --------------------------------------------------------------------------------------
async function main() {
  const argv = process.argv.slice(2);
  const opt = (k) => { const i = argv.indexOf(k); return i >= 0 ? argv[i + 1] : undefined; };
  for (const a of argv) {
    if (a.startsWith("--") && !["--port", "--diff", "--out"].includes(a)) {
      console.error(`unknown option ${a}; usage: gen-command-docs.js [--port N] [--diff P | --out FILE]`);
      process.exit(2);
    }
  }
  const port = Number(opt("--port") || 6379);
  const here = path.dirname(fileURLToPath(import.meta.url));
  const [hello] = await query(port, [["HELLO", "3"]]);
  const version = hello.v.v.find(([k]) => k.v === "version")?.[1].v;
  if (!/^7\.0\./.test(version || "")) throw new Error(`the server on port ${port} is ${version}, not a Redis 7.0 redis-server`);
  const live = await liveModel(port);
  live.port = port;
  const model = apply74(live);
  if (opt("--diff")) {
    const bad = await diffCinnabar(Number(opt("--diff")), model, live);
    console.log(bad ? `${bad} differences` : "no differences");
    process.exit(bad ? 1 : 0);
  }
  const sources = `redis-server ${version} COMMAND INFO/DOCS (${live.size} commands), with the hand-written Redis 7.4 ` +
    `changes of the generator (${Object.keys(V74_CHANGES).length} changed, ${Object.keys(V74_NEW).length} added)`;
  const out = opt("--out") || path.join(here, "..", "assembly", "server", "commanddocs.ts");
  fs.writeFileSync(out, emit(model, sources));
  console.log(`wrote ${out}: ${model.size} commands; ${sources}`);
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main().catch((e) => { console.error(e); process.exit(1); });
}
