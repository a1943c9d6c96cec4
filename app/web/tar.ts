/**
 * A minimal POSIX ustar writer and reader for the playground's downloads: a run folder
 * (`run.json`, `config.json`, `checkpoint.bin`) in one file that `tar xf` unpacks for
 * `deno task np resume <folder>`, and that the page reads back. Regular files only.
 *
 * @module
 */

const enc = new TextEncoder();
const dec = new TextDecoder();

/** One file of an archive. */
export interface TarEntry {
  /** Path inside the archive (`run/run.json`). */
  readonly name: string;
  /** Contents. */
  readonly bytes: Uint8Array;
}

const octal = (h: Uint8Array, off: number, len: number, v: number): void => {
  h.set(enc.encode(v.toString(8).padStart(len - 1, "0")), off);
};

/**
 * The ustar archive of `entries` (names up to 100 bytes), ending with two zero blocks.
 *
 * @example
 * ```ts
 * import { tarBytes, untar } from "./tar.ts";
 * const t = tarBytes([{ name: "run/a.txt", bytes: new TextEncoder().encode("hi") }]);
 * console.log(untar(t)[0].name); // "run/a.txt"
 * ```
 */
export const tarBytes = (entries: readonly TarEntry[], mtime = 0): Uint8Array => {
  const size = entries.reduce((s, e) => s + 512 + Math.ceil(e.bytes.length / 512) * 512, 1024);
  const out = new Uint8Array(size);
  let off = 0;
  for (const e of entries) {
    const name = enc.encode(e.name);
    if (name.length > 100) throw new RangeError(`tar: name longer than 100 bytes: ${e.name}`);
    const h = out.subarray(off, off + 512);
    h.set(name, 0);
    octal(h, 100, 8, 0o644);
    octal(h, 108, 8, 0);
    octal(h, 116, 8, 0);
    octal(h, 124, 12, e.bytes.length);
    octal(h, 136, 12, mtime);
    h.fill(0x20, 148, 156); // the checksum is computed with its own field as spaces
    h[156] = 0x30; // "0": a regular file
    h.set(enc.encode("ustar\u000000"), 257);
    let sum = 0;
    for (let i = 0; i < 512; i++) sum += h[i];
    h.set(enc.encode(sum.toString(8).padStart(6, "0") + "\u0000 "), 148);
    out.set(e.bytes, off + 512);
    off += 512 + Math.ceil(e.bytes.length / 512) * 512;
  }
  return out;
};

/**
 * The regular files of a ustar (or plain v7) archive; throws a `RangeError` on a damaged header.
 *
 * @example
 * ```ts
 * import { tarBytes, untar } from "./tar.ts";
 * console.log(untar(tarBytes([])).length); // 0
 * ```
 */
export const untar = (bytes: Uint8Array): TarEntry[] => {
  const out: TarEntry[] = [];
  let off = 0;
  while (off + 512 <= bytes.length) {
    const h = bytes.subarray(off, off + 512);
    if (h.every((b) => b === 0)) break;
    const field = (a: number, n: number) => dec.decode(h.subarray(a, a + n)).replace(/\0.*$/s, "");
    const size = parseInt(field(124, 12).trim() || "0", 8);
    const stored = parseInt(field(148, 8).trim(), 8);
    let sum = 0;
    for (let i = 0; i < 512; i++) sum += i >= 148 && i < 156 ? 0x20 : h[i];
    if (!Number.isFinite(size) || sum !== stored) {
      throw new RangeError(`not a tar archive (bad header at byte ${off})`);
    }
    const prefix = field(345, 155);
    const name = (prefix ? `${prefix}/` : "") + field(0, 100);
    const type = String.fromCharCode(h[156] || 0x30);
    if (type === "0") out.push({ name, bytes: bytes.slice(off + 512, off + 512 + size) });
    off += 512 + Math.ceil(size / 512) * 512;
  }
  return out;
};
