/** CCIX PER Log Error section (libcper's layout; CCIX Base Spec 7.3.2). */
import { keyBytes } from '../decode/json-text';
import { bytesNode } from './arrays';
import { planNum, planValid } from '../decode/json-plan';

import { flagNames, structSection } from './define';
import { struct, u16, u32, u64, u8 } from '../decode/fields';
import { expert } from '../decode/expert';

const CCIX_PER_SPEC = struct({
  key: 'ccixPer',
  label: 'CCIX PER log error',
  size: 16,
  validation: 'validationBits',
  fields: [
    u32('length', 0, { label: 'Length', json: 'length' }),
    u64('validationBits', 4, { label: 'Validation bits', flags: flagNames(['ccixSourceIDValid', 'ccixPortIDValid', 'ccixPERLogValid']) }),
    u8('sourceId', 12, { label: 'CCIX source ID', valid: 0, json: 'ccixSourceID' }),
    u8('portId', 13, { label: 'CCIX port ID', valid: 1, json: 'ccixPortID' }),
    u16('reserved', 14, { label: 'Reserved' }),
  ],
});

const K_LOG = keyBytes('ccixPERLog');

export const CCIX_PER = structSection({
  guid: '91335ef6-ebfb-4478-a6a6-88b728cf75d7',
  name: 'CCIX PER Log Error',
  libcperName: 'CCIX PER Log Error',
  jsonKey: 'CcixPer',
  spec: CCIX_PER_SPEC,
  message: () => 'A CCIX PER Log Error occurred',
  extend({ r, at, length, node, v, diagnostics }) {
    const declared = v.length ?? length;
    if (declared > length)
      diagnostics.push(expert('ccix.length', `CCIX length ${declared} exceeds the section's ${length} bytes`, r.abs(at), 4));
    const n = Math.max(0, Math.min(declared, length) - 16);
    const valid = typeof v.validationBits === 'bigint' && (v.validationBits & 4n) !== 0n;
    node.children!.push(bytesNode('perLog', 'CCIX PER log', r, at + 16, n, valid ? 'valid' : 'invalid'));
  },
  json(w, { b, at, length, p }) {
    const n = Math.max(0, Math.min(planNum(p, 'length') ?? length, length) - 16);
    if (planValid(p, 2)) {
      w.key(K_LOG);
      w.b64(b, at + 16, n);
    }
  },
});
