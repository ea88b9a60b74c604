import type { RejectedFile, Split } from '@shared/domain/dataset';
import { DecodeError } from '../decode-error';
import { parseCsvFile } from './csv-file';
import { SPLIT_NAMES } from './splits';

/** One clip the label CSV names, before its file is looked for. */
export interface VideoLabelRow {
  /** 1-based line in the CSV, for messages. */
  line: number;
  /** The sample id (`<youtube id>_<start>` for VGGSound and AudioSet). */
  id: string;
  /** Clips of one group never straddle splits: the YouTube id, or the video file itself. */
  group: string;
  /** Label names (display names; AudioSet `mid`s are mapped through its class index). */
  labels: string[];
  split?: Split;
  /** A path the CSV gives (manifest, or a VGGSound path column). */
  path?: string;
  /** Otherwise: file names (without extension) the clip may have in the videos folder. */
  stems: string[];
}

export interface ParsedVideoLabels {
  rows: VideoLabelRow[];
  rejected: RejectedFile[];
  /** AudioSet: every display name in class-index order (classes follow that order). */
  classOrder?: string[];
  /** AudioSet, and a manifest where some clip has several labels. */
  multiLabel: boolean;
}

/** AudioSet calls its test segments `eval`. */
const VIDEO_SPLIT_NAMES: Readonly<Record<string, Split>> = { ...SPLIT_NAMES, eval: 'test' };

/** VGGSound pads the start second to six digits in its file names: `<id>_000030.mp4`. */
export function paddedStart(seconds: number): string {
  return String(Math.trunc(seconds)).padStart(6, '0');
}

/** Rows and their problems; a line is rejected with its reason and the rest read on. */
class RowCollector {
  readonly rows: VideoLabelRow[] = [];
  readonly rejected: RejectedFile[] = [];
  private readonly seen = new Map<string, number>();
  constructor(private readonly name: string) {}

  reject(line: number, reason: string): void {
    this.rejected.push({ file: `${this.name}:${line}`, reason });
  }

  splitOf(line: number, text: string | undefined): Split | undefined | null {
    if (!text) return undefined;
    const split = VIDEO_SPLIT_NAMES[text.toLowerCase()];
    if (!split) this.reject(line, `unknown split '${text}' (train, val or test)`);
    return split ?? null;
  }

  add(row: VideoLabelRow): void {
    const first = this.seen.get(row.id);
    if (first !== undefined) {
      this.reject(row.line, `duplicate clip '${row.id}' (first on line ${first})`);
      return;
    }
    this.seen.set(row.id, row.line);
    this.rows.push(row);
  }
}

function baseName(file: string): string {
  return file.split(/[\\/]/).pop() ?? file;
}

/**
 * VGGSound's `vggsound.csv`: `youtube_id,start_seconds,label,split` rows without a header (a
 * header naming those columns, and optionally `path`, is accepted too; so is a fifth column
 * with the clip's path). Files are `<id>_<start %06d>.<ext>` unless a path is given.
 */
export function parseVggsound(file: string, text: string): ParsedVideoLabels {
  const rows = parseCsvFile(file, text);
  const out = new RowCollector(baseName(file));
  let columns = ['youtube_id', 'start_seconds', 'label', 'split', 'path'];
  const first = rows[0]?.fields.map((f) => f.trim().toLowerCase());
  if (first?.includes('label') && !first.some((f) => /^\d+$/.test(f))) {
    columns = first.map((name) => (name === 'ytid' || name === 'id' ? 'youtube_id' : name));
    columns = columns.map((name) => (name === 'start' ? 'start_seconds' : name));
    rows.shift();
    for (const needed of ['youtube_id', 'start_seconds', 'label']) {
      if (!columns.includes(needed))
        throw new DecodeError(file, `header lacks a '${needed}' column (has: ${first.join(', ')})`);
    }
  }
  for (const { line, fields } of rows) {
    const at = (name: string) => fields[columns.indexOf(name)]?.trim() || undefined;
    if (fields.length < 3) {
      out.reject(
        line,
        `expected youtube_id,start_seconds,label[,split], found ${fields.length} field(s)`,
      );
      continue;
    }
    const youtubeId = at('youtube_id');
    const startText = at('start_seconds');
    const label = at('label');
    const start = Number(startText);
    if (!youtubeId) {
      out.reject(line, 'empty youtube_id');
      continue;
    }
    if (!startText || !Number.isFinite(start) || start < 0) {
      out.reject(line, `start_seconds '${startText ?? ''}' is not a number of seconds`);
      continue;
    }
    if (!label) {
      out.reject(line, 'empty label');
      continue;
    }
    const split = out.splitOf(line, at('split'));
    if (split === null) continue;
    const padded = paddedStart(start);
    out.add({
      line,
      id: `${youtubeId}_${padded}`,
      group: youtubeId,
      labels: [label],
      split,
      path: at('path'),
      stems: [`${youtubeId}_${padded}`, `${youtubeId}_${Math.trunc(start)}`],
    });
  }
  return { rows: out.rows, rejected: out.rejected, multiLabel: false };
}

/**
 * AudioSet's `class_labels_indices.csv` (`index,mid,display_name`, header line first): mid →
 * display name, and the display names in index order.
 */
