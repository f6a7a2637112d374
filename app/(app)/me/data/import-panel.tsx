'use client';
// The import card: pick CSV files (recognised by their header; UTF-8, or GBK as older Excel saves
// them), preview (a dry run on the server: every bad row with its line and reason), then import —
// progress streamed by the server as rows are written. Nothing is written until every row is good.
import { useLocale, useTranslations } from 'next-intl';
import { useRouter } from 'next/navigation';
import { useRef, useState } from 'react';
import { detectImportFile } from '@/lib/import/detect.ts';
import type { ImportEvent } from '@/lib/import/request.ts';
import type { ImportFile } from '@/lib/import/schemas.ts';

type Picked = { name: string; file: ImportFile; text: string; rows: number; gbk: boolean };
type Done = Extract<ImportEvent, { type: 'done' }>;
type Phase =
  | { kind: 'idle' }
  | { kind: 'running'; dry: boolean; done: number; total: number }
  | { kind: 'result'; result: Done }
  | { kind: 'failed'; message: string };

// Message keys can't contain '.' (next-intl nests on it).
const fileKey = (f: ImportFile) => f.replace(/\.csv$/, '') as 'customers' | 'deals' | 'deal_stage_changes' | 'interactions' | 'orders' | 'survey_responses';

async function readCsv(f: File): Promise<{ text: string; gbk: boolean }> {
  const buf = await f.arrayBuffer();
  try {
    return { text: new TextDecoder('utf-8', { fatal: true }).decode(buf), gbk: false };
  } catch {
    // Excel's plain "CSV" on a Chinese Windows is GBK (GB18030 is its superset).
    return { text: new TextDecoder('gb18030').decode(buf), gbk: true };
  }
}

