import { FORWARD_MODES } from '@shared/domain/model';
import type { Command } from 'commander';
import { selectBackend, verifyCavMae } from '../../engine/index';
import { type GlobalOptions, printJson, reportFailure } from '../output';
import { positiveInt, positiveNumber } from '../parsers';

export function registerBackbone(program: Command): void {
  const backbone = program
    .command('backbone')
    .description('pretrained backbones (CAV-MAE checkpoints as released)');
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
