import type { Case } from '@shared/domain/cases';
import type { Method } from '@shared/domain/methods';
import type { ForwardMode, ModelConfig } from '@shared/domain/model';
import * as tf from '@tensorflow/tfjs';
import { mixSeed, Rng } from '../rng';
import { addAuxHeadParams, auxLogits } from './aux-heads';
import {
  addBlockParams,
  block,
  blockReadonly,
  contentKeys,
  readonlyContentStep,
  readonlyPromptStep,
} from './block';
import { tokenGrids } from './config';
import type { CapturedAttention, ForwardContext } from './context';
import {
  addModeParams,
  classify,
  modeModality,
  pooledStream,
  singleModalityOnly,
  singleModalityPooled,
} from './forward-modes';
import { addFusionParams, fusionBlock } from './fusion';
import { type Param, type ParamGroup, ParamStore } from './params';
import { addPatchEmbedParams, embedAudio, embedVisual } from './patch-embed';
import { sinCos2d } from './positions';
import { type ActivePrompts, activePrompts, addPromptParams } from './prompts';

export interface ParamCounts {
  /** Parameters the method's forward pass uses. */
  total: number;
  /** Parameters the method trains. */
  trainable: number;
}

/** Which groups a method's forward pass uses, and which of them it trains. */
export function methodGroups(method: Method): { uses: ParamGroup[]; trains: ParamGroup[] } {
  switch (method) {
    case 'ft':
      return { uses: ['backbone', 'head'], trains: ['backbone', 'head'] };
    case 'pl':
      // Prompts only: the head stays the backbone's, so every case's prompt set and the concat of
      // all of them classify with one head and concat-based prompting knows nothing of the case.
      return { uses: ['backbone', 'head', 'prompts'], trains: ['prompts'] };
    case 'lora':
      return { uses: ['backbone', 'head', 'lora'], trains: ['lora', 'head'] };
    case 'adapter':
      return { uses: ['backbone', 'head', 'adapter'], trains: ['adapter', 'head'] };
    case 'linear':
      return { uses: ['backbone', 'head'], trains: ['head'] };
  }
}

/** Seeds for the dropout masks of one forward pass: one per call, in call order. */
function dropoutSeeds(seed: number): { nextSeed(): number } {
  let calls = 0;
  return { nextSeed: () => mixSeed(seed, calls++) };
}

export interface ForwardOptions {
  /** Prompt sets to use (one case = situation-specific, all cases = concat); ignored unless PL. */
  promptCases?: readonly Case[];
  capture?: CapturedAttention[];
  /** Training forward with dropout (when config.dropout > 0): masks drawn from this seed. */
  dropoutSeed?: number;
  /** Which inputs to use (forward-modes.ts); default `multimodal`. */
  mode?: ForwardMode;
}

/**
 * What the frozen modality encoders produce for a batch, per modality [B, L, N, d]: with input
 * prompts (readonly mode) the content entering each modality block and the encoder output
 * (L = blocks + 1); without input prompts only the output (L = 1). See `encoderContent`.
 */
export interface EncodedContent {
  audio: tf.Tensor4D;
  visual: tf.Tensor4D;
}

/** The main logits, and the unimodal auxiliary heads' when the model has them and they were asked for. */
export interface ForwardOutputs {
  logits: tf.Tensor2D;
  aux: { audio: tf.Tensor2D; visual: tf.Tensor2D } | null;
}

/**
 * The audio-visual transformer: patch embeddings → modality blocks (with input prompts) →
 * fusion blocks (bidirectional cross-attention with attention prompts) → joint blocks →
 * norm → mean pool → head. Every weight is a named variable in `params`.
 */
export class AVModel {
  readonly params: ParamStore;
  /** Fixed sin-cos positions, or null when they are weights (config.learnedPositions). */
  private readonly audioPos: tf.Tensor2D | null = null;
  private readonly visualPos: tf.Tensor2D | null = null;
  method: Method = 'ft';
  /** The case whose prompt set PL trains. */
  trainCase: Case = 'complete';

