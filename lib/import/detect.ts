// Which import file a CSV is — used by the in-app import's file picker (client side, so no CSV
// parser here: the header line is enough).
import { IMPORT_FILES, type ImportFile } from './schemas.ts';

/**
 * Which import file a CSV is, by its header (a user's file is rarely named customers.csv):
 * the file whose columns are all present, the one with most columns first; else by name.
 */
export function detectImportFile(name: string, firstLine: string): ImportFile | null {
  const header = new Set(firstLine.replace(/^\ufeff/, '').split(',').map((c) => c.trim().replace(/^"|"$/g, '').toLowerCase()));
  const fits = (Object.keys(IMPORT_FILES) as ImportFile[])
    .filter((f) => Object.keys(IMPORT_FILES[f].shape).every((c) => header.has(c)))
    .sort((a, b) => Object.keys(IMPORT_FILES[b].shape).length - Object.keys(IMPORT_FILES[a].shape).length);
  if (fits[0]) return fits[0];
  const base = name.toLowerCase().replace(/^.*[\\/]/, '');
  return base in IMPORT_FILES ? (base as ImportFile) : null;
}
