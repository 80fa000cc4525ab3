/** The compiled JSON plans live in decode/json-plan.ts; this path is kept for older imports. */
export * from '../../decode/json-plan';
