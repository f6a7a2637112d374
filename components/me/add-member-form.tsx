'use client';
// The admin's "add member" form: a plain form bound to a server action (works before JS loads).
import { useActionState } from 'react';
import { useTranslations } from 'next-intl';
import type { AddMemberState } from '@/lib/validation/member.ts';

type Props = {
  action: (prev: AddMemberState, form: FormData) => Promise<AddMemberState>;
  teams: { id: string; name: string }[];
};

const input = 'h-11 w-full rounded-md border border-line bg-white px-3 text-[16px] outline-none focus:border-brand';

export function AddMemberForm({ action, teams }: Props) {
  const t = useTranslations('members');
  const [state, submit, pending] = useActionState(action, { ok: false });
  // After a refusal the fields show what was typed (issue 15: they used to be wiped); after a success they are empty again.
  const v = state.ok ? {} : (state.values ?? {});
  const field = (name: string, label: string, el: React.ReactNode) => (
    <label className="block">
      <span className="mb-1 block text-[13px] text-muted">{label}</span>
      {el}
      {state.fields?.[name] ? <span className="mt-1 block text-[13px] text-danger" role="alert">{state.fields[name]}</span> : null}
    </label>
  );
  return (
    // noValidate: the server answers every field in the user's language; the browser's bubbles do not.
    // Keyed by what was typed, so the inputs mount with those values as their defaults.
    <form key={JSON.stringify(v)} action={submit} noValidate className="space-y-3 bg-white px-4 py-4" data-testid="add-member-form">
      {field('display_name', t('name'), <input name="display_name" className={input} maxLength={100} defaultValue={v.display_name} />)}
      {field('phone', t('phone'), <input name="phone" className={input} inputMode="tel" autoComplete="off" defaultValue={v.phone} />)}
      {field('email', t('email'), <input name="email" className={input} type="email" autoComplete="off" defaultValue={v.email} />)}
      {field(
        'role',
        t('role'),
        <select name="role" className={input} defaultValue={v.role || 'rep'}>
          <option value="rep">{t('roles.rep')}</option>
          <option value="manager">{t('roles.manager')}</option>
          <option value="admin">{t('roles.admin')}</option>
        </select>,
      )}
      {field(
        'team_id',
        t('team'),
        <select name="team_id" className={input} defaultValue={v.team_id ?? teams[0]?.id ?? ''}>
          <option value="">{t('noTeam')}</option>
          {teams.map((team) => (
            <option key={team.id} value={team.id}>{team.name}</option>
          ))}
        </select>,
      )}
      {field('password', t('password'), <input name="password" className={input} type="text" autoComplete="new-password" minLength={8} defaultValue={v.password} />)}
      {state.message ? (
        <p className={`text-[14px] ${state.ok ? 'text-brand' : 'text-danger'}`} role="status">{state.message}</p>
      ) : null}
      <button type="submit" disabled={pending} className="h-11 w-full rounded-md bg-brand text-[16px] font-medium text-white disabled:opacity-60">
        {pending ? t('adding') : t('add')}
      </button>
    </form>
  );
}
