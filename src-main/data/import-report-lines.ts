import { type ImportReport, SPLITS } from '@shared/domain/dataset';

/** The video importer's part of the text report: extraction, tools, clips without sound. */
export function videoReportLines(report: ImportReport): string[] {
  const v = report.video;
  if (!v) return [];
  const lines = [
    `video (${v.format}): ${v.clips} clip(s) found, ${v.extracted} extracted and ${v.reused} reused` +
      ` from an earlier run, ${v.frames} frames each, ${v.jobs} job(s), ${v.extractSeconds.toFixed(1)} s` +
      ` (ffmpeg ${v.tools.ffmpeg}, ffprobe ${v.tools.ffprobe}; from ${v.tools.source})`,
  ];
  if (v.grouping) {
    const g = v.grouping;
    const what = g.by === 'youtube-id' ? 'YouTube id' : 'video file';
    lines.push(
      `splits grouped by ${what}: ${g.groups} group(s), largest ${g.largestGroup} clip(s),` +
        ` ${g.clipsSharingGroup} clip(s) share their ${what} with another; no ${what} is in two splits`,
    );
  }
  if (v.noAudioTrack.length) {
    lines.push(
      `kept without an audio track (silent audio, flagged audioMissing): ${v.noAudioTrack.join(', ')}`,
    );
  }
  if (v.silent.length) lines.push(`silent audio track (kept): ${v.silent.join(', ')}`);
  return lines;
}

/**
 * The label distribution, one line per class with its count in each split. In a multi-label
 * dataset every label of a sample counts (so the counts add up to more than the samples).
 */
export function labelDistributionLines(report: ImportReport): string[] {
  const classes = [
    ...new Set(SPLITS.flatMap((split) => Object.keys(report.classCounts[split] ?? {}))),
  ];
  if (classes.length === 0) return [];
  const width = Math.min(40, Math.max(...classes.map((name) => name.length)));
  const multi = report.task === 'multi-label';
  const lines = [
    `label distribution (${multi ? 'multi-label: each label of a sample counts' : 'samples per class'}):`,
  ];
  for (const name of classes) {
    const counts = SPLITS.map((split) => `${split} ${report.classCounts[split]?.[name] ?? 0}`);
    lines.push(`  ${name.padEnd(width)}  ${counts.join(', ')}`);
  }
  return lines;
}
