#!/usr/bin/env python3
"""Read a Screentrail session without the Screentrail library (Python 3 standard library only).

    python3 docs/read_session.py SESSION_DIR                # summary as JSON
    python3 docs/read_session.py SESSION_DIR --records      # every record, one JSON per line
    python3 docs/read_session.py SESSION_DIR --extract OUT  # every stored image region to OUT/
    python3 docs/read_session.py SESSION_DIR --rebuild OUT  # every stored frame, whole, as OUT/*.ppm
    python3 docs/read_session.py SESSION_DIR --key-file KEY # an encrypted session

Encrypted sessions (AES-256-GCM, see FORMAT.md) need their key file and the `cryptography`
package (pip install cryptography) for AESGCM; everything else is the standard library.

It follows docs/FORMAT.md: checks each record's CRC-32, stops at a torn tail, and reports the
figures `screentrail inspect --json` reports. --rebuild applies each frame's copy regions and
pastes its images over the previous frame (FORMAT.md, "Rebuilding whole frames") and writes
binary PPM files; PNG sessions need nothing else, JPEG sessions the Pillow package. In a
version 3 session JPEG images are stored without the tables the session's `jpegTables` record
holds; --extract and --rebuild put them back, so extracted images are complete JPEG files.
"""
import base64
import hashlib
import hmac
import json
import os
import struct
import sys
import zlib

FILE_HEADER = 16
RECORD_HEADER = 12
TIMELINE_MAGIC = 0x31525453  # b"STR1"
BLOB_MAGIC = 0x31425453  # b"STB1"


class Decryptor:
    """Opens the records of an encrypted session: AES-256-GCM under the session's data key."""

    def __init__(self, session, manifest, key_file):
        enc = manifest["encryption"]
        if enc.get("algorithm") != "AES-256-GCM":
            raise SystemExit(f"{session}: unknown encryption {enc.get('algorithm')}")
        if key_file is None:
            raise SystemExit(f"{session} is encrypted (key id {enc.get('keyId')}):"
                             " pass its key with --key-file FILE")
        try:
            from cryptography.hazmat.primitives.ciphers.aead import AESGCM
        except ImportError:
            raise SystemExit("decrypting needs the cryptography package: pip install cryptography")
        with open(key_file, "rb") as f:
            raw = f.read()
        key = raw if len(raw) == 32 else parse_key(raw.decode("ascii").strip())
        check = base64.b64decode(enc["keyCheck"])
        try:
            AESGCM(key).decrypt(check[:12], check[12:], b"screentrail-key-check")
        except Exception:
            raise SystemExit(f"Wrong key for {session}: it was encrypted with key id {enc.get('keyId')}")
        self.session_id = manifest["sessionId"].encode("utf-8")
        data_key = hmac.new(key, b"screentrail-session-key" + self.session_id,
                            hashlib.sha256).digest()
        self.aead = AESGCM(data_key)

    def open(self, payload, file_tag, offset):
        """The plaintext, or None when the record does not authenticate."""
        aad = self.session_id + file_tag + struct.pack("<Q", offset)
        try:
            return self.aead.decrypt(payload[:12], payload[12:], aad)
        except Exception:
            return None


def parse_key(text):
    if len(text) == 64:
        return bytes.fromhex(text)
    return base64.b64decode(text)


