/** A malformed quote: the whole file is refused, since the rows after it cannot be trusted. */
export class CsvSyntaxError extends Error {
  constructor(
    readonly line: number,
    message: string,
  ) {
    super(`line ${line}: ${message}`);
    this.name = 'CsvSyntaxError';
  }
}

/**
 * RFC 4180 CSV: comma-separated, fields may be double-quoted (with "" for a quote, and commas or
 * newlines inside). Returns rows of fields with the 1-based line each row starts on.
 *
 * Strict about quotes: a quoted field that never closes, or whose closing quote is followed by
 * anything but a comma or a line end, throws a CsvSyntaxError naming the line the quote opened
 * on. Reading on would fold the following good rows into one field (or guess where it ends).
 */
export function parseCsv(text: string): { line: number; fields: string[] }[] {
  const rows: { line: number; fields: string[] }[] = [];
  let fields: string[] = [];
  let field = '';
  let quoted = false;
  let quoteLine = 0;
  let line = 1;
  let rowLine = 1;
  const source = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  const endRow = () => {
    fields.push(field);
    if (!(fields.length === 1 && fields[0] === '')) rows.push({ line: rowLine, fields });
    fields = [];
    field = '';
  };
  for (let i = 0; i < source.length; i++) {
    const char = source[i]!;
    if (quoted) {
      if (char === '"' && source[i + 1] === '"') {
        field += '"';
        i++;
      } else if (char === '"') {
        quoted = false;
        const next = source[i + 1];
        if (next !== undefined && next !== ',' && next !== '\n' && next !== '\r') {
          throw new CsvSyntaxError(
            quoteLine,
            `the quoted field opened on this line closes on line ${line} but is followed by` +
              ` '${next}' (an unterminated or stray quote?); no row was imported`,
          );
        }
      } else {
        if (char === '\n') line++;
        field += char;
      }
    } else if (char === '"' && field === '') {
      quoted = true;
      quoteLine = line;
    } else if (char === ',') {
      fields.push(field);
      field = '';
    } else if (char === '\n' || char === '\r') {
      if (char === '\r' && source[i + 1] === '\n') i++;
      endRow();
      line++;
      rowLine = line;
    } else field += char;
  }
  if (quoted) {
    throw new CsvSyntaxError(
      quoteLine,
      'a quoted field opened on this line is never closed (it would run to the end of the' +
        ' file); no row was imported',
    );
  }
  if (field !== '' || fields.length) endRow();
  return rows;
}
