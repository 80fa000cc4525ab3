import { defineStore } from 'pinia';
import { erst } from '../transport/index';
import { useFiles } from './files';

/** Pasted input (hex, base64, kernel text): main opens the text's bytes like a file. */
export const usePaste = defineStore('paste', {
  actions: {
    open(text: string, name?: string) {
      return useFiles().run(() => erst().call('input.paste', name ? { name, text } : { text }));
    },
  },
});