export function parseClassIndex(
  file: string,
  text: string,
): { names: Map<string, string>; order: string[] } {
  const [header, ...rows] = parseCsvFile(file, text);
  const columns = header?.fields.map((f) => f.trim().toLowerCase()) ?? [];
  for (const needed of ['index', 'mid', 'display_name']) {
    if (!columns.includes(needed))
      throw new DecodeError(file, `header lacks a '${needed}' column (has: ${columns.join(', ')})`);
  }
  const entries: { index: number; mid: string; name: string }[] = [];
  const names = new Map<string, string>();
  const taken = new Set<string>();
  for (const { line, fields } of rows) {
    const at = (name: string) => fields[columns.indexOf(name)]?.trim() ?? '';
    const index = Number(at('index'));
    const mid = at('mid');
    const name = at('display_name');
    if (!Number.isInteger(index) || !mid || !name) {
      throw new DecodeError(file, `line ${line}: expected index,mid,display_name`);
    }
    if (names.has(mid)) throw new DecodeError(file, `line ${line}: mid '${mid}' appears twice`);
    if (taken.has(name))
      throw new DecodeError(file, `line ${line}: display name '${name}' appears twice`);
    names.set(mid, name);
    taken.add(name);
    entries.push({ index, mid, name });
  }
  if (entries.length === 0) throw new DecodeError(file, 'no classes (only a header line)');
  entries.sort((a, b) => a.index - b.index);
  return { names, order: entries.map((e) => e.name) };
}

/** `YTID, start_seconds, end_seconds, "mid1,mid2,…"` (spaces after the commas, as shipped). */
const AUDIOSET_ROW = /^([^,\s]+)\s*,\s*([^,\s]+)\s*,\s*([^,\s]+)\s*,\s*(?:"([^"]*)"|([^",]*))\s*$/;

/**
 * An AudioSet segments file (`balanced_train_segments.csv`, `eval_segments.csv`, …): lines
 * starting with `#` are comments; each row is a 10 s segment with one or more label `mid`s,
 * quoted and comma-separated. The clip is `<YTID>_<start>` (start as in the file, as a whole
 * number, or zero-padded to six digits as VGGSound does), or just `<YTID>`.
 */
export function parseAudioset(
  file: string,
  text: string,
  classIndex: { names: Map<string, string>; order: string[] },
): ParsedVideoLabels {
  const out = new RowCollector(baseName(file));
  const lines = (text.charCodeAt(0) === 0xfeff ? text.slice(1) : text).split(/\r?\n/);
  lines.forEach((raw, i) => {
    const line = i + 1;
    const content = raw.trim();
    if (!content || content.startsWith('#')) return;
    const match = AUDIOSET_ROW.exec(content);
    if (!match) {
      out.reject(line, 'expected YTID, start_seconds, end_seconds, "label mids"');
      return;
    }
    const [, youtubeId, startText, endText] = match as unknown as [string, string, string, string];
    const start = Number(startText);
    const end = Number(endText);
    if (!Number.isFinite(start) || start < 0 || !Number.isFinite(end) || end <= start) {
      out.reject(line, `start/end seconds '${startText}', '${endText}' are not a time span`);
      return;
    }
    const mids = (match[4] ?? match[5] ?? '')
      .split(',')
      .map((mid) => mid.trim())
      .filter(Boolean);
    if (mids.length === 0) {
      out.reject(line, 'no label mids');
      return;
    }
    const unknown = mids.filter((mid) => !classIndex.names.has(mid));
    if (unknown.length) {
      out.reject(line, `label mid(s) ${unknown.join(', ')} not in the class index`);
      return;
    }
    const whole = Math.trunc(start);
    out.add({
      line,
      id: `${youtubeId}_${whole}`,
      group: youtubeId,
      labels: [...new Set(mids.map((mid) => classIndex.names.get(mid)!))],
      stems: [
        `${youtubeId}_${startText}`,
        `${youtubeId}_${whole}`,
        `${youtubeId}_${paddedStart(start)}`,
        `${youtubeId}_${whole}_${Math.trunc(end)}`,
        `Y${youtubeId}_${startText}_${endText}`,
        youtubeId,
      ],
    });
  });
  return { rows: out.rows, rejected: out.rejected, classOrder: classIndex.order, multiLabel: true };
}

/**
 * A plain manifest with a header: `video` (a path, relative to the videos folder or the CSV, or
 * absolute), `label` (several separated by `;`), optionally `split` and `id`. Multi-label when
 * any clip has more than one label.
 */
export function parseVideoManifest(file: string, text: string): ParsedVideoLabels {
  const [header, ...rows] = parseCsvFile(file, text);
  if (!header) throw new DecodeError(file, 'empty manifest (no header line)');
  const columns = header.fields.map((name) => name.trim().toLowerCase());
  const labelColumn = columns.includes('label') ? 'label' : 'labels';
  for (const needed of ['video', labelColumn]) {
    if (!columns.includes(needed))
      throw new DecodeError(file, `header lacks a '${needed}' column (has: ${columns.join(', ')})`);
  }
  const out = new RowCollector(baseName(file));
  let multiLabel = false;
  for (const { line, fields } of rows) {
    if (fields.length !== columns.length) {
      out.reject(line, `expected ${columns.length} fields, found ${fields.length}`);
      continue;
    }
    const at = (name: string) => fields[columns.indexOf(name)]?.trim() || undefined;
    const video = at('video');
    if (!video) {
      out.reject(line, 'empty video path');
      continue;
    }
    const labels = [
      ...new Set(
        (at(labelColumn) ?? '')
          .split(';')
          .map((label) => label.trim())
          .filter(Boolean),
      ),
    ];
    if (labels.length === 0) {
      out.reject(line, 'empty label');
      continue;
    }
    if (labels.length > 1) multiLabel = true;
    const split = out.splitOf(line, at('split'));
    if (split === null) continue;
    out.add({ line, id: at('id') ?? video, group: video, labels, split, path: video, stems: [] });
  }
  return { rows: out.rows, rejected: out.rejected, multiLabel };
}
