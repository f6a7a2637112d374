// The in-app import's wire format (POST /api/import), shared by the route and the screen.
// Request: the CSV texts, keyed by which import file each is. Response: newline-delimited JSON
// events — the server reports rows done as it loads, so a 50,000-row file shows progress.
import { z } from 'zod';
import type { CandidatePair } from '../dedupe/candidates.ts';
import { IMPORT_FILES, type ImportFile } from './schemas.ts';

export const IMPORT_MAX_BYTES = 32 * 1024 * 1024;
const FILE_NAMES = Object.keys(IMPORT_FILES) as [ImportFile, ...ImportFile[]];

export const ImportRequest = z
  .object({
    /** true: validate and load inside a transaction that is rolled back (the preview). */
    dry: z.boolean(),
    files: z.array(z.object({ file: z.enum(FILE_NAMES), text: z.string().min(1) })).min(1).max(FILE_NAMES.length),
  })
  .refine((r) => new Set(r.files.map((f) => f.file)).size === r.files.length, { path: ['files'], params: { key: 'duplicate_file' } });
export type ImportRequest = z.output<typeof ImportRequest>;

export type ImportRowError = { file: ImportFile; line: number; field?: string; zh: string; en: string };

/** Shown at most this many; the count is always exact. */
export const MAX_ERRORS_SHOWN = 500;
export const MAX_DUPLICATES_SHOWN = 20;

export type ImportEvent =
  | { type: 'parsed'; rows: Partial<Record<ImportFile, number>>; total: number }
  | { type: 'progress'; file: ImportFile; done: number; total: number; overall: number; overallTotal: number }
  | {
      type: 'done';
      dry: boolean;
      ok: boolean;
      loaded: Partial<Record<ImportFile, number>>;
      errors: ImportRowError[];
      errorCount: number;
      duplicates: CandidatePair[];
      ms: number;
    }
  | { type: 'failed'; error: string; message: { zh: string; en: string } };
