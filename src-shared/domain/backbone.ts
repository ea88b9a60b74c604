import { z } from 'zod';
import { ModelConfigSchema } from './model';

/**
 * A pretrained backbone imported into the data directory (`avlab backbone import`): where it came
 * from and the model it makes. Its id is the content hash of the stored tensors, so importing the
 * same weights twice gives the same backbone.
 */
export const BackboneSummarySchema = z.object({
  id: z.string().regex(/^[0-9a-f]{16}$/),
  name: z.string(),
  /** The checkpoint family it was converted from. */
  kind: z.literal('cav-mae'),
  /** Pre-trained only (no classification head): a run on it starts from a new head. */
  pretrained: z.boolean(),
  sourceFile: z.string(),
  /** sha256 of the imported file, to tell which release it was. */
  sourceSha256: z.string(),
  importedAt: z.string(),
  config: ModelConfigSchema,
  /** Upstream tensors left out on purpose (decoder, unused norms). */
  ignored: z.number().int().nonnegative(),
});
export type BackboneSummary = z.infer<typeof BackboneSummarySchema>;
