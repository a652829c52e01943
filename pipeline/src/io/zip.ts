// Zip files that come out byte-identical every time: entries in the order given, stored (no
// compression, so no zlib version can change a byte), one fixed DOS timestamp (2000-01-01 00:00 in
// local fields, so the time zone changes nothing either), mode 0644. And a reader for the zips this
// writes (and any plain zip: stored or deflated entries, the central directory as the index).
//
//   const bytes = await zipBytes([{ name: "a/README.md", data: Buffer.from("hi\n") }]);
//   for (const e of readZip(bytes, "run.zip")) e.name, e.data
import { inflateRawSync } from "node:zlib";
import yazl from "yazl";
import { TunixError } from "../errors.ts";

export interface ZipMember {
  /** `/`-separated path inside the zip. */
  name: string;
  data: Buffer;
}

/** Local-time fields, so the DOS date/time yazl writes is the same in every time zone. */
const FIXED_TIME = new Date(2000, 0, 1, 0, 0, 0);

export function zipBytes(members: readonly ZipMember[]): Promise<Buffer> {
  const zip = new yazl.ZipFile();
  for (const m of members) {
    zip.addBuffer(m.data, m.name, {
      mtime: FIXED_TIME,
      mode: 0o100644,
      compress: false,
      forceDosTimestamp: true,
    });
  }
  zip.end();
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    zip.outputStream.on("data", (c: Buffer) => chunks.push(c));
    zip.outputStream.on("error", reject);
    zip.outputStream.on("end", () => resolve(Buffer.concat(chunks)));
  });
}

/** Every file entry of a zip, in central-directory order. `display` names the zip in errors. */
export function readZip(bytes: Buffer, display: string): ZipMember[] {
  const bad = (message: string) =>
    new TunixError("E_SCHEMA", { file: display, message: `not a readable zip: ${message}` });
  // End of central directory: the last `PK\x05\x06` (a comment of up to 65535 bytes may follow it).
  let eocd = -1;
  for (let i = bytes.length - 22; i >= Math.max(0, bytes.length - 22 - 0xffff); i--) {
    if (bytes.readUInt32LE(i) === 0x06054b50) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) throw bad("no end of central directory");
  const count = bytes.readUInt16LE(eocd + 10);
  let at = bytes.readUInt32LE(eocd + 16);
  const out: ZipMember[] = [];
  for (let n = 0; n < count; n++) {
    if (at + 46 > bytes.length || bytes.readUInt32LE(at) !== 0x02014b50)
      throw bad(`central directory entry ${n}`);
    const method = bytes.readUInt16LE(at + 10);
    const size = bytes.readUInt32LE(at + 20);
    const nameLength = bytes.readUInt16LE(at + 28);
    const extraLength = bytes.readUInt16LE(at + 30);
    const commentLength = bytes.readUInt16LE(at + 32);
    const local = bytes.readUInt32LE(at + 42);
    const name = bytes.subarray(at + 46, at + 46 + nameLength).toString("utf8");
    at += 46 + nameLength + extraLength + commentLength;
    if (name.endsWith("/")) continue; // a folder entry
    if (local + 30 > bytes.length || bytes.readUInt32LE(local) !== 0x04034b50)
      throw bad(`local header of ${name}`);
    const start = local + 30 + bytes.readUInt16LE(local + 26) + bytes.readUInt16LE(local + 28);
    const raw = bytes.subarray(start, start + size);
    if (raw.length !== size) throw bad(`${name} is cut short`);
    if (method === 0) out.push({ name, data: Buffer.from(raw) });
    else if (method === 8) out.push({ name, data: inflateRawSync(raw) });
    else throw bad(`${name} uses compression method ${method}`);
  }
  return out;
}
