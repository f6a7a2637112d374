// /s/[token] — the customer's survey page: no sign-in (proxy.ts leaves /s/* alone), zh-CN or
// English by the browser's language, the org's name and nothing else about anyone. States:
// the form; 谢谢 (just answered, ?sent=1); 已提交; 已过期; 链接无效 (404, not-found.tsx);
// 请稍后再试 (this IP guessed too many links). Open Graph tags make a shared link a card.
import type { Metadata } from 'next';
import { notFound } from 'next/navigation';
import { PublicShell, SurveyForm, SurveyState } from '@/components/surveys/public-survey.tsx';
import { COMMENT_MAX } from '@/lib/validation/survey.ts';
import { loadPublicLink, publicTexts, requestLocale, requestOrigin } from './_lib/public.ts';

type Props = { params: Promise<{ token: string }>; searchParams: Promise<Record<string, string | string[] | undefined>> };

const ERRORS = ['invalid', 'too_long', 'limited'] as const;

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const { token } = await params;
  const [link, locale, origin] = await Promise.all([loadPublicLink(token), requestLocale(), requestOrigin()]);
  const t = publicTexts(locale);
  const org = link.state === 'open' && link.orgName ? link.orgName : '';
  const title = org ? t('metaTitle', { org }) : t(`states.${link.state === 'open' ? 'invalid' : link.state}.title`);
  const description = t('metaDescription');
  return {
    title: { absolute: title },
    description,
    metadataBase: new URL(origin),
    // The token is the key: keep it out of search engines and out of Referer headers.
    robots: { index: false, follow: false },
    referrer: 'no-referrer',
    openGraph: {
      type: 'website',
      title,
      description,
      siteName: org || undefined,
      locale: locale === 'en' ? 'en_US' : 'zh_CN',
      images: [{ url: '/icons/icon-512.png', width: 512, height: 512, alt: org || title }],
    },
    twitter: { card: 'summary', title, description },
  };
}

export default async function SurveyPage({ params, searchParams }: Props) {
  const { token } = await params;
  const query = await searchParams;
  const [link, locale] = await Promise.all([loadPublicLink(token), requestLocale()]);
  if (link.state === 'invalid') notFound();
  const t = publicTexts(locale);

  if (link.state !== 'open') {
    const state = link.state === 'answered' && query.sent === '1' ? 'thanks' : link.state;
    return (
      <PublicShell lang={locale}>
        <SurveyState
          state={state}
          title={t(`states.${state}.title`)}
          body={t(`states.${state}.body`)}
          orgName={state === 'thanks' ? link.orgName : null}
        />
      </PublicShell>
    );
  }

  const org = link.orgName ?? '';
  const e = ERRORS.find((k) => k === query.e);
  return (
    <PublicShell lang={locale}>
      <SurveyForm
        orgName={org}
        intro={t('intro')}
        action={`/s/${encodeURIComponent(token)}/submit`}
        error={e ? t(`errors.${e}`, { max: COMMENT_MAX }) : null}
        texts={{
          npsQuestion: t('npsQuestion'),
          npsLow: t('npsLow'),
          npsHigh: t('npsHigh'),
          csatQuestion: t('csatQuestion'),
          csatLabels: [t('csat1'), t('csat2'), t('csat3'), t('csat4'), t('csat5')],
          commentLabel: t('commentLabel'),
          commentPlaceholder: t('commentPlaceholder'),
          commentCount: t('commentCount', { max: COMMENT_MAX }),
          submit: t('submit'),
          submitting: t('submitting'),
          privacy: t('privacy', { org }),
        }}
      />
    </PublicShell>
  );
}