  constructor(
    readonly config: ModelConfig,
    seed: number,
  ) {
    this.params = new ParamStore(new Rng(seed));
    const p = this.params;
    addPatchEmbedParams(p, config);
    for (let i = 0; i < config.audioBlocks; i++) addBlockParams(p, config, `audio_blocks.${i}`);
    for (let i = 0; i < config.visualBlocks; i++) addBlockParams(p, config, `visual_blocks.${i}`);
    for (let i = 0; i < config.fusionBlocks; i++) addFusionParams(p, config, i);
    for (let i = 0; i < config.jointBlocks; i++) addBlockParams(p, config, `joint_blocks.${i}`);
    p.addNorm('backbone.norm', config.dim);
    p.addLinear('head', config.dim, config.numClasses);
    addAuxHeadParams(p, config);
    addPromptParams(p, config);
    addModeParams(p, config);
    const grids = tokenGrids(config);
    const tokens = { audio: grids.audio[0] * grids.audio[1], visual: grids.visual[0] ** 2 };
    if (config.learnedPositions) {
      p.add('backbone.audio_pos', [tokens.audio, config.dim], 'normal');
      p.add('backbone.visual_pos', [tokens.visual, config.dim], 'normal');
    } else {
      this.audioPos = tf.tensor2d(sinCos2d(...grids.audio, config.dim), [tokens.audio, config.dim]);
      this.visualPos = tf.tensor2d(sinCos2d(...grids.visual, config.dim), [
        tokens.visual,
        config.dim,
      ]);
    }
    this.setMethod('ft', 'complete');
  }

  /**
   * Sets which params train: exactly the method's groups (for PL, only `trainCase`'s prompts),
   * less the single-modality norms, which training's multimodal forward never reaches.
   */
  setMethod(method: Method, trainCase: Case = this.trainCase): void {
    this.method = method;
    this.trainCase = trainCase;
    this.params.setTrainable((p) => this.trains(p.name, p.group, method, trainCase));
  }

  private trains(name: string, group: ParamGroup, method: Method, trainCase: Case): boolean {
    return (
      methodGroups(method).trains.includes(group) &&
      (group !== 'prompts' || name.startsWith(`prompts.${trainCase}.`)) &&
      !singleModalityOnly(name)
    );
  }

  trainableParams(): Param[] {
    return this.params.all().filter((p) => p.trainable);
  }

  /** Total / trainable parameter counts for a method (default: the current one). */
  paramCounts(method: Method = this.method): ParamCounts {
    const { uses } = methodGroups(method);
    let total = 0;
    let trainable = 0;
    for (const p of this.params.all()) {
      if (!uses.includes(p.group)) continue;
      const n = p.variable.size;
      total += n;
      if (this.trains(p.name, p.group, method, this.trainCase)) trainable += n;
    }
    return { total, trainable };
  }

  /** A printable table of parameters per group, trainable vs frozen (nanoGPT prints the same). */
  paramSummary(): string {
    const rows = new Map<string, { trainable: number; frozen: number }>();
    for (const p of this.params.all()) {
      const r = rows.get(p.group) ?? { trainable: 0, frozen: 0 };
      if (p.trainable) r.trainable += p.variable.size;
      else r.frozen += p.variable.size;
      rows.set(p.group, r);
    }
    const counts = this.paramCounts();
    const lines = [...rows].map(
      ([g, r]) =>
        `  ${g.padEnd(9)} trainable ${String(r.trainable).padStart(10)}  frozen ${String(r.frozen).padStart(10)}`,
    );
    return [
      `${this.method} (${this.trainCase}): ${counts.total.toLocaleString('en')} parameters used, ${counts.trainable.toLocaleString('en')} trainable`,
      ...lines,
    ].join('\n');
  }

  /** audio [B, F, M], visual [B, S, S, C] → logits [B, numClasses]. */
  forward(audio: tf.Tensor3D, visual: tf.Tensor4D, opts: ForwardOptions = {}): tf.Tensor2D {
    return this.forwardOutputs(audio, visual, opts, false).logits;
  }

