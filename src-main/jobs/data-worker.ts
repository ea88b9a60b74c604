// The data worker thread: imports and feature-cache builds are seconds to minutes of synchronous
// decoding and filterbank work, which must not freeze the main process. One request at a time.
import { parentPort } from 'node:worker_threads';
import { importBackbone } from '../data/backbone-library';
import { sampleClipSpectrogram } from '../data/clip-spectrogram';
import { BackboneFileError, classifyDataError } from '../data/data-errors';
import { pngDataUrl } from '../data/image/encode-png';
import { DatasetLibrary } from '../data/library';
import { imagePng, spectrogramPng } from '../data/preview-png';
import { dataLayout } from '../home';
import type { DataRequest, DataWorkerMessage } from './data-protocol';

if (!parentPort) throw new Error('data-worker.ts runs as a worker thread');
const port = parentPort;
const post = (message: DataWorkerMessage) => port.postMessage(message);

let chain = Promise.resolve();

port.on('message', (request: DataRequest) => {
  chain = chain.then(async () => {
    try {
      post({ type: 'result', requestId: request.requestId, result: await handle(request) });
    } catch (error) {
      const options = request.op === 'import' ? (request.options as Record<string, unknown>) : {};
      post({
        type: 'error',
        requestId: request.requestId,
        error: classifyDataError(error, options),
      });
    }
  });
});

async function handle(request: DataRequest): Promise<unknown> {
  const library = new DatasetLibrary(request.dataDir);
  const onProgress = (p: { stage: string; done: number; total: number }) =>
    post({ type: 'progress', requestId: request.requestId, ...p });
  switch (request.op) {
    case 'import':
      return library.import(request.kind, request.options as never, onProgress, {
        features: request.computeFeatures ? undefined : false,
        videoTools: request.videoTools,
      });
    case 'backbone-import':
      try {
        return importBackbone(dataLayout(request.dataDir), request.path, request.options);
      } catch (e) {
        // The file is the user's: what is wrong with it is theirs to fix, not an internal error.
        throw new BackboneFileError((e as Error).message);
      }
    case 'clip':
      return sampleClipSpectrogram(library, request.id, request.index);
    case 'preview': {
      const preview = await library.preview(request.id, request.index, request.case, {
        settings: request.settings,
        corruption: request.corruption,
        seed: request.seed,
        onProgress,
      });
      return {
        index: preview.index,
        case: preview.case,
        className: preview.className,
        spectrogram: {
          frames: preview.shape.audioFrames,
          melBins: preview.shape.melBins,
          values: Array.from(preview.spectrogram, (v) => Math.round(v * 1000) / 1000),
        },
        imagePng: pngDataUrl(imagePng(preview)),
        // From the unrounded values, so the picture is the one the CLI has always written.
        ...(request.renderSpectrogram
          ? { spectrogramPng: pngDataUrl(spectrogramPng(preview)) }
          : {}),
        shape: preview.shape,
        audioApplied: preview.audioApplied,
        visualApplied: preview.visualApplied,
      };
    }
  }
}