def read_records(path, decryptor=None):
    """Yields (offset, record) for each intact record; returns (torn, problems) at the end."""
    problems = []
    with open(path, "rb") as f:
        data = f.read()
    if data[:8] != b"STRLTIME":
        raise SystemExit(f"{path}: not a Screentrail timeline file")
    pos = FILE_HEADER
    torn = False
    records = []
    index = -1
    while pos < len(data):
        index += 1
        if len(data) - pos < RECORD_HEADER:
            torn = True
            break
        magic, length, crc = struct.unpack_from("<III", data, pos)
        if magic != TIMELINE_MAGIC:
            if not any(data[pos:]):
                torn = True
            else:
                problems.append(f"no record header at offset {pos}")
            break
        end = pos + RECORD_HEADER + length
        if end > len(data):
            torn = True
            break
        payload = data[pos + RECORD_HEADER:end]
        if zlib.crc32(payload) != crc:
            if end == len(data):
                torn = True
            else:
                problems.append(f"checksum mismatch at offset {pos}")
            pos = end
            continue
        if decryptor:
            payload = decryptor.open(payload, b"T", pos)
            if payload is None:
                problems.append(f"record #{index} in timeline.bin at offset"
                                f" {pos} failed authentication (tampered or corrupt)")
                pos = end
                continue
        records.append((pos, json.loads(payload.decode("utf-8"))))
        pos = end
    return records, torn, problems


def read_blob(frames, offset, length, crc, decryptor=None):
    magic, stored_length, stored_crc = struct.unpack_from("<III", frames, offset)
    data = frames[offset + RECORD_HEADER:offset + RECORD_HEADER + length]
    if magic != BLOB_MAGIC or stored_length != length or len(data) != length:
        raise ValueError(f"no image at offset {offset}")
    if zlib.crc32(data) != crc or stored_crc != crc:
        raise ValueError(f"checksum mismatch in the image at offset {offset}")
    if decryptor:
        data = decryptor.open(data, b"F", offset)
        if data is None:
            raise ValueError(f"image record in frames.bin at offset {offset} failed authentication")
    return data


def jpeg_layout(data):
    """Offsets of the SOFn and SOS markers and the DQT/DHT segment counts before SOS, or None."""
    if data[:2] != b"\xff\xd8":
        return None
    pos, sof, dqt, dht = 2, None, 0, 0
    while pos + 4 <= len(data) and data[pos] == 0xFF:
        marker = data[pos + 1]
        length = struct.unpack_from(">H", data, pos + 2)[0]
        if marker == 0xDB:
            dqt += 1
        elif marker == 0xC4:
            dht += 1
        elif marker == 0xDA:
            return (sof, pos, dqt, dht) if sof is not None else None
        elif 0xC0 <= marker <= 0xCF and marker not in (0xC8, 0xCC):
            sof = pos
        pos += 2 + length
    return None


def restore_jpeg(data, tables):
    """A version 3 image with the session's tables put back (FORMAT.md, "Shared JPEG tables"):
    the DQT segments before SOFn when it has none, the DHT segments before SOS when it has none."""
    layout = jpeg_layout(data)
    if layout is None:
        return data
    sof, sos, dqt, dht = layout
    if dqt and dht:
        return data
    if tables is None:
        raise ValueError("a JPEG stored without its tables, and no jpegTables record")
    out = data[:sof] + (tables[0] if not dqt else b"") + data[sof:sos] \
        + (tables[1] if not dht else b"") + data[sos:]
    return out


def decode_png(data):
    """(width, height, RGB bytes) of an 8-bit RGB PNG, as OpenCV writes them (standard library)."""
    if data[:8] != b"\x89PNG\r\n\x1a\n":
        raise ValueError("not a PNG image")
    pos, idat, width, height = 8, [], 0, 0
    while pos < len(data):
        length, kind = struct.unpack_from(">I4s", data, pos)
        body = data[pos + 8:pos + 8 + length]
        if kind == b"IHDR":
            width, height, depth, color, _, _, interlace = struct.unpack(">IIBBBBB", body)
            if depth != 8 or color != 2 or interlace != 0:
                raise ValueError(f"PNG depth {depth} colour type {color} is not 8-bit RGB")
        elif kind == b"IDAT":
            idat.append(body)
        pos += 12 + length
    raw = zlib.decompress(b"".join(idat))
    row_bytes = width * 3
    out = bytearray(row_bytes * height)
    prior = bytearray(row_bytes)
    for y in range(height):
        kind = raw[y * (row_bytes + 1)]
        line = bytearray(raw[y * (row_bytes + 1) + 1:(y + 1) * (row_bytes + 1)])
        for i in range(row_bytes):
            left = line[i - 3] if i >= 3 else 0
            if kind == 1:
                line[i] = (line[i] + left) & 0xFF
            elif kind == 2:
                line[i] = (line[i] + prior[i]) & 0xFF
            elif kind == 3:
                line[i] = (line[i] + ((left + prior[i]) >> 1)) & 0xFF
            elif kind == 4:
                up_left = prior[i - 3] if i >= 3 else 0
                p = left + prior[i] - up_left
                pa, pb, pc = abs(p - left), abs(p - prior[i]), abs(p - up_left)
                pred = left if pa <= pb and pa <= pc else prior[i] if pb <= pc else up_left
                line[i] = (line[i] + pred) & 0xFF
        out[y * row_bytes:(y + 1) * row_bytes] = line
        prior = line
    return width, height, out


