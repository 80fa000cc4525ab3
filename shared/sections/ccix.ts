/** CCIX PER Log Error section (libcper's layout; CCIX Base Spec 7.3.2). */
import type { StructSpec } from '../decode/spec';
import { keyBytes } from '../decode/json-text';
import { planNum, planValid } from '../decode/json-plan';
import { f } from './common';
import { flagNames, structSection } from './define';

export const CCIX_PER_SPEC: StructSpec = {
  key: 'ccixPer', label: 'CCIX PER log error', size: 16, validation: 'validationBits',
  fields: [
    f('length', 'Length', 0, 'u32', undefined, 'length'),
    f('validationBits', 'Validation bits', 4, 'u64', undefined, undefined, { flags: flagNames(['ccixSourceIDValid', 'ccixPortIDValid', 'ccixPERLogValid']) }),
    f('sourceId', 'CCIX source ID', 12, 'u8', 0, 'ccixSourceID'),
    f('portId', 'CCIX port ID', 13, 'u8', 1, 'ccixPortID'),
    f('reserved', 'Reserved', 14, 'u16'),
  ],
};

const K_LOG = keyBytes('ccixPERLog');

export const CCIX_PER = structSection({
  guid: '91335ef6-ebfb-4478-a6a6-88b728cf75d7', name: 'CCIX PER Log Error', jsonKey: 'CcixPer', spec: CCIX_PER_SPEC,
  message: () => 'A CCIX PER Log Error occurred',
  extend({ r, at, length, node, v, diagnostics }) {
    const declared = (v.length as number | undefined) ?? length;
    if (declared > length) diagnostics.push({ level: 'warning', code: 'ccix.length', message: `CCIX length ${declared} exceeds the section's ${length} bytes`, offset: r.abs(at), length: 4 });
    const n = Math.max(0, Math.min(declared, length) - 16);
    const valid = typeof v.validationBits === 'bigint' && (v.validationBits & 4n) !== 0n;
    node.children!.push({ key: 'perLog', label: 'CCIX PER log', offset: r.abs(at + 16), length: n, type: 'bytes', text: `${n} bytes`, validity: valid ? 'valid' : 'invalid' });
  },
  json(w, { b, at, length, p }) {
    const n = Math.max(0, Math.min(planNum(p, 'length') ?? length, length) - 16);
    if (planValid(p, 2)) {
      w.key(K_LOG);
      w.b64(b, at + 16, n);
    }
  },
});
