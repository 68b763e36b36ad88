/**
 * A gzip answer assembled from pieces compressed separately, so that a large part
 * kept in memory (the dashboard's figures of a whole state, ~1.5 MB of JSON) is
 * compressed once and each answer only compresses its own small parts.
 *
 * Each piece is a raw deflate stream of its own, ended by a sync flush instead of a
 * final block: its back-references stay inside it and it ends on a byte boundary, so
 * pieces laid end to end are one valid deflate stream (RFC 1951), closed by an empty
 * final block. The gzip trailer's CRC-32 of the whole is combined from the pieces'
 * own CRCs (zlib's crc32_combine), without reading the kept bytes again.
 */
import { promisify } from 'node:util';
import { constants, crc32, deflateRaw } from 'node:zlib';

export interface GzipPiece {
  /** Uncompressed length in bytes. */
  readonly length: number;
  readonly crc: number;
  /** Raw deflate blocks, none of them final, ending byte-aligned. */
  readonly deflated: Buffer;
}

const deflateRawAsync = promisify(deflateRaw);

/**
 * A piece kept and reused: compressed once, at zlib's default level, in libuv's thread
 * pool (a state's figures take ~40 ms to compress; the event loop serves others meanwhile).
 */
export async function gzipPiece(text: string): Promise<GzipPiece> {
  const bytes = Buffer.from(text, 'utf8');
  return { length: bytes.length, crc: crc32(bytes), deflated: await deflateRawAsync(bytes, { finishFlush: constants.Z_SYNC_FLUSH }) };
}

const STORED_MAX = 0xffff;

/**
 * A small piece made for one answer, not compressed: stored blocks (RFC 1951 3.2.4:
 * a byte-aligned header, LEN, its complement, the bytes as they are). Compressing a
 * few hundred bytes would cost a zlib stream's set-up for almost nothing saved.
 */
export function storedPiece(text: string): GzipPiece {
  const bytes = Buffer.from(text, 'utf8');
  const blocks: Buffer[] = [];
  for (let at = 0; at < bytes.length || blocks.length === 0; at += STORED_MAX) {
    const chunk = bytes.subarray(at, at + STORED_MAX);
    const header = Buffer.alloc(5);
    header[0] = 0; // BFINAL 0, BTYPE 00 (stored), then padding to the byte boundary
    header.writeUInt16LE(chunk.length, 1);
    header.writeUInt16LE(~chunk.length & 0xffff, 3);
    blocks.push(header, chunk);
  }
  return { length: bytes.length, crc: crc32(bytes), deflated: Buffer.concat(blocks) };
}

// gzip member header: magic, deflate, no flags, no modification time, no extra flags, OS unknown.
const HEADER = Buffer.from([0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 0xff]);
// An empty final block with fixed Huffman codes (BFINAL 1, BTYPE 01, end-of-block).
const FINAL_BLOCK = Buffer.from([0x03, 0x00]);

export function gzipOfPieces(pieces: readonly GzipPiece[]): Buffer {
  let crc = 0;
  let length = 0;
  for (const piece of pieces) {
    crc = crc32Combine(crc, piece.crc, piece.length);
    length += piece.length;
  }
  const trailer = Buffer.alloc(8);
  trailer.writeUInt32LE(crc >>> 0, 0);
  trailer.writeUInt32LE(length % 2 ** 32, 4);
  return Buffer.concat([HEADER, ...pieces.map((p) => p.deflated), FINAL_BLOCK, trailer]);
}

/** Whether the client takes gzip (an Accept-Encoding naming gzip, or *, without q=0). */
export function acceptsGzip(acceptEncoding: string | undefined): boolean {
  if (!acceptEncoding) return false;
  for (const part of acceptEncoding.split(',')) {
    const [coding = '', ...params] = part.trim().toLowerCase().split(';');
    if (coding.trim() !== 'gzip' && coding.trim() !== '*') continue;
    const q = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
    if (q === undefined || Number(q.slice(2)) > 0) return true;
  }
  return false;
}

/* ---------- CRC-32 of a concatenation (zlib's crc32_combine, polynomial arithmetic mod p(x)) ---------- */

const POLY = 0xedb88320;

/** a(x)·b(x) mod p(x), in the reflected bit order CRC-32 uses. */
function multModP(a: number, b: number): number {
  let m = 0x80000000;
  let p = 0;
  for (;;) {
    if (a & m) {
      p ^= b;
      if ((a & (m - 1)) === 0) break;
    }
    m >>>= 1;
    b = b & 1 ? (b >>> 1) ^ POLY : b >>> 1;
  }
  return p >>> 0;
}

/** x^(2^k) mod p(x) for k = 0..31. */
const X2N: number[] = (() => {
  const table: number[] = [];
  let p = 0x40000000; // x^1
  table.push(p);
  for (let k = 1; k < 32; k++) table.push((p = multModP(p, p)));
  return table;
})();

/** x^(n·2^k) mod p(x). */
function x2nModP(n: number, k: number): number {
  let p = 0x80000000; // x^0
  while (n > 0) {
    if (n % 2 === 1) p = multModP(X2N[k & 31] ?? 0, p);
    n = Math.floor(n / 2);
    k++;
  }
  return p;
}

/** The CRC-32 of A followed by B, from crc(A), crc(B) and B's length in bytes. */
export function crc32Combine(crcA: number, crcB: number, lengthB: number): number {
  return (multModP(x2nModP(lengthB, 3), crcA >>> 0) ^ crcB) >>> 0;
}
