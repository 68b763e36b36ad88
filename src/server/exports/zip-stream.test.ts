import { crc32 } from 'node:zlib';
import { strFromU8, unzipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { ZipStream } from './zip-stream.ts';

async function zipOf(files: Record<string, string[]>): Promise<Buffer> {
  const zip = new ZipStream();
  const chunks: Buffer[] = [];
  zip.out.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise((resolve) => zip.out.on('end', resolve));
  for (const [name, parts] of Object.entries(files)) {
    await zip.file(name, async (push) => {
      for (const part of parts) await push(part);
    });
  }
  zip.end();
  await done;
  return Buffer.concat(chunks);
}

/** Each entry of the central directory: name, CRC-32 and sizes as the zip records them. */
function centralDirectory(zip: Buffer): { name: string; crc: number; compressed: number; size: number }[] {
  const entries = [];
  for (let at = zip.indexOf(Buffer.from([0x50, 0x4b, 0x01, 0x02])); at !== -1; at = zip.indexOf(Buffer.from([0x50, 0x4b, 0x01, 0x02]), at + 46)) {
    const nameLength = zip.readUInt16LE(at + 28);
    entries.push({
      name: zip.toString('utf8', at + 46, at + 46 + nameLength),
      crc: zip.readUInt32LE(at + 16),
      compressed: zip.readUInt32LE(at + 20),
      size: zip.readUInt32LE(at + 24),
    });
  }
  return entries;
}

describe('the streamed zip', () => {
  it('holds each file as written, deflated, with the CRC-32 and sizes of its bytes', async () => {
    const rows = Array.from({ length: 20_000 }, (_, i) => `p${String(i)},María José,${String(i % 7)}\n`);
    const files = { 'participants.csv': ['id,name,n\n', ...rows], 'README.txt': ['Dates shift — ±182 days.\n'], 'empty.csv': [] };
    const zip = await zipOf(files);
    const unzipped = unzipSync(new Uint8Array(zip));
    for (const [name, parts] of Object.entries(files)) expect(strFromU8(unzipped[name] ?? new Uint8Array())).toBe(parts.join(''));
    const entries = centralDirectory(zip);
    expect(entries.map((e) => e.name)).toEqual(Object.keys(files));
    for (const e of entries) {
      const bytes = Buffer.from(Object.entries(files).find(([n]) => n === e.name)?.[1].join('') ?? '', 'utf8');
      expect({ crc: e.crc, size: e.size }).toEqual({ crc: crc32(bytes), size: bytes.length });
    }
    const csv = entries[0];
    expect(csv && csv.compressed < csv.size / 3).toBe(true);
  });
});
