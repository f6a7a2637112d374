'use client';
// Reassigning a customer: a button that opens `?reassign=<customer id>` and the sheet it opens —
// a pick list of the members the caller may hand the customer to (the server's list: a manager's
// own team's reps, an admin's whole org), then POST /api/customers/[id]/owner. The URL holds the
// open sheet, so the phone's back button closes it. Used on the 团队 tab and the customer page.
import { useRouter } from 'next/navigation';
import { useEffect, useRef, useState } from 'react';
import { useLocale, useTranslations } from 'next-intl';
import { BottomSheet } from '@/components/ui/bottom-sheet.tsx';
import { useUrlSheet } from '@/components/ui/use-url-sheet.ts';
import type { Problem } from '@/lib/http/problem.ts';
import type { ReassignResponse } from '@/lib/validation/team.ts';

export type AssigneeOption = { user_id: string; display_name: string; team_name: string | null; customers: number };
export type ReassignTarget = { id: string; name: string; owner_id: string; owner_name: string | null };

const SHEET = 'reassign';

/** "转交" as a text button (the team tab's rows), or whatever `children` draw (the customer page's tile). */
export function ReassignButton({
  customer,
  className,
  children,
  testId = 'reassign-button',
}: {
  customer: { id: string; name: string };
  className?: string;
  children?: React.ReactNode;
  testId?: string;
}) {
  const t = useTranslations('team');
  const sheet = useUrlSheet(SHEET);
  return (
    <a
      href={sheet.hrefFor(customer.id)}
      onClick={(e) => {
        if (e.metaKey || e.ctrlKey || e.shiftKey) return;
        e.preventDefault();
        sheet.open(customer.id);
      }}
      aria-haspopup="dialog"
      aria-label={t('reassignAria', { customer: customer.name })}
      data-testid={testId}
      className={
        className ??
        'flex h-11 min-w-[56px] shrink-0 items-center justify-center rounded-md px-2 text-[14px] text-link active:bg-black/5'
      }
    >
      {children ?? t('reassign')}
    </a>
  );
}

/** The sheet, for whichever of `customers` the URL names (nothing when it names none of them). */
export function ReassignSheetHost({ customers, assignees }: { customers: ReassignTarget[]; assignees: AssigneeOption[] }) {
  const t = useTranslations('team.sheet');
  const sheet = useUrlSheet(SHEET);
  const customer = customers.find((c) => c.id === sheet.value);
  const router = useRouter();
  const [notice, setNotice] = useState<string | null>(null);
  const timer = useRef<ReturnType<typeof setTimeout>>(undefined);
  useEffect(() => () => clearTimeout(timer.current), []);

  function done(message: string) {
    sheet.close();
    router.refresh();
    setNotice(message);
    clearTimeout(timer.current);
    timer.current = setTimeout(() => setNotice(null), 3000);
  }

  return (
    <>
      {notice ? (
        <p
          role="status"
          className="pointer-events-none fixed inset-x-0 top-[calc(var(--safe-top)+var(--header-h)+12px)] z-50 mx-auto w-fit max-w-[90%] rounded-lg bg-black/75 px-4 py-2 text-[14px] text-white"
          data-testid="reassign-notice"
        >
          {notice}
        </p>
      ) : null}
      {customer ? (
        <BottomSheet key={customer.id} title={t('title')} closeLabel={t('close')} onClose={sheet.close} testId="reassign-sheet">
          <ReassignForm customer={customer} assignees={assignees} onDone={done} />
        </BottomSheet>
      ) : null}
    </>
  );
}

function ReassignForm({
  customer,
  assignees,
  onDone,
}: {
  customer: ReassignTarget;
  assignees: AssigneeOption[];
  onDone: (notice: string) => void;
}) {
  const t = useTranslations('team.sheet');
  const locale = useLocale() === 'en' ? 'en' : 'zh';
  const [choice, setChoice] = useState<string | null>(null);
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<string | null>(null);
  // Several teams (an admin's view) are told apart by the team name after each person.
  const teams = new Set(assignees.map((a) => a.team_name));

  async function submit(e: React.FormEvent) {
    e.preventDefault();
    if (!choice || pending) return;
    setPending(true);
    setError(null);
    try {
      const res = await fetch(`/api/customers/${customer.id}/owner`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ owner_id: choice }),
      });
      if (!res.ok) {
        const p = (await res.json().catch(() => null)) as Problem | null;
        const field = p?.fields ? Object.values(p.fields)[0] : undefined;
        setError(t('failed', { message: p ? (field ?? p.message)[locale] : String(res.status) }));
        return;
      }
      const body = (await res.json()) as ReassignResponse;
      onDone(body.changed ? t('done', { name: body.owner_name, moved: body.reminders_moved }) : t('unchanged', { name: body.owner_name }));
    } catch {
      setError(t('network'));
    } finally {
      setPending(false);
    }
  }

  return (
    <form onSubmit={submit} noValidate data-testid="reassign-form">
      <div className="mx-4 rounded-lg bg-white px-4 py-3">
        <p className="truncate text-[16px] font-medium" data-testid="reassign-customer">
          {customer.name}
        </p>
        {customer.owner_name ? <p className="text-[13px] text-muted">{t('current', { name: customer.owner_name })}</p> : null}
        <p className="mt-1 text-[12px] leading-4 text-muted">{t('note')}</p>
      </div>
      <fieldset className="pt-3">
        {/* float: a legend otherwise sits on the fieldset's border, outside its padding */}
        <legend className="float-left w-full px-4 pb-1.5 text-[13px] text-muted">{t('pick')}</legend>
        {assignees.length === 0 ? (
          <p className="clear-left mx-4 rounded-lg bg-white px-4 py-3 text-[14px] text-muted">{t('none')}</p>
        ) : (
          <div className="clear-left divide-y divide-line/80 bg-white">
            {assignees.map((a) => {
              const current = a.user_id === customer.owner_id;
              return (
                <label
                  key={a.user_id}
                  className={`flex min-h-[52px] items-center gap-3 px-4 has-[:focus-visible]:outline has-[:focus-visible]:outline-2 has-[:focus-visible]:-outline-offset-2 has-[:focus-visible]:outline-brand ${
                    current ? 'text-muted' : 'cursor-pointer active:bg-black/5'
                  }`}
                  data-testid="assignee-option"
                >
                  <input
                    type="radio"
                    name="owner_id"
                    value={a.user_id}
                    checked={choice === a.user_id}
                    disabled={current}
                    onChange={() => setChoice(a.user_id)}
                    className="h-5 w-5 shrink-0 accent-brand"
                  />
                  <span className="min-w-0 flex-1 truncate text-[16px]">
                    {a.display_name}
                    {teams.size > 1 && a.team_name ? <span className="text-[13px] text-muted"> · {a.team_name}</span> : null}
                  </span>
                  <span className="shrink-0 text-[13px] text-muted">{current ? t('currentOwner') : t('customers', { count: a.customers })}</span>
                </label>
              );
            })}
          </div>
        )}
      </fieldset>
      {error ? (
        <p role="alert" className="px-4 pt-3 text-[14px] text-danger" data-testid="reassign-error">
          {error}
        </p>
      ) : null}
      <div className="px-4 pt-4">
        <button
          type="submit"
          disabled={!choice || pending}
          className="h-12 w-full rounded-lg bg-brand text-[17px] font-medium text-white active:bg-brand-dark disabled:opacity-50"
          data-testid="reassign-confirm"
        >
          {t('confirm')}
        </button>
      </div>
    </form>
  );
}
