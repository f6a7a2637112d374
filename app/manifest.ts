import type { MetadataRoute } from 'next';

// The installable app: opens on the customer list, full screen like a native app.
export default function manifest(): MetadataRoute.Manifest {
  return {
    id: '/',
    name: '水晶球 CRM',
    short_name: '水晶球',
    description: '为中小企业销售团队打造的移动客户管理 · Mobile CRM for small sales teams',
    lang: 'zh-CN',
    dir: 'ltr',
    start_url: '/customers',
    scope: '/',
    display: 'standalone',
    orientation: 'portrait',
    theme_color: '#07C160',
    background_color: '#EDEDED',
    categories: ['business', 'productivity'],
    icons: [
      { src: '/icons/icon-192.png', sizes: '192x192', type: 'image/png', purpose: 'any' },
      { src: '/icons/icon-512.png', sizes: '512x512', type: 'image/png', purpose: 'any' },
      { src: '/icons/maskable-512.png', sizes: '512x512', type: 'image/png', purpose: 'maskable' },
    ],
  };
}
