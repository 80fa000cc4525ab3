import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

/** Lints probe source as if it lived at `path`, returning the restricted-import messages. */
async function refused(path: string, source: string): Promise<string[]> {
  const eslint = new ESLint({ cwd: process.cwd() });
  const [res] = await eslint.lintText(source, { filePath: path });
  return res.messages.filter((m) => m.ruleId === 'no-restricted-imports').map((m) => m.message);
}

describe('layer rules are enforced by lint', () => {
  const cases: [string, string, boolean][] = [
    ['shared/probe.ts', "import { readFileSync } from 'fs';", true],
    ['shared/probe.ts', "import { join } from 'node:path';", true],
    ['shared/probe.ts', "import { app } from 'electron';", true],
    ['shared/probe.ts', "import { x } from '../main/services/inspect';", true],
    ['shared/probe.ts', "import { x } from './stream';", false],
    ['main/probe.ts', "import { app } from 'electron';", true],
    ['main/probe.ts', "import { x } from '../renderer/stores/ui';", true],
    ['main/probe.ts', "import { readFileSync } from 'node:fs';", false],
    ['renderer/probe.ts', "import { readFileSync } from 'node:fs';", true],
    ['renderer/probe.ts', "import { x } from '../main/services/dispatcher';", true],
    ['renderer/probe.ts', "import { x } from '../shared/contract/index';", false],
    ['app/probe.ts', "import { app } from 'electron';", false],
    ['tests/probe.test.ts', "import { app } from 'electron';", true],
    // Inside shared/: each layer imports only the layers below it.
    ['shared/bytes/probe.ts', "import { x } from '../decode/spec';", true],
    ['shared/decode/probe.ts', "import { x } from '../bytes/le';", false],
    ['shared/decode/probe.ts', "import { x } from '../sections/registry';", true],
    ['shared/decode/probe.ts', "import { x } from '../cper/guids';", true],
    ['shared/cper/probe.ts', "import { x } from './record';", true],
    ['shared/cper/probe.ts', "import { x } from '../sections/registry';", true],
    ['shared/pstore/probe.ts', "import { x } from '../cper/section';", false],
    ['shared/pstore/probe.ts', "import { x } from '../sections/define';", true],
    ['shared/sections/probe.ts', "import { x } from '../decode/json-text';", false],
    ['shared/sections/probe.ts', "import { x } from '../cper/section';", false],
    ['shared/sections/probe.ts', "import { x } from '../cper/record';", true],
    ['shared/sections/probe.ts', "import { x } from '../export/cper-json/record';", true],
    ['shared/cper/record.ts', "import { x } from '../sections/registry';", false],
    ['shared/cper/record.ts', "import { x } from '../store/decode';", true],
    ['shared/store/probe.ts', "import { x } from '../cper/record';", false],
    ['shared/store/probe.ts', "import { x } from '../input/index';", true],
    ['shared/input/probe.ts', "import { x } from '../export/cper-json/index';", true],
    ['shared/export/probe.ts', "import { x } from '../../input/index';", false],
    ['shared/export/probe.ts', "import { x } from '../../contract/index';", true],
    ['shared/report/probe.ts', "import { x } from '../timeline/index';", true],
    ['shared/contract/probe.ts', "import { x } from '../report/inspect';", false],
    // Inside renderer/: views < stores < transport.
    ['renderer/views/Probe.vue', '<script setup lang="ts">import { erst } from \'../transport/index\';</script>', true],
    ['renderer/views/probe.ts', "import { erst } from '../transport/index';", true],
    ['renderer/views/probe.ts', "import { useFiles } from '../stores/files';", false],
    ['renderer/components/probe.ts', "import { erst } from '../transport/index';", true],
    ['renderer/stores/probe.ts', "import { erst } from '../transport/index';", false],
    ['renderer/stores/probe.ts', "import { x } from '../views/StoreView.vue';", true],
    ['renderer/transport/probe.ts', "import { useFiles } from '../stores/files';", true],
  ];
  for (const [path, source, bad] of cases) {
    it(`${path}: ${source} is ${bad ? 'refused' : 'allowed'}`, async () => {
      const msgs = await refused(path, path.endsWith('.vue') ? `${source}\n` : `${source}\nexport const y = 1;\n`);
      expect(msgs.length > 0).toBe(bad);
    });
  }
});
