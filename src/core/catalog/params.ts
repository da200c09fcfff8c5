import type { Inventory, ParamSpec, Playbook } from './schema.js';
import type { ParamValue, Params } from '../proposal/types.js';

export type ParamCheck = { ok: true; value: ParamValue } | { ok: false; error: string };

const norm = (s: string) => s.trim().toLowerCase();

/** Resolves a service id or alias (case-insensitive) to its inventory id. */
export function resolveService(inv: Inventory, raw: string): string | null {
  const k = norm(raw);
  for (const s of inv.services) if (s.id === k || s.aliases.some((a) => norm(a) === k)) return s.id;
  return null;
}

export function resolveEnvironment(inv: Inventory, raw: string): string | null {
  const k = norm(raw);
  for (const e of inv.environments) if (e.id === k || e.aliases.some((a) => norm(a) === k)) return e.id;
  return null;
}

const UNIT_SECONDS: Record<string, number> = {
  s: 1, sec: 1, secs: 1, second: 1, seconds: 1,
  m: 60, min: 60, mins: 60, minute: 60, minutes: 60,
  h: 3600, hr: 3600, hrs: 3600, hour: 3600, hours: 3600,
  d: 86400, day: 86400, days: 86400,
};

/** Seconds in an ISO-8601 duration limited to days/hours/minutes/seconds (PnDTnHnMnS). */
export function isoToSeconds(iso: string): number | null {
  const m = /^P(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+)S)?)?$/.exec(iso.trim().toUpperCase());
  if (!m || iso.trim().length <= 1 || /T$/i.test(iso.trim())) return null;
  const [, d, h, mi, s] = m;
  return Number(d ?? 0) * 86400 + Number(h ?? 0) * 3600 + Number(mi ?? 0) * 60 + Number(s ?? 0);
}

export function secondsToIso(total: number): string {
  let rest = Math.round(total);
  const d = Math.floor(rest / 86400);
  rest -= d * 86400;
  const h = Math.floor(rest / 3600);
  rest -= h * 3600;
  const m = Math.floor(rest / 60);
  const s = rest - m * 60;
  const time = `${h ? `${h}H` : ''}${m ? `${m}M` : ''}${s ? `${s}S` : ''}`;
  if (!d && !time) return 'PT0S';
  return `P${d ? `${d}D` : ''}${time ? `T${time}` : ''}`;
}

/**
 * "20m", "20 min", "1h30m", "an hour", "half an hour", "an hour and a half", "two hours",
 * "a couple of hours", "1 week", "90s", "PT20M" → seconds.
 */
export function parseDurationText(raw: string): number | null {
  const WEEK = 7 * 86400;
  const WORDS: Record<string, number> = {
    one: 1, two: 2, three: 3, four: 4, five: 5, six: 6, seven: 7, eight: 8, nine: 9, ten: 10, eleven: 11, twelve: 12,
    fifteen: 15, twenty: 20, thirty: 30, forty: 40, 'forty-five': 45, fifty: 50, sixty: 60, ninety: 90,
  };
  let t = norm(raw).replace(/^for\s+/, '');
  const iso = isoToSeconds(t);
  if (iso !== null) return iso;
  if (/^half an? hour$/.test(t)) return 1800;
  if (/^(?:a )?quarter (?:of )?an? hour$/.test(t)) return 900;
  const word = /^(an?|one)\s+(second|minute|hour|day|week)(\s+and\s+a\s+half)?$/.exec(t);
  if (word) {
    const base = word[2] === 'week' ? WEEK : (UNIT_SECONDS[word[2]!] ?? 0);
    return word[3] ? base * 1.5 : base;
  }
  t = t
    .replace(/^(?:a\s+)?couple(?:\s+of)?\s+/, '2 ')
    .replace(/\b(twenty|thirty|forty|fifty)[\s-](one|two|three|four|five|six|seven|eight|nine)\b/g, (_m, a: string, b: string) => String((WORDS[a] ?? 0) + (WORDS[b] ?? 0)))
    .replace(/\b(forty-five|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fifteen|twenty|thirty|forty|fifty|sixty|ninety)\b/g, (w) => String(WORDS[w]))
    .replace(/(\d+(?:\.\d+)?)\s*(?:w|wk|wks|week|weeks)\b/g, (_m, n: string) => `${Number(n) * 7}d`);
  const parts = t.replace(/\band\b/g, ' ').match(/(\d+(?:\.\d+)?)\s*([a-z]+)/g);
  if (!parts) return null;
  const rebuilt = parts.join('').replace(/\s+/g, '');
  if (rebuilt !== t.replace(/\s+|\band\b|,/g, '')) return null;
  let total = 0;
  for (const p of parts) {
    const pm = /^(\d+(?:\.\d+)?)\s*([a-z]+)$/.exec(p);
    const unit = pm ? UNIT_SECONDS[pm[2]!] : undefined;
    if (!pm || unit === undefined) return null;
    total += Number(pm[1]) * unit;
  }
  return total;
}

const SEMVER = /^v?(\d+)\.(\d+)(?:\.(\d+))?(?:-([0-9A-Za-z.-]{1,40}))?$/;
const SHA = /^[0-9a-f]{7,40}$/;

