'use client';
// Phone-or-e-mail + password. Posts JSON to /api/auth/login; without JS the same form posts
// natively and the route answers with a redirect. Every credential failure shows the same
// message, so the form never tells whether an account exists.
import { useRouter } from 'next/navigation';
import { useId, useState } from 'react';
import { useTranslations } from 'next-intl';
import { EyeIcon, EyeOffIcon } from '@/components/ui/icons.tsx';
import type { LoginResponse } from '@/lib/validation/auth.ts';
// zod-free: the sign-in page's first load carries no schema library (the server checks again)
import { checkLogin, IDENTIFIER_MAX, type LoginFieldError, PASSWORD_MAX } from '@/lib/validation/login-rules.ts';

type Field = 'identifier' | 'password';
type FormError = 'invalid_credentials' | 'provider_disabled' | 'rate_limited' | 'invalid_input' | 'forbidden_origin' | 'payload_too_large' | 'server_error' | 'network' | LoginFieldError;

export function LoginForm({ next, initialError, initialWait = 0 }: { next: string; initialError: string | null; initialWait?: number }) {
  const t = useTranslations('login');
  const router = useRouter();
  const id = useId();
  const [fieldErrors, setFieldErrors] = useState<Partial<Record<Field, LoginFieldError>>>({});
  const [formError, setFormError] = useState<FormError | null>(() =>
    initialError && t.has(`errors.${initialError}` as 'errors.invalid_credentials') ? (initialError as FormError) : null,
  );
  // Seconds the throttle asks for (429 retryAfter): the message says how long, not just "later".
  const [wait, setWait] = useState(initialWait);
  const [pending, setPending] = useState(false);
  const [showPassword, setShowPassword] = useState(false);

  async function onSubmit(e: React.FormEvent<HTMLFormElement>) {
    e.preventDefault();
    if (pending) return;
    const data = Object.fromEntries(new FormData(e.currentTarget));
    const checked = checkLogin(data.identifier, data.password);
    if (checked.errors.identifier || checked.errors.password) {
      setFieldErrors(checked.errors);
      setFormError(null);
      return;
    }
    setFieldErrors({});
    setFormError(null);
    setPending(true);
    let body: LoginResponse | null = null;
    try {
      const res = await fetch('/api/auth/login', {
        method: 'POST',
        headers: { 'content-type': 'application/json', accept: 'application/json' },
        body: JSON.stringify({ identifier: checked.identifier, password: data.password, next: data.next }),
      });
      body = (await res.json().catch(() => null)) as LoginResponse | null;
    } catch {
      setFormError('network');
      setPending(false);
      return;
    }
    if (body?.ok) {
      router.replace(body.redirectTo);
      router.refresh();
      return; // stay "pending" until the next screen replaces this one
    }
    setPending(false);
    if (!body) return setFormError('server_error');
    if (body.error === 'invalid_input') {
      setFieldErrors(body.fields);
      if (Object.keys(body.fields).length === 0) setFormError('invalid_input');
      return;
    }
    setWait(body.error === 'rate_limited' ? body.retryAfter : 0);
    setFormError(body.error);
  }

  const fieldError = (f: Field) => (fieldErrors[f] ? t(`errors.${fieldErrors[f]}`) : null);

  return (
    <form method="post" action="/api/auth/login" onSubmit={onSubmit} noValidate className="px-8 pt-8" data-testid="login-form">
      <input type="hidden" name="next" value={next} />
      <div className="hairline-b">
        <label htmlFor={`${id}-identifier`} className="block pt-2 text-[13px] text-muted">
          {t('identifier')}
        </label>
        <input
          id={`${id}-identifier`}
          name="identifier"
          type="text"
          inputMode="email"
          autoComplete="username"
          autoCapitalize="none"
          autoCorrect="off"
          spellCheck={false}
          maxLength={IDENTIFIER_MAX + 10}
          required
          placeholder={t('identifierPlaceholder')}
          aria-invalid={Boolean(fieldErrors.identifier)}
          aria-describedby={fieldErrors.identifier ? `${id}-identifier-error` : undefined}
          className="h-12 w-full bg-transparent text-[17px] outline-none placeholder:text-hint"
        />
      </div>
      {fieldError('identifier') ? (
        <p id={`${id}-identifier-error`} className="pt-1.5 text-[13px] text-danger" data-testid="identifier-error">
          {fieldError('identifier')}
        </p>
      ) : null}

      <div className="mt-4 flex items-end hairline-b">
        <div className="min-w-0 flex-1">
          <label htmlFor={`${id}-password`} className="block pt-2 text-[13px] text-muted">
            {t('password')}
          </label>
          <input
            id={`${id}-password`}
            name="password"
            type={showPassword ? 'text' : 'password'}
            autoComplete="current-password"
            maxLength={PASSWORD_MAX + 10}
            required
            placeholder={t('passwordPlaceholder')}
            aria-invalid={Boolean(fieldErrors.password)}
            aria-describedby={fieldErrors.password ? `${id}-password-error` : undefined}
            className="h-12 w-full bg-transparent text-[17px] outline-none placeholder:text-hint"
          />
        </div>
        <button
          type="button"
          onClick={() => setShowPassword((v) => !v)}
          aria-label={showPassword ? t('hidePassword') : t('showPassword')}
          aria-pressed={showPassword}
          className="-mr-3 flex h-12 w-12 shrink-0 items-center justify-center text-muted"
        >
          {showPassword ? <EyeOffIcon size={20} /> : <EyeIcon size={20} />}
        </button>
      </div>
      {fieldError('password') ? (
        <p id={`${id}-password-error`} className="pt-1.5 text-[13px] text-danger" data-testid="password-error">
          {fieldError('password')}
        </p>
      ) : null}

      <div role="alert" aria-live="assertive" className="min-h-[44px] pt-4 text-[14px] text-danger" data-testid="login-error">
        {formError ? (formError === 'rate_limited' && wait > 0 ? t('errors.rate_limited_wait', { seconds: wait }) : t(`errors.${formError}`)) : null}
      </div>

      <button
        type="submit"
        disabled={pending}
        className="h-12 w-full rounded-lg bg-brand text-[17px] font-medium text-white active:bg-brand-dark disabled:opacity-70"
      >
        {pending ? t('submitting') : t('submit')}
      </button>
    </form>
  );
}
