// workbox-window's ES2017 build (lib/pwa/register.ts imports it by path) has the package's types.
declare module 'workbox-window/build/workbox-window.prod.mjs' {
  export * from 'workbox-window';
}
