/**
 * Imported pretrained backbones: `<data home>/backbones/<id>.safetensors`, each an engine
 * checkpoint (checkpoint/README.md: loadCheckpoint reads it) whose `extra.backbone` says where it
 * came from. The files are the source of truth, as dataset.json is for datasets: listing reads
 * their headers, and there is no table to fall out of step with them.
 */
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { type BackboneSummary, BackboneSummarySchema } from '@shared/domain/backbone';
import { type ModelConfig, ModelConfigSchema } from '@shared/domain/model';
import { CHECKPOINT_FORMAT } from '../engine/checkpoint/checkpoint';
import {
  type NamedArray,
  readSafetensorsMetadata,
  writeSafetensors,
} from '../engine/checkpoint/safetensors';
import { type CavMaeOptions, readCavMae } from '../engine/model/cav-mae/load';
import type { DataLayout } from '../home';

const ID = /^[0-9a-f]{16}$/;

/** sha256 over the tensors by name, shape and bytes: the same weights give the same id. */
function contentId(tensors: Map<string, NamedArray>): string {
  const hash = createHash('sha256');
  for (const name of [...tensors.keys()].sort()) {
    const t = tensors.get(name)!;
    hash.update(`${name}:${t.shape.join('x')};`);
    hash.update(new Uint8Array(t.data.buffer, t.data.byteOffset, t.data.byteLength));
  }
  return hash.digest('hex').slice(0, 16);
}

export function backbonePath(layout: DataLayout, id: string): string {
  if (!ID.test(id)) throw new Error(`backbone id "${id}" is not 16 hex digits`);
  const path = join(layout.backbones, `${id}.safetensors`);
  if (!existsSync(path)) throw new Error(`backbone ${id} is not imported`);
  return path;
}

/**
 * Converts a released CAV-MAE checkpoint to the engine's names and stores it. Importing the same
 * weights again keeps the stored file (and its first name) and returns it.
 */
export function importBackbone(
  layout: DataLayout,
  file: string,
  opts: CavMaeOptions & { name?: string } = {},
): BackboneSummary {
  const ckpt = readCavMae(file, opts);
  const id = contentId(ckpt.tensors);
  const path = join(layout.backbones, `${id}.safetensors`);
  if (existsSync(path)) return readSummary(path);
  const summary: BackboneSummary = BackboneSummarySchema.parse({
    id,
    name: opts.name ?? basename(file).replace(/\.(pth|pt|safetensors)$/, ''),
    kind: 'cav-mae',
    pretrained: ckpt.pretrained,
    sourceFile: file,
    sourceSha256: createHash('sha256').update(readFileSync(file)).digest('hex'),
    importedAt: new Date().toISOString(),
    config: ckpt.config,
    ignored: ckpt.ignored.length,
  });
  const { config, ...provenance } = summary;
  writeSafetensors(path, {
    tensors: ckpt.tensors,
    metadata: {
      format: CHECKPOINT_FORMAT,
      model_config: JSON.stringify(config),
      method: 'ft',
      train_case: 'complete',
      extra: JSON.stringify({ backbone: provenance }),
    },
  });
  return summary;
}

/**
 * Why features of `shape` cannot go through a backbone of `config` (null when they can): its
 * position embeddings were learned for one token grid, so the input shape must be the one it
 * was trained on.
 */
export function backboneShapeMismatch(
  config: ModelConfig,
  shape: { audioFrames: number; melBins: number; imageSize: number; imageChannels?: number },
): string | null {
  const want = `${config.audioFrames} frames × ${config.melBins} mel bins, ${config.imageChannels} × ${config.imageSize} × ${config.imageSize} images`;
  const same =
    shape.audioFrames === config.audioFrames &&
    shape.melBins === config.melBins &&
    shape.imageSize === config.imageSize &&
    (shape.imageChannels === undefined || shape.imageChannels === config.imageChannels);
  if (same) return null;
  return `the backbone takes ${want}; the dataset's features are ${shape.audioFrames} × ${shape.melBins}, ${shape.imageChannels ?? '?'} × ${shape.imageSize} × ${shape.imageSize}: import the dataset with the backbone's feature settings`;
}

/** One imported backbone's summary (its file's header only). */
export function readBackbone(layout: DataLayout, id: string): BackboneSummary {
  return readSummary(backbonePath(layout, id));
}

function readSummary(path: string): BackboneSummary {
  const md = readSafetensorsMetadata(path);
  const extra = JSON.parse(md.extra ?? '{}') as { backbone?: unknown };
  return BackboneSummarySchema.parse({
    ...(extra.backbone as object),
    config: ModelConfigSchema.parse(JSON.parse(md.model_config ?? 'null')),
  });
}

/** Every imported backbone, oldest first; a damaged file is reported, not skipped. */
export function listBackbones(layout: DataLayout): BackboneSummary[] {
  if (!existsSync(layout.backbones)) return [];
  return readdirSync(layout.backbones)
    .filter((f) => ID.test(f.replace(/\.safetensors$/, '')) && f.endsWith('.safetensors'))
    .map((f) => {
      const path = join(layout.backbones, f);
      try {
        return readSummary(path);
      } catch (e) {
        throw new Error(`${path}: not a readable backbone (${(e as Error).message})`);
      }
    })
    .sort((a, b) => a.importedAt.localeCompare(b.importedAt));
}
