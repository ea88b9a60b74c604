import { z } from 'zod';
import { BackboneSummarySchema } from '../../domain/backbone';

export const BackboneImportSchema = z
  .object({
    /** A CAV-MAE checkpoint as released: .pth (PyTorch zip) or .safetensors. */
    path: z.string().min(1),
    name: z.string().min(1).optional(),
    /** Attention heads (not recorded in a state dict); default width / 64. */
    heads: z.number().int().positive().optional(),
    /** Classes of the new head of a pre-trained checkpoint. */
    numClasses: z.number().int().positive().optional(),
  })
  .strict();

export const backboneMethods = {
  'backbones.list': { params: z.object({}).strict(), result: z.array(BackboneSummarySchema) },
  'backbones.import': { params: BackboneImportSchema, result: BackboneSummarySchema },
};
