// 链接无效: a made-up, mistyped or cut-off survey link (404). Says nothing about whether any
// other link exists, or whose it would be.
import { PublicShell, SurveyState } from '@/components/surveys/public-survey.tsx';
import { publicTexts, requestLocale } from './_lib/public.ts';

export default async function SurveyLinkNotFound() {
  const locale = await requestLocale();
  const t = publicTexts(locale);
  return (
    <PublicShell lang={locale}>
      <SurveyState state="invalid" title={t('states.invalid.title')} body={t('states.invalid.body')} />
    </PublicShell>
  );
}
