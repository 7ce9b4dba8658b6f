import { badRequest } from '../common/aws-error';

/** One line of an ImportApiKeys CSV file (api-key-file-format.md): `Key` is required, the rest optional. */
export interface ImportedKeyRow {
  line: number;
  key: string;
  name?: string;
  description?: string;
  enabled: boolean;
  usagePlanIds: string[];
}

const COLUMNS = ['key', 'name', 'description', 'enabled', 'usageplanids'] as const;

/**
 * Parses AWS's API key CSV: a header row naming columns in any order and case (`Name,Key,Description,Enabled,
 * UsagePlanIds`), values optionally quoted with `"` or `'` (quoted values may hold commas, e.g. several plan ids).
 * `Enabled` is true only when it reads `true` in any case, as AWS treats it.
 */
export function parseApiKeyCsv(text: string): ImportedKeyRow[] {
  const lines = text.replace(/^\uFEFF/, '').split(/\r?\n/);
  const headerIndex = lines.findIndex((l) => l.trim() !== '');
  if (headerIndex < 0) throw badRequest('Invalid API key file: the file is empty');
  const header = splitLine(lines[headerIndex]).map((h) => h.trim().toLowerCase());
  for (const h of header) {
    if (!(COLUMNS as readonly string[]).includes(h)) throw badRequest(`Invalid API key file: unknown column '${h}'. Columns are Name, Key, Description, Enabled, UsagePlanIds`);
  }
  if (!header.includes('key')) throw badRequest('Invalid API key file: the Key column is required');
  const rows: ImportedKeyRow[] = [];
  for (let i = headerIndex + 1; i < lines.length; i++) {
    if (lines[i].trim() === '') continue;
    const cells = splitLine(lines[i]).map((c) => c.trim());
    if (cells.length > header.length) throw badRequest(`Invalid API key file: line ${i + 1} has ${cells.length} values for ${header.length} columns`);
    const get = (column: string) => {
      const value = cells[header.indexOf(column)];
      return value === undefined || value === '' ? undefined : value;
    };
    rows.push({
      line: i + 1,
      key: get('key') ?? '',
      name: get('name'),
      description: get('description'),
      enabled: (get('enabled') ?? '').toLowerCase() === 'true',
      usagePlanIds: (get('usageplanids') ?? '').split(',').map((id) => id.trim()).filter(Boolean),
    });
  }
  return rows;
}

function splitLine(line: string): string[] {
  const cells: string[] = [];
  let cell = '';
  let quote: string | null = null;
  for (let i = 0; i < line.length; i++) {
    const c = line[i];
    if (quote) {
      if (c === quote && line[i + 1] === quote) {
        cell += c;
        i++;
      } else if (c === quote) quote = null;
      else cell += c;
    } else if ((c === '"' || c === "'") && cell.trim() === '') {
      quote = c;
      cell = '';
    } else if (c === ',') {
      cells.push(cell);
      cell = '';
    } else cell += c;
  }
  if (quote) throw badRequest(`Invalid API key file: unterminated quoted value in '${line}'`);
  cells.push(cell);
  return cells;
}
