'use client';
// The customer form (new and edit), WeChat-settings style: grouped white cells, label left, input
// right, the problem in red under the cell. It checks with the same zod schema as the server
// action for instant hints, then the action decides (and answers with field codes, a
// duplicate-number warning, or a refusal — all shown here). Works as a plain form before JS.
import Link from 'next/link';
import { useActionState, useId, useRef, useState } from 'react';
import { useLocale, useTranslations } from 'next-intl';
import { ChevronRightIcon } from '@/components/ui/icons.tsx';
import { label, NEEDS } from '@/lib/engine/labels.ts';
import {
  COMPANY_MAX,
  CUSTOMER_FIELDS,
  CUSTOMER_KINDS,
  type CustomerField,
  type CustomerFieldError,
  customerFieldErrors,
  type CustomerFormValues,
  CustomerInput,
  NAME_MAX,
  PHONE_MAX,
  type SaveCustomerState,
  TEXT_MAX,
} from '@/lib/validation/customer.ts';

type Action = (state: SaveCustomerState, form: FormData) => Promise<SaveCustomerState>;
type TextField = 'name' | 'company' | 'phone' | 'email' | 'wechat' | 'industry' | 'region';
export type OwnerChoice = { user_id: string; display_name: string };

export function CustomerForm({
  action,
  initial,
  owners,
}: {
  action: Action;
  initial: CustomerFormValues;
  /** Managers and admins pick the owner; absent for reps (their customers are their own). */
  owners?: OwnerChoice[];
}) {
  const t = useTranslations('customerForm');
  const locale = useLocale() === 'en' ? 'en' : 'zh';
  const id = useId();
  const formRef = useRef<HTMLFormElement>(null);
  const [state, formAction, pending] = useActionState(action, { status: 'idle' });
  // Controlled, so what the user typed survives a refused save (React resets uncontrolled forms).
  const [values, setValues] = useState<CustomerFormValues>(() => ({ kind: 'b2b', ...initial, ...('values' in state ? state.values : {}) }));
  const [clientErrors, setClientErrors] = useState<Partial<Record<CustomerField, CustomerFieldError>> | null>(null);
  // The duplicate warning belongs to the number it was about: editing the number hides it.
  const [warnedPhone, setWarnedPhone] = useState<string | null>(null);

  const serverErrors = state.status === 'invalid' ? state.fields : {};
  const errors = clientErrors ?? serverErrors;
  const duplicate = state.status === 'duplicate' && (warnedPhone ?? state.values.phone) === values.phone ? state : null;

  const set = (field: CustomerField) => (e: React.ChangeEvent<HTMLInputElement | HTMLSelectElement>) => {
    const v = e.target.value;
    setValues((prev) => ({ ...prev, [field]: v }));
    if (clientErrors?.[field]) setClientErrors({ ...clientErrors, [field]: undefined });
  };

  function onSubmit(e: React.FormEvent<HTMLFormElement>) {
    const parsed = CustomerInput.safeParse(values);
    if (!parsed.success) {
      e.preventDefault(); // React then skips the action
      const found = customerFieldErrors(parsed.error);
      setClientErrors(found);
      const first = CUSTOMER_FIELDS.find((f) => found[f]);
      if (first) formRef.current?.querySelector<HTMLElement>(`[name="${first}"]`)?.focus();
      return;
    }
    setClientErrors(null);
    setWarnedPhone(values.phone ?? null);
  }

  const errorText = (f: CustomerField) => (errors[f] ? t(`errors.${errors[f]}`) : null);
  const field = (f: TextField, opts: { type?: string; inputMode?: 'tel' | 'email' | 'text'; max: number; required?: boolean; autoComplete?: string }) => {
    const err = errorText(f);
    return (
      <Cell key={f} id={`${id}-${f}`} label={t(f)} error={err} testId={`field-${f}`}>
        <input
          id={`${id}-${f}`}
          name={f}
          type={opts.type ?? 'text'}
          inputMode={opts.inputMode}
          value={values[f] ?? ''}
          onChange={set(f)}
          maxLength={opts.max}
          placeholder={t(`${f}Placeholder`)}
          autoComplete={opts.autoComplete ?? 'off'}
          aria-required={opts.required || undefined}
          aria-invalid={err ? true : undefined}
          aria-describedby={err ? `${id}-${f}-error` : undefined}
          // The caret marks the focused cell; the global focus ring (unlayered CSS) would box the input.
          style={{ outline: 'none' }}
          className="h-[52px] min-w-0 flex-1 bg-transparent text-[16px] placeholder:text-hint"
        />
      </Cell>
    );
  };

  const formError = state.status === 'error' ? t(`errors.${state.error}`) : Object.keys(errors).some((k) => errors[k as CustomerField]) ? t('errors.fix') : null;

  return (
    <form ref={formRef} action={formAction} onSubmit={onSubmit} noValidate className="pb-8 pt-2" data-testid="customer-form">
      {formError ? (
        <p role="alert" className="mx-4 mb-3 rounded-lg bg-[#fff0f0] px-3 py-2.5 text-[14px] text-danger" data-testid="form-error">
          {formError}
        </p>
      ) : null}

      <Group title={t('basics')}>
        {field('name', { max: NAME_MAX, required: true, autoComplete: 'off' })}
        {field('company', { max: COMPANY_MAX, autoComplete: 'organization' })}
        <div className="flex min-h-[52px] items-center gap-3 px-4" role="radiogroup" aria-label={t('kind')}>
          <span className="w-[4.5em] shrink-0 text-[16px]">{t('kind')}</span>
          <div className="flex rounded-md bg-black/[0.06] p-0.5">
            {CUSTOMER_KINDS.map((k) => (
              <label
                key={k}
                className={`flex h-8 cursor-pointer items-center rounded px-3 text-[14px] has-[:focus-visible]:outline-2 has-[:focus-visible]:outline-brand ${
                  values.kind === k ? 'bg-white font-medium shadow-sm' : 'text-muted'
                }`}
              >
                <input type="radio" name="kind" value={k} checked={values.kind === k} onChange={set('kind')} className="sr-only" />
                {t(`kinds.${k}`)}
              </label>
            ))}
          </div>
        </div>
      </Group>

      <Group title={t('contact')}>
        {field('phone', { type: 'tel', inputMode: 'tel', max: PHONE_MAX, autoComplete: 'tel' })}
        {duplicate ? (
          <div className="px-4 py-3 text-[14px]" role="alert" data-testid="duplicate-warning">
            <p className="text-warn">
              {duplicate.existing ? t('duplicate.visible', { name: duplicate.existing.name }) : t('duplicate.hidden')}
              {duplicate.existing ? (
                <>
                  {' '}
                  <Link href={`/customers/${duplicate.existing.id}`} className="text-link">
                    {t('duplicate.open')}
                  </Link>
                </>
              ) : null}
            </p>
            <p className="mt-1 text-[13px] text-muted">{t('duplicate.hint')}</p>
            <button
              type="submit"
              name="confirm_duplicate"
              value="1"
              disabled={pending}
              className="mt-2 h-11 rounded-md bg-page px-4 text-[14px] text-ink active:bg-black/10"
            >
              {t('duplicate.confirm')}
            </button>
          </div>
        ) : null}
        {field('wechat', { max: TEXT_MAX })}
        {field('email', { type: 'email', inputMode: 'email', max: 254, autoComplete: 'email' })}
      </Group>

      <Group title={t('more')}>
        {field('industry', { max: TEXT_MAX })}
        {field('region', { max: TEXT_MAX })}
        <Cell id={`${id}-needs`} label={t('needs')} error={errorText('needs')} testId="field-needs">
          <select id={`${id}-needs`} name="needs" value={values.needs ?? ''} onChange={set('needs')} className={SELECT}>
            <option value="">{t('needsUnset')}</option>
            {NEEDS.map((n) => (
              <option key={n} value={n}>
                {label('needs', n, locale)}
              </option>
            ))}
          </select>
          <ChevronRightIcon size={16} className="-mr-1 shrink-0 text-faint" />
        </Cell>
        {owners ? (
          <Cell id={`${id}-owner`} label={t('owner')} error={errorText('owner_id')} testId="field-owner_id">
            <select id={`${id}-owner`} name="owner_id" value={values.owner_id ?? ''} onChange={set('owner_id')} className={SELECT}>
              {owners.map((o) => (
                <option key={o.user_id} value={o.user_id}>
                  {o.display_name}
                </option>
              ))}
            </select>
            <ChevronRightIcon size={16} className="-mr-1 shrink-0 text-faint" />
          </Cell>
        ) : null}
      </Group>

      <div className="px-4 pt-2">
        <button
          type="submit"
          disabled={pending}
          className="h-12 w-full rounded-lg bg-brand text-[17px] font-medium text-white active:bg-brand-dark disabled:opacity-60"
          data-testid="customer-submit"
        >
          {pending ? t('saving') : t('submit')}
        </button>
      </div>
    </form>
  );
}

const SELECT = 'h-[52px] min-w-0 flex-1 appearance-none bg-transparent text-right text-[16px] outline-none [text-align-last:right]';

function Group({ title, children }: { title: string; children: React.ReactNode }) {
  return (
    <fieldset className="mb-3">
      <legend className="px-4 pb-1.5 text-[13px] text-muted">{title}</legend>
      <div className="divide-y divide-line/80 bg-white">{children}</div>
    </fieldset>
  );
}

function Cell({ id, label: text, error, testId, children }: { id: string; label: string; error: string | null; testId: string; children: React.ReactNode }) {
  return (
    <div data-testid={testId}>
      <div className="flex items-center gap-3 px-4">
        <label htmlFor={id} className={`w-[4.5em] shrink-0 text-[16px] ${error ? 'text-danger' : ''}`}>
          {text}
        </label>
        {children}
      </div>
      {error ? (
        <p id={`${id}-error`} className="-mt-1 px-4 pb-2.5 text-[13px] leading-5 text-danger" data-testid={`${testId}-error`}>
          {error}
        </p>
      ) : null}
    </div>
  );
}