def decode_image(data, fmt):
    if fmt == "png":
        return decode_png(data)
    try:
        from PIL import Image
    except ImportError:
        raise SystemExit("rebuilding JPEG frames needs the Pillow package: pip install Pillow")
    import io
    img = Image.open(io.BytesIO(data)).convert("RGB")
    return img.width, img.height, img.tobytes()


def is_copy(region):
    """A copy region (format 2): pixels of the previous frame, moved; no image of its own."""
    return "fromX" in region and "off" not in region


class Rebuilder:
    """Whole frames from their regions: copies from the previous frame first, then images."""

    def __init__(self, width, height):
        self.width, self.height = width, height
        self.canvas = bytearray(width * height * 3)
        self.valid = False

    def apply(self, record, images):
        """images: the decoded (w, h, RGB) of each image region, in the record's order."""
        if not record.get("key") and not self.valid:
            raise ValueError("it builds on a frame that could not be read")
        row = self.width * 3
        # Every copy reads the previous frame as it was before this frame: a snapshot.
        before = bytes(self.canvas)
        for region in record["regions"]:
            if not is_copy(region):
                continue
            x, y, w, h = region["x"], region["y"], region["w"], region["h"]
            fx, fy = region["fromX"], region["fromY"]
            if record.get("key") or min(x, y, fx, fy) < 0 or max(x, fx) + w > self.width \
                    or max(y, fy) + h > self.height:
                raise ValueError(f"copy region {w}x{h} from {fx},{fy} to {x},{y} does not fit")
            for r in range(h):
                src = (fy + r) * row + fx * 3
                dst = (y + r) * row + x * 3
                self.canvas[dst:dst + w * 3] = before[src:src + w * 3]
        for region, (w, h, pixels) in zip([g for g in record["regions"] if not is_copy(g)], images):
            x, y = region["x"], region["y"]
            if (w, h) != (region["w"], region["h"]) or x + w > self.width or y + h > self.height:
                raise ValueError(f"an image of {w}x{h} does not fit its region")
            for r in range(h):
                dst = (y + r) * row + x * 3
                self.canvas[dst:dst + w * 3] = pixels[r * w * 3:(r + 1) * w * 3]
        self.valid = True

    def write_ppm(self, path):
        with open(path, "wb") as f:
            f.write(b"P6\n%d %d\n255\n" % (self.width, self.height))
            f.write(self.canvas)


