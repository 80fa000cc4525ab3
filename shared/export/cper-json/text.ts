/** The JSON writer lives with the compiled plans (decode/json-text.ts); this path is kept for older imports. */
export * from '../../decode/json-text';