export function ImportPanel() {
  const t = useTranslations('data');
  const locale = useLocale();
  const pick = (m: { zh: string; en: string }) => (locale === 'en' ? m.en : m.zh);
  const router = useRouter();
  const input = useRef<HTMLInputElement>(null);
  const [files, setFiles] = useState<Picked[]>([]);
  const [unknown, setUnknown] = useState<string[]>([]);
  const [phase, setPhase] = useState<Phase>({ kind: 'idle' });

  async function onPick(list: FileList | null) {
    if (!list?.length) return;
    const next = new Map(files.map((f) => [f.file, f]));
    const bad: string[] = [];
    for (const f of Array.from(list)) {
      const { text, gbk } = await readCsv(f);
      const kind = detectImportFile(f.name, text.split(/\r?\n/, 1)[0] ?? '');
      if (!kind) bad.push(f.name);
      else next.set(kind, { name: f.name, file: kind, text, gbk, rows: Math.max(0, text.split(/\r?\n/).filter((l) => l.trim()).length - 1) });
    }
    setFiles([...next.values()]);
    setUnknown(bad);
    setPhase({ kind: 'idle' });
    if (input.current) input.current.value = '';
  }

  async function send(dry: boolean) {
    const total = files.reduce((n, f) => n + f.rows, 0);
    setPhase({ kind: 'running', dry, done: 0, total });
    try {
      const res = await fetch('/api/import', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ dry, files: files.map((f) => ({ file: f.file, text: f.text })) }),
      });
      if (!res.ok || !res.body) {
        const problem = (await res.json().catch(() => null)) as { message?: { zh: string; en: string } } | null;
        setPhase({ kind: 'failed', message: problem?.message ? pick(problem.message) : t('failed') });
        return;
      }
      const reader = res.body.pipeThrough(new TextDecoderStream()).getReader();
      let buffered = '';
      let ended = false;
      for (;;) {
        const { done, value } = await reader.read();
        if (done) break;
        buffered += value;
        const lines = buffered.split('\n');
        buffered = lines.pop() ?? '';
        for (const line of lines) {
          if (!line.trim()) continue;
          const e = JSON.parse(line) as ImportEvent;
          if (e.type === 'parsed') setPhase({ kind: 'running', dry, done: 0, total: e.total });
          else if (e.type === 'progress') setPhase({ kind: 'running', dry, done: e.overall, total: e.overallTotal });
          else if (e.type === 'failed') {
            ended = true;
            setPhase({ kind: 'failed', message: pick(e.message) });
          } else if (e.type === 'done') {
            ended = true;
            setPhase({ kind: 'result', result: e });
            if (!e.dry && e.ok) router.refresh(); // the duplicates below now include the new rows
          }
        }
      }
      // The stream stopped without an ending (the server went away): its transaction was rolled back.
      if (!ended) setPhase({ kind: 'failed', message: t('interrupted') });
    } catch {
      // Cut off mid-stream (network, server stopped) or never reached: either way nothing was written.
      setPhase({ kind: 'failed', message: t('interrupted') });
    }
  }

  const busy = phase.kind === 'running';
  const result = phase.kind === 'result' ? phase.result : null;
  const total = files.reduce((n, f) => n + f.rows, 0);
  const imported = result && !result.dry && result.ok;

  return (
    <section className="bg-white px-4 py-4" data-testid="import-panel">
      <p className="text-[13px] leading-5 text-muted">{t('importHint')}</p>
      <p className="mt-1 text-[13px] leading-5 text-muted">{t('ownerRule')}</p>

      <label className="mt-3 flex h-11 w-full cursor-pointer items-center justify-center rounded-md border border-line text-[16px] active:bg-bar">
        {t('pick')}
        <input
          ref={input}
          type="file"
          accept=".csv,text/csv"
          multiple
          className="sr-only"
          data-testid="import-files"
          disabled={busy}
          onChange={(e) => void onPick(e.target.files)}
        />
      </label>

      {files.length ? (
        <ul className="mt-3 divide-y divide-line/80 rounded-md border border-line" data-testid="import-file-list">
          {files.map((f) => (
            <li key={f.file} className="flex min-h-[44px] items-center justify-between gap-3 px-3 text-[14px]">
              <span className="min-w-0 truncate">
                {t(`fileLabel.${fileKey(f.file)}`)} <span className="text-muted">{f.name}</span>
              </span>
              <span className="shrink-0 text-muted">
                {t('fileRows', { n: f.rows })}
                {f.gbk ? ` · ${t('gbk')}` : ''}
              </span>
            </li>
          ))}
        </ul>
      ) : null}
      {unknown.map((n) => (
        <p key={n} className="mt-2 text-[13px] text-danger" role="alert">
          {t('unknownFile', { name: n })}
        </p>
      ))}

      {phase.kind === 'running' ? (
        <div className="mt-4" data-testid="import-progress">
          <div className="mb-1 flex justify-between text-[13px] text-muted">
            <span>{phase.dry ? t('checking') : t('importing')}</span>
            <span>{t('progress', { done: phase.done, total: phase.total })}</span>
          </div>
          <div
            className="h-1.5 overflow-hidden rounded-full bg-page"
            role="progressbar"
            aria-valuemin={0}
            aria-valuemax={phase.total}
            aria-valuenow={phase.done}
          >
            <div className="h-full bg-brand transition-[width]" style={{ width: `${phase.total ? (100 * phase.done) / phase.total : 0}%` }} />
          </div>
        </div>
      ) : null}

      {phase.kind === 'failed' ? (
        <p className="mt-3 text-[14px] text-danger" role="alert" data-testid="import-failed">
          {phase.message}
        </p>
      ) : null}

      {result && !result.ok ? (
        <div className="mt-4" data-testid="import-errors">
          <p className="text-[15px] font-medium text-danger" role="alert">
            {t('errorsTitle', { count: result.errorCount })}
          </p>
          <p className="mt-1 text-[13px] text-muted">{t('errorsHint')}</p>
          <ul className="mt-2 max-h-[50vh] divide-y divide-line/80 overflow-y-auto rounded-md border border-line">
            {result.errors.map((e, i) => (
              <li key={i} className="px-3 py-2 text-[14px] leading-5" data-testid="import-error">
                <span className="font-medium">
                  {t(`fileLabel.${fileKey(e.file)}`)} · {t('errorLine', { line: e.line })}
                </span>
                {e.field ? <span className="text-muted"> · {e.field}</span> : null}
                <div className="text-ink">{locale === 'en' ? e.en : e.zh}</div>
              </li>
            ))}
          </ul>
          {result.errorCount > result.errors.length ? (
            <p className="mt-1 text-[13px] text-muted">{t('moreErrors', { n: result.errorCount - result.errors.length })}</p>
          ) : null}
        </div>
      ) : null}

      {result?.ok && result.dry ? (
        <div className="mt-4" data-testid="import-ready">
          <p className="text-[15px] font-medium text-brand-dark">{t('ready', { total })}</p>
          {result.duplicates.length ? <p className="mt-1 text-[13px] text-muted">{t('dupFound', { n: result.duplicates.length })}</p> : null}
        </div>
      ) : null}

      {imported ? (
        <p className="mt-4 text-[15px] font-medium text-brand-dark" role="status" data-testid="import-done">
          {t('done', { total: Object.values(result.loaded).reduce((a, b) => a + (b ?? 0), 0), seconds: Math.max(0.1, result.ms / 1000).toFixed(1) })}
        </p>
      ) : null}

      {files.length && !imported ? (
        result?.ok && result.dry ? (
          <button
            type="button"
            disabled={busy}
            onClick={() => void send(false)}
            className="mt-4 h-11 w-full rounded-md bg-brand text-[16px] font-medium text-white disabled:opacity-60"
            data-testid="import-commit"
          >
            {t('doImport', { total })}
          </button>
        ) : (
          <button
            type="button"
            disabled={busy}
            onClick={() => void send(true)}
            className="mt-4 h-11 w-full rounded-md bg-brand text-[16px] font-medium text-white disabled:opacity-60"
            data-testid="import-preview"
          >
            {busy ? t('checking') : t('preview')}
          </button>
        )
      ) : null}
      {imported ? (
        <button
          type="button"
          onClick={() => {
            setFiles([]);
            setPhase({ kind: 'idle' });
          }}
          className="mt-3 h-11 w-full rounded-md border border-line text-[16px] active:bg-bar"
        >
          {t('reset')}
        </button>
      ) : null}
    </section>
  );
}
