/** Reads a dropped / picked File as base64 for files.upload (a browser page has no path to give). */
export async function fileBase64(f: File): Promise<string> {
  const url = await new Promise<string>((resolve, reject) => {
    const r = new FileReader();
    r.onload = () => resolve(String(r.result));
    r.onerror = () => reject(r.error);
    r.readAsDataURL(f);
  });
  return url.slice(url.indexOf(',') + 1);
}
