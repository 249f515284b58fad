#!/usr/bin/env python3
"""Read a Screentrail session without the Screentrail library (Python 3 standard library only).

    python3 docs/read_session.py SESSION_DIR                # summary as JSON
    python3 docs/read_session.py SESSION_DIR --records      # every record, one JSON per line
    python3 docs/read_session.py SESSION_DIR --extract OUT  # every stored image region to OUT/
    python3 docs/read_session.py SESSION_DIR --key-file KEY # an encrypted session

Encrypted sessions (AES-256-GCM, see FORMAT.md) need their key file and the `cryptography`
package (pip install cryptography) for AESGCM; everything else is the standard library.

It follows docs/FORMAT.md: checks each record's CRC-32, stops at a torn tail, and reports the
figures `screentrail inspect --json` reports. Rebuilding whole frames from regions needs an
image library (paste each region at its x, y over the previous frame); see FORMAT.md.
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


def main(argv):
    if len(argv) < 2:
        raise SystemExit(__doc__)
    session = argv[1]
    with open(os.path.join(session, "manifest.json"), encoding="utf-8") as f:
        manifest = json.load(f)
    if manifest.get("format") != "screentrail-session":
        raise SystemExit(f"{session}: not a Screentrail session")
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
    counters = {"captured": 0, "skipped": 0, "dropped": 0}
    summary = {"framesStored": 0, "keyframes": 0, "events": 0, "actions": 0, "markers": 0}
    last_mono = 0
    blob_end = FILE_HEADER
    end_reason = None
    for offset, r in records:
        last_mono = max(last_mono, r.get("mono", 0))
        kind = r.get("type")
        stats = r if kind == "stats" else r.get("stats", {})
        for k in counters:
            counters[k] = max(counters[k], stats.get(k, 0))
        if kind == "frame":
            for i, region in enumerate(r["regions"]):
                try:
                    image = read_blob(frames, region["off"], region["len"], region["crc"],
                                      decryptor)
                except (ValueError, struct.error) as e:
                    problems.append(f"frame #{r['seq']}: {e}")
                    continue
                blob_end = max(blob_end, region["off"] + RECORD_HEADER + region["len"])
                if out:
                    name = f"frame-{r['seq']:06d}-region-{i}-at-{region['x']}-{region['y']}.{r['format']}"
                    with open(os.path.join(out, name), "wb") as f:
                        f.write(image)
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