def main(argv):
    if len(argv) < 2:
        raise SystemExit(__doc__)
    session = argv[1]
    with open(os.path.join(session, "manifest.json"), encoding="utf-8") as f:
        manifest = json.load(f)
    if manifest.get("format") != "screentrail-session":
        raise SystemExit(f"{session}: not a Screentrail session")
    if manifest.get("formatVersion") not in (1, 2, 3):
        raise SystemExit(f"{session}: format version {manifest.get('formatVersion')}; this reader"
                         " reads versions 1 to 3")
    decryptor = None
    if "encryption" in manifest:
        key_file = argv[argv.index("--key-file") + 1] if "--key-file" in argv else None
        decryptor = Decryptor(session, manifest, key_file)
    records, torn, problems = read_records(os.path.join(session, "timeline.bin"), decryptor)
    if decryptor and records and records[0][1].get("type") == "manifest":
        manifest = {**records[0][1]["manifest"], **manifest}
    with open(os.path.join(session, "frames.bin"), "rb") as f:
        frames = f.read()
    if "--records" in argv:
        for offset, record in records:
            print(json.dumps(record))
        return
    out = argv[argv.index("--extract") + 1] if "--extract" in argv else None
    if out:
        os.makedirs(out, exist_ok=True)
    rebuild_dir = argv[argv.index("--rebuild") + 1] if "--rebuild" in argv else None
    rebuilder = None
    if rebuild_dir:
        os.makedirs(rebuild_dir, exist_ok=True)
        geometry = manifest["geometry"]
        rebuilder = Rebuilder(geometry["width"], geometry["height"])
    counters = {"captured": 0, "skipped": 0, "dropped": 0}
    summary = {"framesStored": 0, "keyframes": 0, "events": 0, "actions": 0, "markers": 0}
    last_mono = 0
    blob_end = FILE_HEADER
    end_reason = None
    tables = None  # (DQT, DHT) of the jpegTables record, version 3
    for offset, r in records:
        last_mono = max(last_mono, r.get("mono", 0))
        kind = r.get("type")
        stats = r if kind == "stats" else r.get("stats", {})
        for k in counters:
            counters[k] = max(counters[k], stats.get(k, 0))
        if kind == "jpegTables" and manifest["formatVersion"] >= 3 and tables is None:
            tables = (base64.b64decode(r["dqt"]), base64.b64decode(r["dht"]))
        if kind == "frame":
            images = []
            for i, region in enumerate(r["regions"]):
                if is_copy(region):
                    continue
                try:
                    image = read_blob(frames, region["off"], region["len"], region["crc"],
                                      decryptor)
                    if manifest["formatVersion"] >= 3:
                        image = restore_jpeg(image, tables)
                except (ValueError, struct.error) as e:
                    problems.append(f"frame #{r['seq']}: {e}")
                    continue
                blob_end = max(blob_end, region["off"] + RECORD_HEADER + region["len"])
                if rebuilder:
                    images.append(decode_image(image, r["format"]))
                if out:
                    name = f"frame-{r['seq']:06d}-region-{i}-at-{region['x']}-{region['y']}.{r['format']}"
                    with open(os.path.join(out, name), "wb") as f:
                        f.write(image)
            if rebuilder:
                try:
                    if len(images) != sum(1 for g in r["regions"] if not is_copy(g)):
                        raise ValueError("an image is missing")
                    rebuilder.apply(r, images)
                    rebuilder.write_ppm(os.path.join(rebuild_dir, f"frame-{r['seq']:06d}.ppm"))
                except ValueError as e:
                    rebuilder.valid = False
                    problems.append(f"frame #{r['seq']} not rebuilt: {e}")
            summary["framesStored"] += 1
            summary["keyframes"] += 1 if r.get("key") else 0
        elif kind in ("event", "action", "marker"):
            summary[kind + "s"] += 1
        elif kind == "end":
            end_reason = r.get("reason")
    summary.update({
        "ok": not problems,
        "records": len(records),
        # Bytes after the last referenced image were left by an interrupted write.
        "tornTail": torn or len(frames) > blob_end,
        "framesCaptured": counters["captured"],
        "framesSkippedUnchanged": counters["skipped"],
        "framesDropped": counters["dropped"],
        "durationSeconds": last_mono / 1e9,
        "endReason": end_reason,
        "problems": problems,
    })
    print(json.dumps(summary, indent=2))


if __name__ == "__main__":
    main(sys.argv)
