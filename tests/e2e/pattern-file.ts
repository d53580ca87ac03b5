import { open } from 'node:fs/promises';

// Big test files on disk (no Playwright import: the walk on a running CHORUS and the benchmark
// both use it).
/** Writes `size` bytes that differ from part to part (a part sent twice or out of order shows)
 *  to `file`, in 8 MB pieces: files too big for Playwright's 50 MB of buffer go by path. */
export async function writePatternFile(file: string, size: number, seed: number): Promise<void> {
  const handle = await open(file, 'w');
  const piece = Buffer.alloc(8 * 1024 * 1024);
  let x = seed >>> 0 || 1;
  for (let written = 0; written < size; written += piece.length) {
    for (let i = 0; i < piece.length; i += 4) {
      x ^= x << 13;
      x ^= x >>> 17;
      x ^= x << 5;
      piece.writeUInt32LE(x >>> 0, i);
    }
    await handle.write(piece, 0, Math.min(piece.length, size - written));
  }
  await handle.close();
}