  /**
   * The forward pass with, when `withAux` and config.auxHeads, the audio-only and visual-only
   * logits of the auxiliary heads on the streams that leave the modality blocks (aux-heads.ts).
   */
  forwardOutputs(
    audio: tf.Tensor3D,
    visual: tf.Tensor4D,
    opts: ForwardOptions,
    withAux: boolean,
  ): ForwardOutputs {
    const c = this.config;
    const ctx = this.context(opts);
    const prompts = this.prompts(opts, audio.shape[0]);
    const mode = opts.mode ?? 'multimodal';
    const only = modeModality(mode);
    if (only) {
      // One modality through its blocks and the joint blocks: fusion needs both, so it cannot run.
      if (c.fusionBlocks > 0)
        throw new Error(
          `forward mode ${mode}: the model has fusion blocks, which need both inputs`,
        );
      const stream =
        only === 'audio'
          ? this.encode(
              ctx,
              'audio',
              this.embedded(ctx, 'audio', audio),
              prompts?.audioInput ?? null,
              c.audioBlocks,
            )
          : this.encode(
              ctx,
              'visual',
              this.embedded(ctx, 'visual', visual),
              prompts?.visualInput ?? null,
              c.visualBlocks,
            );
      return { logits: classify(ctx, singleModalityPooled(ctx, mode, stream)), aux: null };
    }
    const a = this.embedded(ctx, 'audio', audio); // [B, Na, d]
    const v = this.embedded(ctx, 'visual', visual); // [B, Nv, d]
    const audioStream = this.encode(ctx, 'audio', a, prompts?.audioInput ?? null, c.audioBlocks);
    const visualStream = this.encode(
      ctx,
      'visual',
      v,
      prompts?.visualInput ?? null,
      c.visualBlocks,
    );
    return this.afterEncoders(ctx, prompts, audioStream, visualStream, withAux);
  }

  /**
   * The same forward pass from the frozen encoders' content (engine/cache) instead of the
   * inputs: only the prompt path runs through the modality blocks, so nothing of the encoders'
   * content path is computed or kept on the tape. Bit-identical to `forwardOutputs` on the
   * inputs the content was computed from.
   */
  forwardEncoded(encoded: EncodedContent, opts: ForwardOptions, withAux: boolean): ForwardOutputs {
    const reason = this.contentIndependentOfTraining();
    if (reason) throw new Error(`forwardEncoded: ${reason}`);
    const c = this.config;
    const ctx = this.context(opts);
    const prompts = this.prompts(opts, encoded.audio.shape[0]);
    const audioStream = this.encodeFromContent(
      ctx,
      'audio',
      encoded.audio,
      prompts?.audioInput ?? null,
      c.audioBlocks,
    );
    const visualStream = this.encodeFromContent(
      ctx,
      'visual',
      encoded.visual,
      prompts?.visualInput ?? null,
      c.visualBlocks,
    );
    return this.afterEncoders(ctx, prompts, audioStream, visualStream, withAux);
  }

  /**
   * Why the modality encoders' content depends on what this model trains or draws per step
   * (null when it does not, and `encoderContent` may stand in for it).
   */
  contentIndependentOfTraining(): string | null {
    const c = this.config;
    if (this.method !== 'pl' && this.method !== 'linear')
      return `method ${this.method} trains or adapts the encoders`;
    if (this.method === 'pl' && c.inputPromptLength > 0 && c.inputPromptMode !== 'readonly')
      return 'deep input prompts change the content tokens (readonly mode needed)';
    if (c.dropout > 0) return 'dropout in the encoders draws new masks every step';
    return null;
  }

  /**
   * Layers per modality sample in `encoderContent`: the input of each modality block (what the
   * readonly prompts attend to) and the output, or the output alone without input prompts.
   */
  contentLayers(modality: 'audio' | 'visual'): number {
    const blocks = modality === 'audio' ? this.config.audioBlocks : this.config.visualBlocks;
    return this.config.inputPromptLength > 0 ? blocks + 1 : 1;
  }

  /** The frozen encoder's content for inputs of one modality: [B, L, N, d] (see EncodedContent). */
  encoderContent(modality: 'audio' | 'visual', input: tf.Tensor): tf.Tensor4D {
    const reason = this.contentIndependentOfTraining();
    if (reason) throw new Error(`encoderContent: ${reason}`);
    return tf.tidy(() => {
      const ctx = this.context({});
      const blocks = modality === 'audio' ? this.config.audioBlocks : this.config.visualBlocks;
      let x = this.embedded(ctx, modality, input); // [B, N, d]
      if (this.config.inputPromptLength === 0) {
        // Mirrors encode() without prompts: plain blocks.
        for (let i = 0; i < blocks; i++) x = block(ctx, `${modality}_blocks.${i}`, x);
        return tf.stack([x], 1) as tf.Tensor4D; // [B, 1, N, d]
      }
      const layers = [x];
      for (let i = 0; i < blocks; i++) {
        const site = `${modality}_blocks.${i}`;
        x = readonlyContentStep(ctx, site, x, contentKeys(ctx, site, x));
        layers.push(x);
      }
      return tf.stack(layers, 1) as tf.Tensor4D; // [B, blocks + 1, N, d]
    });
  }

