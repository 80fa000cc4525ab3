import { defineStore } from 'pinia';
import type { RecordDetail } from '../../shared/contract/index';
import { fieldAt, type FieldNode } from '../../shared/decode/node';
import { erst } from '../transport/index';
import { useUi } from './ui';

/** A field's identity in the tree: the keys from the root, joined (keys repeat across sections). */
export type FieldPath = string;
const pathOf = (nodes: FieldNode[]) => nodes.map((n) => n.key).join('/');

/**
 * The record in the detail view, the selected field and the hex cursor. Selecting a field
 * moves the cursor to its first byte; clicking a byte selects the deepest field covering it —
 * the two directions of the highlighting go through `select` and `pick` only.
 */
export const useRecord = defineStore('record', {
  state: () => ({
    index: null as number | null,
    detail: null as RecordDetail | null,
    selected: null as FieldPath | null,
    cursor: 0,
    expanded: new Set<FieldPath>() as Set<FieldPath>,
  }),
  getters: {
    /** The selected node (walks the path). */
    selectedNode(s): FieldNode | null {
      if (!s.detail || !s.selected) return null;
      let node: FieldNode | undefined = s.detail.tree;
      const keys = s.selected.split('/');
      for (const k of keys.slice(1)) node = node?.children?.find((c) => c.key === k);
      return node ?? null;
    },
  },
  actions: {
    /** The record index of the record in a slot, or holding a file offset (null: none there). */
    async locate(fileId: string, where: { slot: number } | { offset: number }): Promise<number | null> {
      return (await erst().call('record.locate', { fileId, ...where })).index;
    },
    async open(fileId: string, index: number) {
      try {
        const detail = await erst().call('record.get', { fileId, index });
        this.index = index;
        this.detail = detail;
        this.expanded = new Set([detail.tree.key, ...detail.tree.children!.map((c) => `${detail.tree.key}/${c.key}`)]);
        this.selected = null;
        this.cursor = detail.tree.offset;
        useUi().show('record');
      } catch (e) {
        useUi().fail(e);
      }
    },
    select(path: FieldPath) {
      this.selected = path;
      const n = this.selectedNode;
      if (n) this.cursor = n.offset;
      // Make sure the selected row is visible: expand its ancestors.
      const keys = path.split('/');
      for (let i = 1; i < keys.length; i++) this.expanded.add(keys.slice(0, i).join('/'));
    },
    /** Byte clicked in the hex pane: cursor there, and the deepest field covering it selected. */
    pick(offset: number) {
      this.cursor = offset;
      if (!this.detail) return;
      const t = this.detail.tree;
      if (offset < t.offset || offset >= t.offset + t.length) return void (this.selected = null);
      this.select(pathOf(fieldAt(t, offset)));
      this.cursor = offset;
    },
    toggle(path: FieldPath) {
      if (this.expanded.has(path)) this.expanded.delete(path);
      else this.expanded.add(path);
    },
  },
});
