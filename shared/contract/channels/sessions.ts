/**
 * Issue 6 will add the emulator console and the replay player here, e.g.
 *   'emulator.create' | 'emulator.poke' | 'emulator.peek' | 'emulator.bufRead' | 'emulator.bufWrite'
 *   'emulator.op' | 'emulator.undo' | 'emulator.history' | 'emulator.save'
 *   'replay.run' (+ event 'replay.state')
 * Adding one is: an entry in `sessions` (or `sessionEvents`) below with its validator and
 * result type, and its handler in main/services — the dispatcher's handler table is typed
 * from CHANNELS, so a missing handler is a compile error, and every transport carries it
 * without change.
 */
export const sessions = {};

export const sessionEvents = {};
