#!/usr/bin/env python3
"""Where a session's bytes go: a breakdown by record kind, keyframes and deltas, JPEG tables
and entropy-coded data (as stored: a version 3 session's images lack the tables its jpegTables
record holds; what that saved is printed), copy and image regions, and the timeline's own JSON;
and the parts of earlier boxes stored again (`lifted`), each checked to meet no box its frame
hid; and the delta images' bytes inside hidden boxes, by whether the box was hidden at the same
place in the frame before.

    python3 benchmarks/session-bytes.py SESSION_DIR [--from SEQ] [--to SEQ] [--json]

--from/--to limit the frames counted to stored frames SEQ..SEQ (inclusive); the timeline's
other records are counted between the first and the last of those frames. Standard library
only (plaintext sessions); it reads records with docs/read_session.py.
"""
import base64
import json
import os
import struct
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "docs"))
import read_session  # noqa: E402

RECORD_HEADER = read_session.RECORD_HEADER


def jpeg_parts(data):
    """Bytes of (APP segments, quantization tables, Huffman tables, other markers, entropy data)."""
    if data[:2] != b"\xff\xd8":
        return None
    pos, app, dqt, dht, other = 2, 0, 0, 0, 2
    while pos + 4 <= len(data):
        marker = data[pos + 1]
        length = struct.unpack_from(">H", data, pos + 2)[0]
        seg = 2 + length
        if 0xE0 <= marker <= 0xEF:
            app += seg
        elif marker == 0xDB:
            dqt += seg
        elif marker == 0xC4:
            dht += seg
        else:
            other += seg
        pos += seg
        if marker == 0xDA:  # start of scan: the rest is entropy-coded data and EOI
            break
    entropy = len(data) - pos
    return app, dqt, dht, other, entropy


def overlap(a, b):
    """Whether rectangles a and b ({x, y, w, h}) share a pixel."""
    return (a["x"] < b["x"] + b["w"] and b["x"] < a["x"] + a["w"]
            and a["y"] < b["y"] + b["h"] and b["y"] < a["y"] + a["h"])


def inside(a, b):
    """Whether rectangle a lies inside rectangle b."""
    return (a["x"] >= b["x"] and a["y"] >= b["y"]
            and a["x"] + a["w"] <= b["x"] + b["w"] and a["y"] + a["h"] <= b["y"] + b["h"])


def inter_area(a, b):
    """Pixels rectangles a and b ({x, y, w, h}) share."""
    w = min(a["x"] + a["w"], b["x"] + b["w"]) - max(a["x"], b["x"])
    h = min(a["y"] + a["h"], b["y"] + b["h"]) - max(a["y"], b["y"])
    return w * h if w > 0 and h > 0 else 0


def box_kind(box):
    return "unread/unreadable" if box.get("detector") in ("unread", "unreadable") else "found"


def box_churn(box, before):
    """How box relates to the boxes of the frame before: same (the same rectangle), jittered
    (same rows, each side within 4 px), moved (the same size elsewhere, as a scroll moves it)
    or new."""
    for p in before:
        if (p["x"], p["y"], p["w"], p["h"]) == (box["x"], box["y"], box["w"], box["h"]):
            return "same"
    for p in before:
        if (p["y"] == box["y"] and p["h"] == box["h"] and abs(p["x"] - box["x"]) <= 4
                and abs(p["x"] + p["w"] - box["x"] - box["w"]) <= 4):
            return "jittered"
    for p in before:
        if (p["x"], p["w"], p["h"]) == (box["x"], box["w"], box["h"]):
            return "moved"
    return "new"


