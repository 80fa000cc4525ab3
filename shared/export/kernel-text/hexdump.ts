/** Linux's print_hex_dump lives in bytes/hexdump.ts; this path is kept for older imports. */
export * from '../../bytes/hexdump';
