// Every file the tool writes goes through here: evidence is never written or written into,
// nothing is written through a symlink, existing outputs need `force`, and every write is atomic.
export type { OutputPolicy } from './policy';
export { OutputRefused, InputChanged, type RefusalReason } from './refused';
export { checkOutput } from './check';
export { openAtomic, writeFileAtomic, type AtomicFile } from './atomic';
export { openOutputDir, type OutputDir } from './dir';
export { writeProvenance, hashFile, type ProvenanceInfo } from './provenance';