def main(argv):
    if len(argv) < 2:
        raise SystemExit(__doc__)
    session = argv[1]
    first = int(argv[argv.index("--from") + 1]) if "--from" in argv else 0
    last = int(argv[argv.index("--to") + 1]) if "--to" in argv else 1 << 62
    records, torn, problems = read_session.read_records(os.path.join(session, "timeline.bin"))
    with open(os.path.join(session, "frames.bin"), "rb") as f:
        frames = f.read()
    frame_monos = [r["mono"] for _, r in records
                   if r.get("type") == "frame" and first <= r["seq"] <= last]
    if not frame_monos:
        raise SystemExit("no frame records in that range")
    m0, m1 = min(frame_monos), max(frame_monos)
    b = {}  # bucket -> bytes

    def add(bucket, n, count=1):
        bytes_, c = b.get(bucket, (0, 0))
        b[bucket] = (bytes_ + n, c + count)

    sizes = []  # (w, h, bytes) of delta images
    lifted = {"regions": 0, "pixels": 0, "meetingABox": 0, "bytes": 0}
    # Delta images' bytes that lie in this frame's boxes, by the box's kind and its churn
    # against the frame before (a box hidden again at the same place should cost nothing when
    # the screen under it did not change); shares by area of the image holding them.
    boxes = {}
    previous_boxes = []
    frames_n = keys = 0
    # Version 3: images stored without the session's JPEG tables; what putting them back adds.
    tables = None
    shared = {"withoutDqt": 0, "withoutDht": 0, "bytesSaved": 0}
    for _, r in records:
        if r.get("type") == "jpegTables" and tables is None:
            tables = (base64.b64decode(r["dqt"]), base64.b64decode(r["dht"]))
        kind = r.get("type")
        if kind == "frame" and not first <= r["seq"] <= last:
            continue
        if kind != "frame" and not m0 <= r.get("mono", -1) <= m1:
            continue
        text = json.dumps(r, separators=(",", ":"))
        add(f"timeline: {kind} records", len(text.encode()) + RECORD_HEADER)
        if kind != "frame":
            continue
        frames_n += 1
        keys += 1 if r.get("key") else 0
        for part in ("stats", "redaction", "redactions", "lifted"):
            if part in r:
                add(f"timeline: frame `{part}` JSON",
                    len(json.dumps(r[part], separators=(",", ":")).encode()) + len(part) + 4)
        for l in r.get("lifted", []):
            lifted["regions"] += 1
            lifted["pixels"] += l["w"] * l["h"]
            if any(overlap(l, box) for box in r.get("redactions", [])):
                lifted["meetingABox"] += 1
        now_boxes = r.get("redactions", [])
        for box in now_boxes:
            key = (box_kind(box), box_churn(box, previous_boxes))
            n, pixels, bytes_ = boxes.get(key, (0, 0, 0))
            if not r.get("key"):
                for g in r["regions"]:
                    if read_session.is_copy(g):
                        continue
                    a = inter_area(box, g)
                    pixels += a
                    bytes_ += g["len"] * a / (g["w"] * g["h"])
            boxes[key] = (n + 1, pixels, bytes_)
        previous_boxes = now_boxes
        for g in r["regions"]:
            js = len(json.dumps(g, separators=(",", ":")).encode()) + 1
            if read_session.is_copy(g):
                add("timeline: copy region JSON", js)
                continue
            add("timeline: image region JSON", js)
            # A lifted part costs its image, or its share by area of the image it was merged into.
            inner = sum(l["w"] * l["h"] for l in r.get("lifted", []) if inside(l, g))
            lifted["bytes"] += round(g["len"] * min(1, inner / (g["w"] * g["h"])))
            data = frames[g["off"] + RECORD_HEADER:g["off"] + RECORD_HEADER + g["len"]]
            what = "keyframe" if r.get("key") else "delta"
            add(f"frames.bin: record headers ({what})", RECORD_HEADER)
            parts = jpeg_parts(data)
            if parts is not None and tables is not None:
                layout = read_session.jpeg_layout(data)
                if layout is not None:
                    shared["withoutDqt"] += 0 if layout[2] else 1
                    shared["withoutDht"] += 0 if layout[3] else 1
                    shared["bytesSaved"] += len(read_session.restore_jpeg(data, tables)) - len(data)
            if parts is None:
                add(f"frames.bin: {what} PNG", len(data))
                continue
            app, dqt, dht, other, entropy = parts
            add(f"frames.bin: {what} JPEG APP0", app)
            add(f"frames.bin: {what} JPEG quantization tables", dqt)
            add(f"frames.bin: {what} JPEG Huffman tables", dht)
            add(f"frames.bin: {what} JPEG other markers", other)
            add(f"frames.bin: {what} JPEG entropy data", entropy)
            if not r.get("key"):
                sizes.append((g["w"], g["h"], len(data)))
    total = sum(v[0] for v in b.values())
    seconds = max((m1 - m0) / 1e9, 1e-9)
    out = {"frames": frames_n, "keyframes": keys, "seconds": round(seconds, 1), "bytes": total,
           "mbPerHour": round(total / seconds * 3600 / 1e6, 1),
           "buckets": {k: {"bytes": v[0], "count": v[1]} for k, v in sorted(b.items())}}
    small = [s for s in sizes if s[2] < 4096]
    out["deltaImages"] = {
        "count": len(sizes),
        "bytes": sum(s[2] for s in sizes),
        "pixels": sum(s[0] * s[1] for s in sizes),
        "under4KB": len(small),
        "under4KBBytes": sum(s[2] for s in small),
        "perFrame": round(len(sizes) / max(frames_n, 1), 1),
    }
    out["lifted"] = lifted
    shared["mbPerHourSaved"] = round(shared["bytesSaved"] / seconds * 3600 / 1e6, 1)
    out["sharedJpegTables"] = shared
    out["boxes"] = {f"{k[0]} {k[1]}": {"boxes": v[0], "pixelsEncoded": v[1],
                                       "bytes": round(v[2])} for k, v in sorted(boxes.items())}
    if "--json" in argv:
        print(json.dumps(out, indent=2))
        return
    print(f"{session}: {frames_n} frames ({keys} keyframes) over {seconds:.1f} s,"
          f" {total:,} bytes, {out['mbPerHour']} MB/hour")
    print("| where | bytes | share | count | bytes per frame |")
    print("|---|---:|---:|---:|---:|")
    for k, (n, c) in sorted(b.items(), key=lambda kv: -kv[1][0]):
        print(f"| {k} | {n:,} | {100 * n / total:.1f} % | {c} | {n / max(frames_n, 1):,.0f} |")
    d = out["deltaImages"]
    print(f"delta images: {d['count']} ({d['perFrame']} a frame), {d['bytes']:,} bytes,"
          f" {d['pixels']:,} pixels ({8 * d['bytes'] / max(d['pixels'], 1):.2f} bits a pixel);"
          f" {d['under4KB']} under 4 KB holding {d['under4KBBytes']:,} bytes")
    if tables is not None:
        print(f"shared JPEG tables (format 3): {shared['withoutDqt']} images stored without their"
              f" DQT, {shared['withoutDht']} without their DHT, {shared['bytesSaved']:,} bytes"
              f" not stored ({shared['mbPerHourSaved']} MB/hour); the tables record is counted"
              f" above")
    print(f"lifted: {lifted['regions']} parts of earlier boxes stored again, {lifted['pixels']:,}"
          f" pixels, about {lifted['bytes']:,} bytes"
          f" ({lifted['bytes'] / seconds * 3600 / 1e6:.1f} MB/hour);"
          f" {lifted['meetingABox']} meeting a box of their frame (must be 0)")
    print("| boxes (kind, against the frame before) | boxes | pixels in delta images | about"
          " bytes | MB/hour |")
    print("|---|---:|---:|---:|---:|")
    for k, v in out["boxes"].items():
        print(f"| {k} | {v['boxes']} | {v['pixelsEncoded']:,} | {v['bytes']:,} |"
              f" {v['bytes'] / seconds * 3600 / 1e6:.1f} |")


if __name__ == "__main__":
    main(sys.argv)
