import { statSync } from 'node:fs';
import type { AudioRef, ImageRef, RejectedFile } from '@shared/domain/dataset';
import { checkAudioDecodeBudget } from '../audio/decode-budget';
import { decodeWav } from '../audio/wav';
import { DecodeError } from '../decode-error';
import { decodeImage } from '../image/decode-image';
import { DEFAULT_SOURCE_LIMITS, type SourceLimits } from '../source-limits';
import { readSourceFile, type SampleSources } from '../sources';

export type PairCheck =
  | { ok: true; audio: AudioRef; image: ImageRef; durationSeconds: number }
  | { ok: false; rejected: RejectedFile[] };

/**
 * Decodes both halves of a pair once, so that a bad file is rejected at import (with its reason)
 * and never reaches feature computation. Reports every bad half, not just the first.
 */
export function checkFilePair(
  audioPath: string,
  imagePath: string,
  sources?: SampleSources,
  limits: SourceLimits = DEFAULT_SOURCE_LIMITS,
): PairCheck {
  const rejected: RejectedFile[] = [];
  let durationSeconds = 0;
  let audioBytes = 0;
  let imageBytes = 0;
  try {
    const bytes = readSourceFile(audioPath, { maxBytes: limits.maxFileBytes });
    audioBytes = bytes.length;
    checkAudioDecodeBudget(bytes, audioPath, limits);
    const decoded = decodeWav(bytes, audioPath);
    durationSeconds = decoded.samples.length / decoded.sampleRate;
    sources?.carryAudio(audioPath, decoded);
  } catch (error) {
    rejected.push(toRejected(audioPath, error));
  }
  try {
    const bytes = readSourceFile(imagePath, { maxBytes: limits.maxFileBytes });
    imageBytes = bytes.length;
    decodeImage(bytes, imagePath, limits.maxImagePixels);
  } catch (error) {
    rejected.push(toRejected(imagePath, error));
  }
  if (rejected.length) return { ok: false, rejected };
  return {
    ok: true,
    audio: { kind: 'file', path: audioPath, bytes: audioBytes },
    image: { kind: 'file', path: imagePath, bytes: imageBytes },
    durationSeconds,
  };
}

export function toRejected(file: string, error: unknown): RejectedFile {
  if (error instanceof DecodeError) return { file: error.file, reason: error.reason };
  const reason = error instanceof Error ? error.message : String(error);
  return { file, reason };
}

export function isFile(path: string): boolean {
  try {
    return statSync(path).isFile();
  } catch {
    return false;
  }
}
