/**
 * The ERST serialization actions and command statuses as QEMU's acpi-erst implements them.
 * One table serves the device model, the trace decoder and the reports, so a name or an
 * effect is written down once.
 */

export const ACTION = {
  BEGIN_WRITE: 0x0,
  BEGIN_READ: 0x1,
  BEGIN_CLEAR: 0x2,
  END: 0x3,
  SET_RECORD_OFFSET: 0x4,
  EXECUTE: 0x5,
  CHECK_BUSY_STATUS: 0x6,
  GET_COMMAND_STATUS: 0x7,
  GET_RECORD_IDENTIFIER: 0x8,
  SET_RECORD_IDENTIFIER: 0x9,
  GET_RECORD_COUNT: 0xa,
  BEGIN_DUMMY_WRITE: 0xb,
  RESERVED: 0xc,
  GET_ERROR_LOG_ADDRESS_RANGE: 0xd,
  GET_ERROR_LOG_ADDRESS_LENGTH: 0xe,
  GET_ERROR_LOG_ADDRESS_RANGE_ATTRIBUTES: 0xf,
  GET_EXECUTE_OPERATION_TIMINGS: 0x10,
} as const;

/** What writing an action code to ACTION does in QEMU (doc §3); `kind` drives the model's dispatch. */
export type ActionKind =
  | 'begin' // operation = code
  | 'set-offset' // record_offset = (u32)VALUE
  | 'execute' // runs the pending operation when (u8)VALUE == 0x9C
  | 'get' // VALUE = something
  | 'set-id' // record_identifier = VALUE
  | 'nop';

export interface ActionInfo {
  code: number;
  name: string;
  kind: ActionKind;
  /** One line for reports and the UI. */
  effect: string;
}

export const ACTIONS: readonly ActionInfo[] = [
  { code: 0x0, name: 'BEGIN_WRITE_OPERATION', kind: 'begin', effect: 'operation = write' },
  { code: 0x1, name: 'BEGIN_READ_OPERATION', kind: 'begin', effect: 'operation = read' },
  { code: 0x2, name: 'BEGIN_CLEAR_OPERATION', kind: 'begin', effect: 'operation = clear' },
  { code: 0x3, name: 'END_OPERATION', kind: 'begin', effect: 'operation = end' },
  { code: 0x4, name: 'SET_RECORD_OFFSET', kind: 'set-offset', effect: 'record_offset = low 32 bits of VALUE' },
  { code: 0x5, name: 'EXECUTE_OPERATION', kind: 'execute', effect: 'runs the operation if the low byte of VALUE is 0x9C' },
  { code: 0x6, name: 'CHECK_BUSY_STATUS', kind: 'get', effect: 'VALUE = busy (always 0)' },
  { code: 0x7, name: 'GET_COMMAND_STATUS', kind: 'get', effect: 'VALUE = command status' },
  { code: 0x8, name: 'GET_RECORD_IDENTIFIER', kind: 'get', effect: 'VALUE = next id in slot order (~0 at the end); status = SUCCESS' },
  { code: 0x9, name: 'SET_RECORD_IDENTIFIER', kind: 'set-id', effect: 'record_identifier = VALUE' },
  { code: 0xa, name: 'GET_RECORD_COUNT', kind: 'get', effect: 'VALUE = header record_count' },
  { code: 0xb, name: 'BEGIN_DUMMY_WRITE_OPERATION', kind: 'begin', effect: 'operation = dummy write' },
  { code: 0xc, name: 'RESERVED', kind: 'nop', effect: 'nothing' },
  { code: 0xd, name: 'GET_ERROR_LOG_ADDRESS_RANGE', kind: 'get', effect: 'VALUE = BAR1 address' },
  { code: 0xe, name: 'GET_ERROR_LOG_ADDRESS_RANGE_LENGTH', kind: 'get', effect: 'VALUE = header record_size' },
  { code: 0xf, name: 'GET_ERROR_LOG_ADDRESS_RANGE_ATTRIBUTES', kind: 'get', effect: 'VALUE = 0' },
  { code: 0x10, name: 'GET_EXECUTE_OPERATION_TIMINGS', kind: 'get', effect: 'VALUE = 0x000000640000000a' },
];

export function actionInfo(code: number | bigint): ActionInfo | undefined {
  return typeof code === 'bigint' ? (code <= 0x10n ? ACTIONS[Number(code)] : undefined) : ACTIONS[code];
}

export const EXECUTE_MAGIC = 0x9c;

export const STATUS = {
  SUCCESS: 0,
  NOT_ENOUGH_SPACE: 1,
  HARDWARE_NOT_AVAILABLE: 2,
  FAILED: 3,
  RECORD_STORE_EMPTY: 4,
  RECORD_NOT_FOUND: 5,
} as const;

const STATUS_NAMES = ['SUCCESS', 'NOT_ENOUGH_SPACE', 'HARDWARE_NOT_AVAILABLE', 'FAILED', 'RECORD_STORE_EMPTY', 'RECORD_NOT_FOUND'];

export function statusName(s: number): string {
  return STATUS_NAMES[s] ?? `UNKNOWN(${s})`;
}

/** The operations EXECUTE can run, keyed by the `operation` register. */
export type OperationName = 'write' | 'read' | 'clear' | 'end' | 'dummy-write';

export function operationName(op: number): OperationName | undefined {
  switch (op) {
    case ACTION.BEGIN_WRITE:
      return 'write';
    case ACTION.BEGIN_READ:
      return 'read';
    case ACTION.BEGIN_CLEAR:
      return 'clear';
    case ACTION.END:
      return 'end';
    case ACTION.BEGIN_DUMMY_WRITE:
      return 'dummy-write';
    default:
      return undefined;
  }
}

/** BAR0 register offsets. */
export const REG = { ACTION: 0x0, VALUE: 0x8, VALUE_HI: 0xc, SIZE: 16 } as const;

/** UEFI CPER header offsets QEMU looks at. */
export const CPER_RECORD_LENGTH_OFFSET = 20;
export const CPER_RECORD_ID_OFFSET = 96;
export const CPER_RECORD_MIN_SIZE = 128;