  /** Patch embeddings plus positions: [B, N, d]. */
  private embedded(ctx: ForwardContext, modality: 'audio' | 'visual', input: tf.Tensor): tf.Tensor {
    const fixed = modality === 'audio' ? this.audioPos : this.visualPos;
    const pos = fixed ?? this.params.get(`backbone.${modality}_pos`).variable;
    const tokens =
      modality === 'audio'
        ? embedAudio(ctx, input as tf.Tensor3D)
        : embedVisual(ctx, input as tf.Tensor4D);
    return tokens.add(pos);
  }

  private context(opts: ForwardOptions): ForwardContext {
    return {
      params: this.params,
      config: this.config,
      lora: this.method === 'lora',
      adapter: this.method === 'adapter',
      capture: opts.capture,
      dropout: opts.dropoutSeed === undefined ? undefined : dropoutSeeds(opts.dropoutSeed),
    };
  }

  private prompts(opts: ForwardOptions, batch: number): ActivePrompts | null {
    if (this.method !== 'pl') return null;
    return activePrompts(this.params, this.config, opts.promptCases ?? [this.trainCase], batch);
  }

  /** Aux heads, fusion blocks, joint blocks, norm, pool, head. */
  private afterEncoders(
    ctx: ForwardContext,
    prompts: ActivePrompts | null,
    audioEncoded: tf.Tensor,
    visualEncoded: tf.Tensor,
    withAux: boolean,
  ): ForwardOutputs {
    const c = this.config;
    let audioStream = audioEncoded;
    let visualStream = visualEncoded;
    const inputKeys = {
      audio: prompts?.audioInput?.shape[1] ?? 0,
      visual: prompts?.visualInput?.shape[1] ?? 0,
    };
    const aux =
      withAux && c.auxHeads
        ? {
            audio: auxLogits(ctx, 'audio', audioStream, inputKeys.audio),
            visual: auxLogits(ctx, 'visual', visualStream, inputKeys.visual),
          }
        : null;
    for (let i = 0; i < c.fusionBlocks; i++) {
      const fp = prompts?.fusion[i] ?? { audio: null, visual: null };
      ({ audio: audioStream, visual: visualStream } = fusionBlock(
        ctx,
        i,
        audioStream,
        visualStream,
        fp,
        inputKeys,
      ));
    }
    const x = tf.concat([audioStream, visualStream], 1); // [B, La + Lv, d]
    return { logits: classify(ctx, pooledStream(ctx, x, 'joint')), aux };
  }

  /** encode() on cached content [B, L, N, d]: only the prompts pass through the blocks. */
  private encodeFromContent(
    ctx: ForwardContext,
    modality: 'audio' | 'visual',
    content: tf.Tensor4D,
    prompts: tf.Tensor | null,
    blocks: number,
  ): tf.Tensor {
    const L = content.shape[1];
    if (L !== this.contentLayers(modality))
      throw new Error(
        `forwardEncoded: ${modality} content has ${L} layers, the model needs ${this.contentLayers(modality)}`,
      );
    const layers = tf.unstack(content, 1); // L × [B, N, d]
    const output = layers[L - 1]!;
    if (!prompts) return output;
    let p = prompts;
    for (let i = 0; i < blocks; i++) {
      const site = `${modality}_blocks.${i}`;
      p = readonlyPromptStep(ctx, site, p, contentKeys(ctx, site, layers[i]!));
    }
    return tf.concat([p, output], 1); // [B, P + N, d]
  }

  /** Modality blocks over [input prompts ; tokens]; the result keeps the prompts in front. */
  private encode(
    ctx: ForwardContext,
    modality: 'audio' | 'visual',
    tokens: tf.Tensor,
    prompts: tf.Tensor | null,
    blocks: number,
  ): tf.Tensor {
    if (prompts && this.config.inputPromptMode === 'readonly') {
      let content = tokens;
      let p = prompts;
      for (let i = 0; i < blocks; i++)
        ({ content, prompts: p } = blockReadonly(ctx, `${modality}_blocks.${i}`, content, p));
      return tf.concat([p, content], 1); // [B, P + N, d]
    }
    let x = prompts ? tf.concat([prompts, tokens], 1) : tokens; // [B, P + N, d]
    for (let i = 0; i < blocks; i++) x = block(ctx, `${modality}_blocks.${i}`, x);
    return x;
  }

  dispose(): void {
    this.params.dispose();
    this.audioPos?.dispose();
    this.visualPos?.dispose();
  }
}
