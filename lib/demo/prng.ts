// Seeded randomness for the demo data. Everything the generator makes — names, amounts,
// dates, uuids — comes from here, so one seed and one day always give the same org.
//
// sfc32 rather than mulberry32: mulberry32 has a single 2^32-long cycle, so the uuid streams of
// two orgs are the same sequence shifted and a 100k-customer org draws millions of values —
// enough for a real chance of overlapping ids. sfc32 has 128 bits of state seeded from a hash
// of the whole seed string, so streams of different orgs do not meet.

/** cyrb128: a fast 128-bit string hash, used only to spread a seed string over 4 state words. */
function cyrb128(str: string): [number, number, number, number] {
  let h1 = 1779033703,
    h2 = 3144134277,
    h3 = 1013904242,
    h4 = 2773480762;
  for (let i = 0; i < str.length; i++) {
    const k = str.charCodeAt(i);
    h1 = h2 ^ Math.imul(h1 ^ k, 597399067);
    h2 = h3 ^ Math.imul(h2 ^ k, 2869860233);
    h3 = h4 ^ Math.imul(h3 ^ k, 951274213);
    h4 = h1 ^ Math.imul(h4 ^ k, 2716044179);
  }
  h1 = Math.imul(h3 ^ (h1 >>> 18), 597399067);
  h2 = Math.imul(h4 ^ (h2 >>> 22), 2869860233);
  h3 = Math.imul(h1 ^ (h3 >>> 17), 951274213);
  h4 = Math.imul(h2 ^ (h4 >>> 19), 2716044179);
  h1 ^= h2 ^ h3 ^ h4;
  h2 ^= h1;
  h3 ^= h1;
  h4 ^= h1;
  return [h1 >>> 0, h2 >>> 0, h3 >>> 0, h4 >>> 0];
}

/** 32-bit FNV-1a, for small stable choices derived from a name (e.g. a phone block per slug). */
export function fnv1a(str: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < str.length; i++) h = Math.imul(h ^ str.charCodeAt(i), 0x01000193);
  return h >>> 0;
}

const HEX: string[] = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, '0'));
const hex32 = (w: number) => HEX[w >>> 24]! + HEX[(w >>> 16) & 255]! + HEX[(w >>> 8) & 255]! + HEX[w & 255]!;

export class Rng {
  private a: number;
  private b: number;
  private c: number;
  private d: number;

  constructor(seed: string) {
    [this.a, this.b, this.c, this.d] = cyrb128(seed);
    // sfc32 mixes poorly in its first outputs after seeding; the usual remedy is to discard some.
    for (let i = 0; i < 12; i++) this.u32();
  }

  /** Next raw 32-bit unsigned value (sfc32). */
  u32(): number {
    const t = (((this.a + this.b) | 0) + this.d) | 0;
    this.d = (this.d + 1) | 0;
    this.a = this.b ^ (this.b >>> 9);
    this.b = (this.c + (this.c << 3)) | 0;
    this.c = (this.c << 21) | (this.c >>> 11);
    this.c = (this.c + t) | 0;
    return t >>> 0;
  }

  /** Uniform in [0, 1). */
  next(): number {
    return this.u32() / 4294967296;
  }

  /** Integer in [min, max], both inclusive. */
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }

  /** Float in [min, max). */
  float(min: number, max: number): number {
    return min + this.next() * (max - min);
  }

  chance(p: number): boolean {
    return this.next() < p;
  }

  pick<T>(items: readonly T[]): T {
    if (items.length === 0) throw new Error('pick from an empty list');
    return items[Math.floor(this.next() * items.length)]!;
  }

  /** Picks a key with probability proportional to its weight. */
  weighted<K extends string>(weights: Readonly<Record<K, number>>): K {
    const entries = Object.entries(weights) as [K, number][];
    let total = 0;
    for (const [, w] of entries) total += w;
    let r = this.next() * total;
    for (const [k, w] of entries) {
      r -= w;
      if (r < 0) return k;
    }
    return entries[entries.length - 1]![0];
  }

  /** Pareto(xm = 1, alpha): heavy-tailed multiplier — a few customers buy far more than the rest. */
  pareto(alpha: number, cap: number): number {
    return Math.min(cap, 1 / Math.pow(1 - this.next(), 1 / alpha));
  }

  /** A v4-formatted uuid made from this stream (deterministic, unlike crypto.randomUUID). */
  uuid(): string {
    const w1 = this.u32();
    const w2 = (this.u32() & 0xffff0fff) | 0x00004000; // version 4
    const w3 = ((this.u32() & 0x3fffffff) | 0x80000000) >>> 0; // RFC 4122 variant
    const w4 = this.u32();
    const s2 = hex32(w2);
    const s3 = hex32(w3);
    return `${hex32(w1)}-${s2.slice(0, 4)}-${s2.slice(4)}-${s3.slice(0, 4)}-${s3.slice(4)}${hex32(w4)}`;
  }

  /** n random bytes as lowercase hex. */
  hex(bytes: number): string {
    let s = '';
    for (let i = 0; i < bytes; i += 4) s += hex32(this.u32());
    return s.slice(0, bytes * 2);
  }
}
