import { createApp } from 'vue';
import { createPinia } from 'pinia';
import App from './App.vue';
import './styles.css';
import { dropUrlToken } from './transport/url-token';

dropUrlToken();

let started = false;
const start = () => {
  if (started) return;
  started = true;
  createApp(App).use(createPinia()).mount('#app');
};
// Serve mode's page already holds the open file's progress (main/serve/boot-page.ts): it is
// painted before the app takes the page over, at the next frame (or soon, in a tab not drawn).
if (document.querySelector('#app > .boot-shell')) {
  requestAnimationFrame(() => setTimeout(start));
  setTimeout(start, 100);
} else start();