/** Validates and normalises one raw value against its spec. Values are data: nothing is interpreted. */
export function checkParam(spec: ParamSpec, raw: string | number, inv: Inventory): ParamCheck {
  const text = String(raw).trim();
  switch (spec.type) {
    case 'service': {
      const id = resolveService(inv, text);
      return id
        ? { ok: true, value: id }
        : { ok: false, error: `unknown service "${text}"; known: ${inv.services.map((s) => s.id).join(', ')}` };
    }
    case 'environment': {
      const id = resolveEnvironment(inv, text);
      return id
        ? { ok: true, value: id }
        : { ok: false, error: `unknown environment "${text}"; known: ${inv.environments.map((e) => e.id).join(', ')}` };
    }
    case 'integer': {
      if (!/^[+-]?\d{1,12}$/.test(text)) return { ok: false, error: `${spec.name} must be a whole number between ${spec.min} and ${spec.max}` };
      const n = Number(text);
      if (n < spec.min || n > spec.max) return { ok: false, error: `${spec.name}=${n} is outside the allowed range ${spec.min}–${spec.max}` };
      return { ok: true, value: n };
    }
    case 'version': {
      const low = text.toLowerCase();
      if (spec.keywords.includes(low)) return { ok: true, value: low };
      const sv = SEMVER.exec(text);
      if (sv) return { ok: true, value: `v${sv[1]}.${sv[2]}.${sv[3] ?? '0'}${sv[4] ? `-${sv[4]}` : ''}` };
      if (SHA.test(low)) return { ok: true, value: low };
      const kw = spec.keywords.length ? `, or one of: ${spec.keywords.join(', ')}` : '';
      return { ok: false, error: `${spec.name} must be a version like v2.14.1 or a git SHA${kw}` };
    }
    case 'duration': {
      const secs = parseDurationText(text);
      if (secs === null) return { ok: false, error: `${spec.name} must be a duration like 30m, 2h or PT30M` };
      const min = isoToSeconds(spec.min) ?? 0;
      const max = isoToSeconds(spec.max) ?? Number.MAX_SAFE_INTEGER;
      if (secs < min || secs > max) return { ok: false, error: `${spec.name} must be between ${spec.min} and ${spec.max}` };
      return { ok: true, value: secondsToIso(secs) };
    }
    case 'enum': {
      const hit = spec.values.find((v) => v.toLowerCase() === text.toLowerCase());
      return hit ? { ok: true, value: hit } : { ok: false, error: `${spec.name} must be one of: ${spec.values.join(', ')}` };
    }
    case 'string': {
      if (text.length > 200 || !new RegExp(`^(?:${spec.pattern})$`).test(text)) {
        const ex = spec.example ? ` (e.g. ${spec.example})` : '';
        return { ok: false, error: `${spec.name} must match ${spec.pattern}${ex}` };
      }
      return { ok: true, value: text };
    }
    case 'text': {
      // Free text is kept verbatim (it is one argv element, never interpreted); only control chars go.
      const clean = String(raw).replace(/[\u0000-\u0008\u000b-\u001f\u007f]/g, '').trim();
      if (!clean) return { ok: false, error: `${spec.name} must not be empty` };
      if (clean.length > spec.maxLength) return { ok: false, error: `${spec.name} is longer than ${spec.maxLength} characters` };
      return { ok: true, value: clean };
    }
  }
}

export type ParamsCheck =
  | { ok: true; params: Params }
  | { ok: false; missing: string[]; errors: Array<{ param: string; error: string }>; params: Params };

/** Validates a full raw param set for a playbook: unknown keys, missing required, each value. */
export function checkParams(pb: Playbook, raw: Record<string, string | number>, inv: Inventory): ParamsCheck {
  const params: Params = {};
  const errors: Array<{ param: string; error: string }> = [];
  const missing: string[] = [];
  const known = new Set(pb.params.map((p) => p.name));
  for (const key of Object.keys(raw)) {
    if (!known.has(key)) {
      const list = pb.params.map((p) => p.name).join(', ') || 'none';
      errors.push({ param: key, error: `${pb.id} has no parameter "${key}"; its parameters are: ${list}` });
    }
  }
  for (const spec of pb.params) {
    const given = raw[spec.name];
    const fallback = 'default' in spec ? spec.default : undefined;
    const value = given !== undefined && String(given).trim() !== '' ? given : fallback;
    if (value === undefined) {
      if (spec.required) missing.push(spec.name);
      continue;
    }
    const r = checkParam(spec, value, inv);
    if (r.ok) params[spec.name] = r.value;
    else errors.push({ param: spec.name, error: r.error });
  }
  // Cross-check: a service must exist in the chosen environment.
  const svcSpec = pb.params.find((p) => p.type === 'service');
  const envSpec = pb.params.find((p) => p.type === 'environment');
  if (svcSpec && envSpec) {
    const svc = inv.services.find((s) => s.id === params[svcSpec.name]);
    const env = params[envSpec.name];
    if (svc && typeof env === 'string' && !svc.environments.includes(env)) {
      errors.push({ param: envSpec.name, error: `${svc.id} does not run in ${env}; it runs in ${svc.environments.join(', ')}` });
    }
  }
  if (errors.length || missing.length) return { ok: false, missing, errors, params };
  return { ok: true, params };
}

/** The choices to offer for a missing param (inventory ids, enum values), if it has a closed set. */
export function choicesFor(spec: ParamSpec, inv: Inventory, params: Params = {}): string[] | undefined {
  if (spec.type === 'service') return inv.services.map((s) => s.id);
  if (spec.type === 'environment') {
    const svc = Object.values(params).find((v) => inv.services.some((s) => s.id === v));
    const s = inv.services.find((x) => x.id === svc);
    return s ? s.environments : inv.environments.map((e) => e.id);
  }
  if (spec.type === 'enum') return spec.values;
  return undefined;
}
