declare module '*.vue' {
  import type { DefineComponent } from 'vue';
  const component: DefineComponent<object, object, unknown>;
  export default component;
}

interface Window {
  /** Set by the Electron preload; absent in a browser on serve mode. */
  erst?: import('../shared/contract/index').ErstApi;
}
declare module '*.css';
