import { ACTION, EXECUTE_MAGIC, REG, actionInfo, statusName } from '../../shared/erst/actions';
import { EV, type ParsedTrace } from './trace';

/**
 * What one parsed trace event means, in the action table's words. `lastAction` is the code
 * last written to ACTION within the same operation: it tells what a VALUE read carries.
 */
export function eventMeaning(t: ParsedTrace, i: number, lastAction?: number): string {
  switch (t.kind[i]) {
    case EV.RESET_IN:
    case EV.RESET_OUT:
      return 'device reset';
    case EV.REALIZE_OUT:
      return 'device realized (store checked / formatted)';
    case EV.BAR0:
      return 'ACPI table build (BAR0 address)';
    case EV.REG_WRITE:
      return writeMeaning(t.addr[i], value(t, i));
    case EV.REG_READ:
      return readMeaning(t.addr[i], value(t, i), lastAction);
    default:
      return '';
  }
}

/** The action code a register write event puts in ACTION, or undefined for other events. */
export function actionWritten(t: ParsedTrace, i: number): number | undefined {
  return t.kind[i] === EV.REG_WRITE && t.addr[i] === REG.ACTION ? Number(value(t, i)) : undefined;
}

function value(t: ParsedTrace, i: number): bigint {
  return (BigInt(t.hi[i]) << 32n) | BigInt(t.lo[i]);
}

function writeMeaning(addr: number, v: bigint): string {
  if (addr === REG.ACTION) {
    const info = actionInfo(v);
    return info ? `ACTION ← ${info.name}` : `ACTION ← 0x${v.toString(16)} (no action)`;
  }
  if (addr === REG.VALUE)
    return v === BigInt(EXECUTE_MAGIC)
      ? `VALUE lo ← 0x${EXECUTE_MAGIC.toString(16)} (EXECUTE magic)`
      : `VALUE lo ← 0x${v.toString(16)} (${v})`;
  if (addr === REG.VALUE_HI) return `VALUE hi ← 0x${v.toString(16)}`;
  return `write at 0x${addr.toString(16)}: ignored`;
}

function readMeaning(addr: number, v: bigint, lastAction?: number): string {
  if (addr === REG.VALUE) {
    const what =
      lastAction === ACTION.GET_COMMAND_STATUS
        ? ` → ${statusName(Number(v))}`
        : lastAction === ACTION.CHECK_BUSY_STATUS
          ? v
            ? ' → busy'
            : ' → not busy'
          : lastAction === ACTION.GET_RECORD_COUNT
            ? ' → record count'
            : '';
    return `guest reads VALUE lo = 0x${v.toString(16)} (${v})${what}`;
  }
  if (addr === REG.VALUE_HI) return `guest reads VALUE hi = 0x${v.toString(16)}`;
  return `guest reads 0x${addr.toString(16)} = 0x${v.toString(16)}`;
}
