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
  ];
  for (const [path, source, bad] of cases) {
    it(`${path}: ${source} is ${bad ? 'refused' : 'allowed'}`, async () => {
      const msgs = await refused(path, `${source}\nexport const y = 1;\n`);
      expect(msgs.length > 0).toBe(bad);
    });
  }
});
