import { copyFileSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import jpeg from 'jpeg-js';
import { PNG } from 'pngjs';
import wavefile from 'wavefile';

export const FSDD_RECORDINGS = '/work/shared/data/fsdd/recordings';

export function wavBytes(samples: number[], bitDepth = '16', rate = 8000): Uint8Array {
  const wav = new wavefile.WaveFile();
  wav.fromScratch(1, rate, bitDepth, samples);
  return wav.toBuffer();
}

export function toneWav(hz: number, seconds = 0.3, rate = 8000): Uint8Array {
  const n = Math.round(seconds * rate);
  return wavBytes(
    Array.from({ length: n }, (_, i) => Math.round(8000 * Math.sin((2 * Math.PI * hz * i) / rate))),
  );
}

export function pngBytes(size: number, value: number): Uint8Array {
  const png = new PNG({ width: size, height: size });
  for (let i = 0; i < size * size; i++) png.data.set([value, 255 - value, value, 255], i * 4);
  return new Uint8Array(PNG.sync.write(png));
}

export function jpegBytes(size: number, value: number): Uint8Array {
  const data = new Uint8Array(size * size * 4).fill(value);
  return new Uint8Array(jpeg.encode({ width: size, height: size, data }, 90).data);
}

/**
 * A class-folder tree with 3 good pairs per class ('a', 'b') and every bad case, plus a
 * manifest over the same files with bad rows (unknown label, duplicate id, missing half).
 */
export function writeBadTree(root: string): { manifest: string; good: number } {
  for (const label of ['a', 'b']) {
    const dir = join(root, label);
    mkdirSync(dir, { recursive: true });
    for (let i = 0; i < 3; i++) {
      writeFileSync(
        join(dir, `good${i}.wav`),
        toneWav(label === 'a' ? 300 + i * 50 : 1500 + i * 50),
      );
      writeFileSync(
        join(dir, `good${i}.${i === 2 ? 'jpg' : 'png'}`),
        i === 2 ? jpegBytes(12, 90) : pngBytes(10, i * 40),
      );
    }
  }
  copyFileSync(join(FSDD_RECORDINGS, '3_theo_0.wav'), join(root, 'a', 'real.wav'));
  writeFileSync(join(root, 'a', 'real.png'), pngBytes(28, 200));
  const a = join(root, 'a');
  const good = toneWav(440);
  writeFileSync(join(a, 'truncated.wav'), good.subarray(0, 300));
  const lying = good.slice();
  new DataView(lying.buffer).setUint16(22, 0, true);
  writeFileSync(join(a, 'lying.wav'), lying);
  writeFileSync(join(a, 'empty.wav'), new Uint8Array(0));
  writeFileSync(join(a, 'nan.wav'), wavBytes([0.1, Number.NaN, 0.2], '32f'));
  for (const name of ['truncated', 'lying', 'empty', 'nan'])
    writeFileSync(join(a, `${name}.png`), pngBytes(8, 50));
  const crc = pngBytes(8, 60);
  crc[29] = crc[29]! ^ 0xff;
  writeFileSync(join(a, 'badcrc.wav'), toneWav(500));
  writeFileSync(join(a, 'badcrc.png'), crc);
  writeFileSync(join(a, 'text.wav'), toneWav(600));
  writeFileSync(join(a, 'text.jpg'), 'Dear user, this is not a JPEG.\n');
  writeFileSync(join(a, 'lonely.wav'), toneWav(700)); // missing image half
  writeFileSync(join(root, 'b', 'orphan.png'), pngBytes(8, 70)); // missing audio half
  writeFileSync(join(root, 'b', 'good0.png.bak'), 'stray file');
  // Two images with the same name as one clip: which is its pair?
  writeFileSync(join(root, 'b', 'twice.wav'), good);
  writeFileSync(join(root, 'b', 'twice.png'), pngBytes(8, 80));
  writeFileSync(join(root, 'b', 'twice.jpg'), jpegBytes(8, 80));

  const rows = ['audio,image,label,split'];
  for (const label of ['a', 'b']) {
    for (let i = 0; i < 3; i++)
      rows.push(
        `${label}/good${i}.wav,${label}/good${i}.${i === 2 ? 'jpg' : 'png'},${label},${i === 0 ? 'test' : 'train'}`,
      );
  }
  rows.push(
    'a/truncated.wav,a/truncated.png,a,train',
    'a/lying.wav,a/lying.png,a,train',
    'a/empty.wav,a/empty.png,a,train',
    'a/nan.wav,a/nan.png,a,train',
    'a/badcrc.wav,a/badcrc.png,a,train',
    'a/text.wav,a/text.jpg,a,train',
    'a/real.wav,a/real.png,zebra,train',
    'a/good0.wav,a/good0.png,a,train',
    'a/lonely.wav,,a,train',
    'a/missing.wav,a/real.png,a,train',
    '"a/real.wav","a/real.png",a,holdout',
  );
  const manifest = join(root, 'manifest.csv');
  writeFileSync(manifest, `${rows.join('\n')}\n`);
  return { manifest, good: 6 };
}
