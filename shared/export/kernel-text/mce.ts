/**
 * Linux x86 MCE records (`struct mce` in a CPER_SECTION_TYPE_MCE section, written by
 * apei_write_mce) as the kernel prints a machine check: arch/x86/kernel/cpu/mce/core.c
 * `__print_mce` + `print_mce` (L6.1; docs/linux-pstore-cper.md §7.4). Values come from the
 * STRUCT_MCE declaration; fields a shorter (older) struct lacks read as 0, as the kernel's
 * zero-extended copy would.
 *
 * Differences from the kernel, by necessity: the `{symbol}` after a kernel-mode RIP is not
 * resolved (no symbol table), and SYND/IPID are printed when the vendor is AMD or Hygon
 * (the kernel prints them on SMCA CPUs, a CPU feature the record does not carry).
 */
import { leanValues } from '../../decode/lean';
import { intOf } from '../../decode/linux-plan';
import type { Value } from '../../decode/struct';
import { STRUCT_MCE } from '../../pstore/mce';
import { num } from '../../sections/common';

const X86_VENDOR_AMD = 2;
const X86_VENDOR_HYGON = 9;

const hx = (v: bigint | number): string => v.toString(16);

/** The lines `print_mce` writes for one `struct mce`, each starting with `pfx`. */
export function mceLines(pfx: string, bytes: Uint8Array): string[] {
  const { v } = leanValues(bytes, 0, STRUCT_MCE, bytes.length);
  const mcg = intOf(v.mcgstatus);
  const ip = intOf(v.ip);
  const vendor = num(v.cpuvendor);
  const smca = vendor === X86_VENDOR_AMD || vendor === X86_VENDOR_HYGON;
  const out: string[] = [];
  out.push(
    `${pfx}CPU ${num(v.extcpu)}: Machine Check${mcg & 4n ? ' Exception' : ''}: ${hx(mcg)} Bank ${num(v.bank)}: ${hx(intOf(v.status)).padStart(16, '0')}`,
  );
  if (ip) out.push(`${pfx}RIP${mcg & 2n ? '' : ' !INEXACT!'} ${hx(num(v.cs)).padStart(2, '0')}:<${hx(ip).padStart(16, '0')}> `);
  let tsc = `${pfx}TSC ${hx(intOf(v.tsc))} `;
  const opt = (label: string, val: Value) => {
    const b = intOf(val);
    if (b) tsc += `${label} ${hx(b)} `;
  };
  opt('ADDR', v.addr);
  opt('MISC', v.misc);
  opt('PPIN', v.ppin);
  if (smca) {
    opt('SYND', v.synd);
    opt('IPID', v.ipid);
  }
  out.push(tsc);
  out.push(
    `${pfx}PROCESSOR ${vendor}:${hx(num(v.cpuid))} TIME ${intOf(v.time)} SOCKET ${num(v.socketid)} APIC ${hx(num(v.apicid))} microcode ${hx(num(v.microcode))}`,
  );
  if (!smca) out.push(`${pfx}Run the above through 'mcelog --ascii'`);
  return out;
}
