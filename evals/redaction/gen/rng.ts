// Deterministic randomness and realistic context (services, pods, hosts, timestamps) for the corpus
// generator. Every fake credential carries a visible test marker (FAKE, EXAMPLE, 0000) where its
// alphabet allows one.

export const UPPER = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ';
export const LOWER = 'abcdefghijklmnopqrstuvwxyz';
export const DIGITS = '0123456789';
export const ALNUM = UPPER + LOWER + DIGITS;
export const HEX = '0123456789abcdef';
export const B64 = ALNUM + '+/';
export const B64URL = ALNUM + '-_';
export const UPPER_ALNUM = UPPER + DIGITS;
export const BASE32 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
/** Kubernetes' alphabet for generated name suffixes (no vowels, no confusable digits). */
export const K8S_SUFFIX = 'bcdfghjklmnpqrstvwxz2456789';

const MARKERS = ['FAKE', 'EXAMPLE', '0000', 'FAKE0000', 'TEST0000', 'FAKEKEY'];

export class Gen {
  private state: number;
  constructor(seed: number) {
    this.state = seed >>> 0;
  }

  /** mulberry32 */
  next(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }
  int(lo: number, hi: number): number {
    return lo + Math.floor(this.next() * (hi - lo + 1));
  }
  pick<T>(xs: readonly T[]): T {
    return xs[Math.floor(this.next() * xs.length)]!;
  }
  chance(p: number): boolean {
    return this.next() < p;
  }
  str(n: number, alphabet: string): string {
    let s = '';
    for (let i = 0; i < n; i++) s += alphabet[Math.floor(this.next() * alphabet.length)];
    return s;
  }
  /** Random string of `n` characters from `alphabet` with a test marker spliced in when the alphabet allows. */
  fake(n: number, alphabet: string): string {
    const s = this.str(n, alphabet);
    const fits = MARKERS.filter((m) => m.length <= n - 4 && [...m].every((c) => alphabet.includes(c)));
    if (fits.length === 0) return s;
    const m = this.pick(fits);
    const at = this.int(0, n - m.length);
    return s.slice(0, at) + m + s.slice(at + m.length);
  }
  bytes(n: number): Buffer {
    const b = Buffer.alloc(n);
    for (let i = 0; i < n; i++) b[i] = Math.floor(this.next() * 256);
    return b;
  }
  hex(n: number): string {
    return this.str(n, HEX);
  }
  uuid(): string {
    const h = this.hex(32);
    return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-${this.pick(['8', '9', 'a', 'b'])}${h.slice(17, 20)}-${h.slice(20, 32)}`;
  }
  /** A password a person chose: letters, digits, a symbol, with a FAKE marker. */
  password(): string {
    const shapes = [
      () => `${this.pick(['Orders', 'Winter', 'Blue', 'Nimbus', 'Kestrel', 'Falcon'])}${this.str(2, DIGITS)}${this.pick(['!', '#', '$', '*', '-', '_'])}FAKE${this.str(3, ALNUM)}`,
      () => `${this.str(4, ALNUM)}FAKE${this.str(6, ALNUM)}`,
      () => `fake-${this.str(5, LOWER)}${this.str(3, DIGITS)}-${this.str(4, ALNUM)}`,
      () => `${this.str(10, ALNUM)}0000${this.str(2, ALNUM)}`,
      () => `Ex4mple${this.pick(['!', '%', '.', '~'])}${this.str(8, ALNUM)}`,
      () => `FAKE${this.str(14, ALNUM)}`,
    ];
    return this.pick(shapes)();
  }
  /** A generated secret (hex, base64, alnum) as tools like `openssl rand` produce. */
  machineSecret(): string {
    return this.pick([
      () => this.fake(32, HEX),
      () => this.fake(64, HEX),
      () => this.fake(43, B64URL),
      () => this.fake(40, ALNUM),
      () => Buffer.from(`FAKE${this.str(28, ALNUM)}`).toString('base64'),
    ])();
  }

  // ---- context ----------------------------------------------------------------------------------
  svc(): string {
    return this.pick(['orders-api', 'checkout', 'payments-worker', 'inventory', 'billing-svc', 'auth-gateway',
      'search-indexer', 'notifications', 'ledger', 'shipping-api', 'catalog', 'fraud-scorer']);
  }
  ns(): string {
    return this.pick(['prod', 'staging', 'payments', 'platform', 'checkout-prod', 'data', 'default', 'ops']);
  }
  pod(svc = this.svc()): string {
    return `${svc}-${this.str(this.int(8, 10), K8S_SUFFIX)}-${this.str(5, K8S_SUFFIX)}`;
  }
  node(): string {
    return `ip-10-${this.int(0, 40)}-${this.int(0, 255)}-${this.int(1, 254)}.${this.pick(['eu-west-1', 'us-east-2', 'ap-south-1'])}.compute.internal`;
  }
  host(): string {
    return this.pick([`ip-10-0-${this.int(0, 20)}-${this.int(2, 250)}`, `web-${this.int(1, 9)}`, `worker-${this.int(10, 40)}`,
      `bastion-${this.pick(['eu', 'us'])}`, `k8s-node-${this.int(1, 24)}`]);
  }
  dbHost(): string {
    return this.pick(['orders-db.prod.internal', `10.20.${this.int(0, 9)}.${this.int(2, 250)}`,
      'pg-primary.data.svc.cluster.local', 'db-replica-2.eu-west-1.rds.amazonaws.com', 'ledger-db.internal',
      'analytics-pg.internal', 'orders-pg-0.orders-pg.db.svc']);
  }
  user(): string {
    return this.pick(['alice', 'bob', 'priya', 'chen', 'maria', 'dmitri', 'sam', 'fatima', 'jonas', 'keiko', 'oncall-bot']);
  }
  region(): string {
    return this.pick(['us-east-1', 'eu-west-1', 'eu-central-1', 'ap-southeast-2', 'us-west-2']);
  }
  iso(): string {
    return `2024-${pad(this.int(1, 12))}-${pad(this.int(1, 28))}T${pad(this.int(0, 23))}:${pad(this.int(0, 59))}:${pad(this.int(0, 59))}Z`;
  }
  isoMs(): string {
    return this.iso().replace('Z', `.${this.int(100, 999)}Z`);
  }
  hms(): string {
    return `${pad(this.int(0, 23))}:${pad(this.int(0, 59))}:${pad(this.int(0, 59))}`;
  }
  syslogDate(): string {
    return `${this.pick(['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'])} ${pad(this.int(1, 28))} ${this.hms()}`;
  }
  image(svc = this.svc()): string {
    return `${this.pick(['ghcr.io/acme', '123456789012.dkr.ecr.eu-west-1.amazonaws.com', 'registry.acme.internal/platform'])}/${svc}`;
  }
  version(): string {
    return `${this.int(1, 4)}.${this.int(0, 30)}.${this.int(0, 20)}`;
  }
  sha(n = 40): string {
    return this.hex(n);
  }
}

function pad(n: number): string {
  return String(n).padStart(2, '0');
}

/** Lead-ins people type before pasting something into an incident channel. */
export const SLACK_LEADS = [
  'here is what I ran:', 'this is the line from the logs:', 'fwiw', 'seeing this on the canary:', 'config on the box:',
  'pasting the failing step:', 'not sure if related but', 'from the runbook:', 'copy of my terminal:', 'got this back:',
];

export interface Case {
  text: string;
  secrets: string[];
  /** Multi-line texts only get wrappers that keep lines intact. */
  multiline?: boolean;
}

/** Ways a single line reaches opsgate: raw, in a log pipeline, in chat. */
export const WRAPPERS: ReadonlyArray<(g: Gen, line: string) => string> = [
  (_g, l) => l,
  (_g, l) => l,
  (g, l) => `${g.isoMs()} ${g.pick(['INFO', 'DEBUG', 'WARN', 'ERROR'])} [${g.svc()}] ${l}`,
  (g, l) => `${g.svc()}-1  | ${l}`,
  (g, l) => `[pod/${g.pod()}/${g.pick(['app', 'main', 'migrate'])}] ${l}`,
  (g, l) => `${g.syslogDate()} ${g.host()} ${g.pick(['app', 'deploy.sh', 'cron', 'systemd'])}[${g.int(200, 65000)}]: ${l}`,
  (g, l) => `${g.iso().replace('Z', '.' + g.str(7, '0123456789') + 'Z')} ${l}`,
  (g, l) => `${g.user()}: ${g.pick(SLACK_LEADS)} ${l}`,
  (_g, l) => '```\n' + l + '\n```',
  (_g, l) => `> ${l}`,
  (g, l) => JSON.stringify({ ts: g.iso(), level: g.pick(['info', 'warn', 'error']), svc: g.svc(), msg: l }),
];

/** Wrappers that keep a multi-line paste intact. */
export const BLOCK_WRAPPERS: ReadonlyArray<(g: Gen, block: string) => string> = [
  (_g, b) => b,
  (g, b) => `${g.user()}: ${g.pick(SLACK_LEADS)}\n${b}`,
  (_g, b) => '```\n' + b + '\n```',
  (g, b) => `${g.user()}: ${g.pick(SLACK_LEADS)}\n\`\`\`\n${b}\n\`\`\``,
];
