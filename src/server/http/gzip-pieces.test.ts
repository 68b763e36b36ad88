import { randomBytes } from 'node:crypto';
import { crc32, gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { acceptsGzip, crc32Combine, gzipOfPieces, gzipPiece, storedPiece } from './gzip-pieces.ts';

describe('gzip answers from separately compressed pieces', () => {
  it('combines CRC-32s as zlib does for the concatenation', () => {
    for (const [a, b] of [
      [0, 0],
      [0, 1],
      [5, 0],
      [17, 1000],
      [3, 70_000],
    ] as const) {
      const first = randomBytes(a);
      const second = randomBytes(b);
      expect(crc32Combine(crc32(first), crc32(second), second.length)).toBe(crc32(Buffer.concat([first, second])));
    }
  });

  it('lays pieces end to end into one gzip member any decoder reads back', async () => {
    // Repetitive JSON like the dashboard's, so the pieces hold back-references; one piece is reused twice.
    const kept = await gzipPiece(JSON.stringify(Array.from({ length: 5000 }, (_, day) => ({ day, survival: 1 - day / 10_000, atRisk: 5000 - day }))));
    const parts = ['{"generatedAt":"2026-12-03T12:00:00.000Z","current":', ',"comparison":', '}'];
    const body = gzipOfPieces([storedPiece(parts[0] ?? ''), kept, storedPiece(parts[1] ?? ''), kept, storedPiece(parts[2] ?? '')]);
    const text = gunzipSync(body).toString('utf8');
    const keptText = JSON.stringify(Array.from({ length: 5000 }, (_, day) => ({ day, survival: 1 - day / 10_000, atRisk: 5000 - day })));
    expect(text).toBe(`${parts[0] ?? ''}${keptText}${parts[1] ?? ''}${keptText}${parts[2] ?? ''}`);
    expect(JSON.parse(text)).toHaveProperty('comparison');
    expect(body.length).toBeLessThan(keptText.length / 3);
  });

  it('handles empty pieces and an empty answer', async () => {
    expect(gunzipSync(gzipOfPieces([])).length).toBe(0);
    expect(gunzipSync(gzipOfPieces([await gzipPiece(''), storedPiece(''), await gzipPiece('é'), storedPiece('')])).toString('utf8')).toBe('é');
  });

  it('stores pieces longer than one stored block can hold (65,535 bytes)', () => {
    const long = 'ä'.repeat(70_000); // 140,000 bytes: three stored blocks
    expect(gunzipSync(gzipOfPieces([storedPiece('['), storedPiece(long), storedPiece(']')])).toString('utf8')).toBe(`[${long}]`);
  });

  it('reads Accept-Encoding as browsers and proxies send it', () => {
    expect(acceptsGzip('gzip, deflate, br, zstd')).toBe(true);
    expect(acceptsGzip('br;q=1.0, GZIP;q=0.5')).toBe(true);
    expect(acceptsGzip('*')).toBe(true);
    expect(acceptsGzip('gzip;q=0')).toBe(false);
    expect(acceptsGzip('identity')).toBe(false);
    expect(acceptsGzip('deflate, br')).toBe(false);
    expect(acceptsGzip(undefined)).toBe(false);
    expect(acceptsGzip('')).toBe(false);
  });
});
