// Child process for the kill test: writes SIZE bytes of a seeded pattern to TARGET through
// openAtomic in 1 MiB chunks, printing one line per chunk so the parent can kill it mid-way.
import { openAtomic } from '../../main/output/index';

const [target, sizeText, seedText] = process.argv.slice(2);
const size = Number(sizeText);
const seed = Number(seedText);
const f = openAtomic(target, { evidence: [], force: true });
const chunk = new Uint8Array(1 << 20);
for (let i = 0; i * chunk.length < size; i++) {
  chunk.fill((seed + i) & 0xff);
  f.write(chunk);
  process.stdout.write(`chunk ${i}\n`);
}
process.stdout.write('commit\n');
f.commit();
process.stdout.write('done\n');
