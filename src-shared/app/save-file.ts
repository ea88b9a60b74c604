import { z } from 'zod';

/** A file this large is not a table or a figure; refused before the dialog opens. */
export const SAVE_FILE_MAX_BYTES = 256 * 1024 * 1024;

/**
 * The desktop app's one call outside the API: save a file the renderer made (an exported table
 * or figure) where the user picks in the system's save dialog. Web mode downloads instead.
 */
export const SaveFileRequestSchema = z
  .object({
    /** File name offered in the dialog (no directories). */
    suggestedName: z
      .string()
      .min(1)
      .max(255)
      .refine((n) => !/[\\/]/.test(n), 'a file name, without directories'),
    /** e.g. { name: 'PNG image', extensions: ['png'] }: what the dialog lists. */
    filters: z
      .array(
        z
          .object({
            name: z.string().min(1).max(80),
            extensions: z.array(z.string().regex(/^[a-z0-9]{1,8}$/i)).min(1),
          })
          .strict(),
      )
      .max(4),
    data: z.union([
      z.string().max(SAVE_FILE_MAX_BYTES),
      z
        .custom<Uint8Array>((d) => d instanceof Uint8Array, 'text or bytes')
        .refine((d) => d.byteLength <= SAVE_FILE_MAX_BYTES, 'too large'),
    ]),
  })
  .strict();
export type SaveFileRequest = z.infer<typeof SaveFileRequestSchema>;

export type SaveFileResult =
  | { status: 'saved'; path: string }
  | { status: 'cancelled' }
  | { status: 'failed'; message: string };
