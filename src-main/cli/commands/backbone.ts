import { resolve } from 'node:path';
import { FORWARD_MODES } from '@shared/domain/model';
import type { Command } from 'commander';
import { selectBackend, verifyCavMae } from '../../engine/index';
import { callApi, type GlobalOptions, printJson, reportFailure } from '../output';
import { positiveInt, positiveNumber } from '../parsers';
import { withRuntime } from '../runtime';

export function registerBackbone(program: Command): void {
  const backbone = program
    .command('backbone')
    .description('pretrained backbones (CAV-MAE checkpoints as released)');
  backbone
    .command('import')
    .description(
      'convert a CAV-MAE checkpoint (.pth or .safetensors) and store it in the data directory',
    )
    .argument('<file>', 'CAV-MAE checkpoint, fine-tuned (with mlp_head) or pre-trained')
    .option('--name <n>', 'a name to list it by (default: the file name)')
    .option('--heads <n>', 'attention heads (default: width / 64, 12 for ViT-B)', positiveInt)
    .option('--classes <n>', 'classes of the new head of a pre-trained checkpoint', positiveInt)
    .action(
      (
        file: string,
        flags: { name?: string; heads?: number; classes?: number },
        command: Command,
      ) =>
        withRuntime(command, async (runtime, globals) => {
          const b = await callApi(runtime, 'backbones.import', {
            path: resolve(file),
            name: flags.name,
            heads: flags.heads,
            numClasses: flags.classes,
          });
          if (globals.json) printJson(b);
          else
            process.stdout.write(
              `backbone ${b.id} "${b.name}": ${b.kind}${b.pretrained ? ' pre-trained (new head)' : ''}, d ${b.config.dim}, ${b.config.audioBlocks} + ${b.config.visualBlocks} + ${b.config.jointBlocks} blocks, ${b.config.numClasses} classes (${b.ignored} upstream tensors left out)\n`,
            );
        }),
    );
  backbone
    .command('list')
    .description('imported backbones')
    .action((_flags: object, command: Command) =>
      withRuntime(command, async (runtime, globals) => {
        const list = await callApi(runtime, 'backbones.list', {});
        if (globals.json) printJson(list);
        else
          for (const b of list)
            process.stdout.write(
              `${b.id}  ${b.name}  ${b.kind}${b.pretrained ? ' (pre-trained)' : ''}  d ${b.config.dim}  ${b.config.numClasses} classes  from ${b.sourceFile}  ${b.importedAt}\n`,
            );
      }),
    );
  backbone
    .command('verify')
    .description(
      `recompute logits.<mode> (${FORWARD_MODES.join(', ')}) of EXPECTED from its audio and image with CHECKPOINT (.pth or .safetensors) and print the max abs difference per mode`,
    )
    .argument('<checkpoint>', 'CAV-MAE checkpoint, .pth (PyTorch zip) or .safetensors')
    .argument('<expected>', 'safetensors with audio [B, T, mel], image [B, C, S, S], logits.<mode>')
    .option(
      '--heads <n>',
      'attention heads (default: EXPECTED metadata, else width / 64)',
      positiveInt,
    )
    .option(
      '--tolerance <x>',
      'exit with status 1 when a mode differs by more',
      positiveNumber,
      1e-4,
    )
    .action(
      async (
        checkpoint: string,
        expected: string,
        flags: { heads?: number; tolerance: number },
        command: Command,
      ) => {
        const globals = command.optsWithGlobals<GlobalOptions>();
        try {
          await selectBackend();
          const result = verifyCavMae(checkpoint, expected, { heads: flags.heads });
          const worst = Math.max(...Object.values(result.modes).map((m) => m.maxAbsDiff));
          if (globals.json) printJson(result);
          else
            for (const [mode, { maxAbsDiff }] of Object.entries(result.modes))
              process.stdout.write(
                `${mode.padEnd(17)} max |Δ| ${maxAbsDiff.toExponential(2)}  ${maxAbsDiff <= flags.tolerance ? 'ok' : `above ${flags.tolerance}`}\n`,
              );
          if (!(worst <= flags.tolerance)) process.exitCode = 1;
        } catch (error) {
          reportFailure(error, globals.json);
        }
      },
    );
}
