import { rng } from './rng';

const WORDS = [
  'pci',
  'ACPI:',
  'usb',
  'e1000e',
  'nvme0n1',
  'EXT4-fs',
  'systemd[1]:',
  'CPU0:',
  'x86/mm:',
  'audit:',
  'sd 0:0:0:0:',
  'random:',
  'clocksource:',
  'Freeing',
  'unused',
  'kernel',
  'memory',
  'Mounted',
  'device',
  'link',
  'up',
  'registered',
  'driver',
  'irq',
  'probe',
  'ready',
  'timeout',
  'reset',
];

/** Syslog-prefixed, printk-timestamped lines like those pstore captures: `<6>[   12.345678] …\n`. */
export function kernelLog(lines: number, seed: number): string {
  const r = rng(seed);
  let t = 0;
  const out: string[] = [];
  for (let i = 0; i < lines; i++) {
    t += r() * 0.05;
    const words = Array.from({ length: 3 + Math.floor(r() * 9) }, () => WORDS[Math.floor(r() * WORDS.length)]);
    const sec = Math.floor(t);
    const usec = Math.floor((t - sec) * 1e6);
    out.push(`<${Math.floor(r() * 8)}>[${String(sec).padStart(5)}.${String(usec).padStart(6, '0')}] ${words.join(' ')} ${i}\n`);
  }
  return out.join('');
}
