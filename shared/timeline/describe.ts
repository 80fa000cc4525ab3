import type { FieldNode } from '../decode/node';

/** Short words for a section type, as a person would say it ("memory error"). */
const KINDS: Record<string, string> = {
  'a5bc1114-6f64-4ede-b863-3e83ed7c83b1': 'memory error',
  '61ec04fc-48e6-d813-25c9-8daa44750b12': 'memory error',
  'd995e954-bbc1-430f-ad91-b44dcb3c6f35': 'PCIe error',
  'c5753963-3b84-4095-bf78-eddad3f9c9dd': 'PCI bus error',
  'eb5e4685-ca66-4769-b6a2-26068b001326': 'PCI device error',
  '9876ccad-47b4-4bdb-b65e-16f193c4f3db': 'processor error',
  'dc3ea0b0-a144-4797-b95b-53fa242b6e1d': 'processor error',
  'e19e3d16-bc11-11e4-9caa-c2051d5d46b0': 'processor error',
  '81212a96-09ed-4996-9471-8d729c8e69ed': 'firmware error',
  '80b9efb4-52b5-4de3-a777-68784b771048': 'CXL protocol error',
  'fe08ffbe-95e4-4be7-bc73-4096044a38fc': 'machine check',
};

export function errorKind(sectionType: string, sectionName: string): string {
  const k = KINDS[sectionType.toLowerCase()];
  if (k) return k;
  const n = sectionName.trim();
  return /error/i.test(n) ? n : `${n} error`;
}

/** Fields that say where an error happened, per kind, in the order people name them. */
const LOCATION_KEYS: Record<string, string[]> = {
  'memory error': ['node', 'card', 'module', 'device', 'rankNumber'],
  'PCIe error': ['segment', 'bus', 'device', 'function'],
  'processor error': ['apicId', 'processorId'],
};
const WORDS: Record<string, string> = { rankNumber: 'rank', apicId: 'APIC', processorId: 'CPU' };

function findValid(root: FieldNode, key: string, depth = 0): FieldNode | undefined {
  if (depth > 3) return undefined;
  for (const c of root.children ?? []) {
    if (c.key === key && c.validity === 'valid' && c.type !== 'bits') return c;
  }
  for (const c of root.children ?? []) {
    if (c.type === 'struct') {
      const f = findValid(c, key, depth + 1);
      if (f) return f;
    }
  }
  return undefined;
}

/**
 * Where an error happened, from a section's decoded fields (only fields its validation bits
 * mark valid): "node 0 card 1 module 3" for memory, "bus 0x3b device 4 function 0" for PCIe.
 */
export function errorLocation(kind: string, body: FieldNode | undefined): string | null {
  const keys = LOCATION_KEYS[kind];
  if (!keys || !body) return null;
  const parts: string[] = [];
  for (const k of keys) {
    const f = findValid(body, k);
    if (!f) continue;
    const v = typeof f.raw === 'number' ? String(f.raw) : f.text.split(' ')[0];
    parts.push(`${WORDS[k] ?? k} ${v}`);
  }
  return parts.length ? parts.join(' ') : null;
}

/** "2 s", "1 min 5 s", "3 h 2 min", "at the same second". */
export function formatDelta(ms: number): string {
  const s = Math.round(Math.abs(ms) / 1000);
  if (s < 60) return `${s} s`;
  const m = Math.floor(s / 60);
  if (m < 60) return s % 60 ? `${m} min ${s % 60} s` : `${m} min`;
  const h = Math.floor(m / 60);
  return m % 60 ? `${h} h ${m % 60} min` : `${h} h`;
}

const cap = (s: string) => (s ? s[0].toUpperCase() + s.slice(1) : s);

/** "Corrected memory error, node 0 card 1" */
export function errorPhrase(severity: string, kind: string, location: string | null): string {
  const sev = /^(corrected|recoverable|fatal|informational)$/i.test(severity) ? `${cap(severity.toLowerCase())} ` : '';
  const k = sev ? kind : cap(kind);
  return `${sev}${k}${location ? `, ${location}` : ''}`;
}
