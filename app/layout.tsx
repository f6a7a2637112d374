import type { Metadata, Viewport } from 'next';
import { NextIntlClientProvider } from 'next-intl';
import { getLocale, getTranslations } from 'next-intl/server';
import { UpdatePrompt } from '@/components/pwa/update-prompt.tsx';
import './globals.css';

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations('app');
  return {
    title: { default: t('name'), template: `%s · ${t('shortName')}` },
    description: t('description'),
    applicationName: t('name'),
    appleWebApp: { capable: true, title: '水晶球', statusBarStyle: 'default' },
    icons: {
      icon: [
        { url: '/favicon.ico', sizes: '32x32' },
        { url: '/icons/icon.svg', type: 'image/svg+xml' },
      ],
      apple: [{ url: '/icons/apple-touch-icon.png', sizes: '180x180' }],
    },
    // Customer phone numbers are data here, not links iOS should restyle.
    formatDetection: { telephone: false, email: false, address: false },
  };
}

export const viewport: Viewport = {
  width: 'device-width',
  initialScale: 1,
  // Draw under the notch / home indicator; bars pad themselves with env(safe-area-inset-*).
  viewportFit: 'cover',
  themeColor: '#07C160',
};

export default async function RootLayout({ children }: { children: React.ReactNode }) {
  const locale = await getLocale();
  return (
    <html lang={locale}>
      <body>
        <NextIntlClientProvider>
          <div className="app-column">{children}</div>
          <UpdatePrompt />
        </NextIntlClientProvider>
      </body>
    </html>
  );
}
