import { DecodeError } from '../decode-error';
import { readRegularFile } from '../source-file';
import { CsvSyntaxError, parseCsv } from './csv';

/** The text of a file an importer is given; a missing one is "<what> not found". */
export function readImportText(file: string, maxBytes: number, what: string): string {
  try {
    return readRegularFile(file, { maxBytes }).toString('utf8');
  } catch (error) {
    if (error instanceof DecodeError && error.reason === 'file not found') {
      throw new DecodeError(file, `${what} not found`);
    }
    throw error;
  }
}

/** The rows of a CSV file's text; a malformed quote refuses the whole file, naming it. */
export function parseCsvFile(file: string, text: string): { line: number; fields: string[] }[] {
  try {
    return parseCsv(text);
  } catch (error) {
    if (error instanceof CsvSyntaxError) throw new DecodeError(file, error.message);
    throw error;
  }
}
