// shared/ sees neither DOM nor Node types (lib ES2022 only), but both hosts provide the
// WHATWG text codecs. Declare just the surface shared/ uses so nothing else leaks in.
declare class TextDecoder {
  constructor(label?: string, options?: { fatal?: boolean; ignoreBOM?: boolean });
  decode(input?: Uint8Array): string;
}
declare class TextEncoder {
  encode(input?: string): Uint8Array;
}
