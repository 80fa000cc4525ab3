import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

/**
 * The packaging inputs in build/ are generated (build/generate-icons.mjs) and referenced from
 * electron-builder.yml; these checks catch a renamed file or a broken image before a
 * packaging run on another machine does.
 */
const yml = readFileSync('electron-builder.yml', 'utf8');
const pngSize = (file: string) => {
  const b = readFileSync(file);
  expect(b.subarray(0, 8).toString('hex'), file).toBe('89504e470d0a1a0a');
  expect(b.subarray(12, 16).toString('latin1')).toBe('IHDR');
  return [b.readUInt32BE(16), b.readUInt32BE(20)];
};

describe('packaging resources', () => {
  it('every path electron-builder.yml names exists', () => {
    const paths = [...yml.matchAll(/^\s*(?:icon|entitlements|entitlementsInherit|installerIcon|uninstallerIcon):\s*(\S+)/gm)].map(
      (m) => m[1]!,
    );
    expect(paths.length).toBeGreaterThanOrEqual(6);
    for (const p of paths) expect(existsSync(p), p).toBe(true);
  });

  it('Linux icons are square PNGs of the size their names say, 16 to 512 and more', () => {
    for (const s of [16, 24, 32, 48, 64, 128, 256, 512, 1024]) expect(pngSize(`build/icons/${s}x${s}.png`)).toEqual([s, s]);
  });

  it('icon.ico holds PNG entries from 16 to 256', () => {
    const b = readFileSync('build/icon.ico');
    expect([b.readUInt16LE(0), b.readUInt16LE(2)]).toEqual([0, 1]);
    const sizes = Array.from({ length: b.readUInt16LE(4) }, (_, i) => {
      const e = 6 + 16 * i;
      const [len, off] = [b.readUInt32LE(e + 8), b.readUInt32LE(e + 12)];
      expect(b.subarray(off, off + 4).toString('latin1')).toBe('\x89PNG');
      expect(off + len).toBeLessThanOrEqual(b.length);
      return b[e] || 256;
    });
    expect(sizes).toEqual([16, 24, 32, 48, 64, 128, 256]);
  });

  it('icon.icns is well formed and has the 512@2x entry', () => {
    const b = readFileSync('build/icon.icns');
    expect(b.subarray(0, 4).toString('latin1')).toBe('icns');
    expect(b.readUInt32BE(4)).toBe(b.length);
    const types: string[] = [];
    for (let o = 8; o < b.length; o += b.readUInt32BE(o + 4)) types.push(b.subarray(o, o + 4).toString('latin1'));
    expect(types).toEqual(expect.arrayContaining(['icp4', 'ic07', 'ic08', 'ic09', 'ic10']));
  });

  it('the desktop entry and electron-builder agree on name, types and executable', () => {
    const desktop = readFileSync('build/linux/erst-viewer.desktop', 'utf8');
    const field = (k: string) => desktop.match(new RegExp(`^${k}=(.*)$`, 'm'))?.[1];
    expect(field('Exec')).toBe('erst-viewer-desktop %F');
    expect(yml).toContain('executableName: erst-viewer-desktop');
    for (const k of ['Name', 'GenericName', 'Comment', 'Categories', 'Keywords', 'MimeType', 'StartupWMClass']) {
      expect(yml, k).toContain(`${k}: ${field(k)}`);
    }
    const mime = readFileSync('build/linux/erst-viewer-mime.xml', 'utf8');
    for (const t of field('MimeType')!.split(';').filter(Boolean)) expect(mime).toContain(`type="${t}"`);
  });
});
