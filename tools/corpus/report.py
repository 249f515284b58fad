#!/usr/bin/env python3
"""Runs the attacker (attack.py) on every screen of the corpus and prints a Markdown table.

    python3 tools/corpus/report.py [CORPUS_DIR] [--json]

CORPUS_DIR defaults to capture-core/src/test/resources/redaction-corpus. Point it at a
folder of redacted screens laid out the same way (screens/, truth/, holdout/...) to see
what the attacker still reads after redaction.
"""
import json
import pathlib
import sys

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent))
import attack  # noqa: E402

ROOT = pathlib.Path(__file__).resolve().parents[2]


def main():
    args = [a for a in sys.argv[1:] if not a.startswith("--")]
    corpus = pathlib.Path(args[0]) if args else ROOT / "capture-core/src/test/resources/redaction-corpus"
    rows = []
    for split, base in (("dev", corpus), ("holdout", corpus / "holdout")):
        for image in sorted((base / "screens").glob("*.png")):
            truth = json.loads((base / "truth" / (image.stem + ".json")).read_text(encoding="utf-8"))
            result = attack.attack(str(image), truth, attack.read_all(str(image)))
            result.update(split=split, screen=image.stem, kb=image.stat().st_size // 1024)
            rows.append(result)
            print(f"{split}/{image.stem}: {len(result['recovered'])}/{result['secretsTotal']} secrets, "
                  f"{result['wordsRead']}/{result['wordsTotal']} words", file=sys.stderr)
    if "--json" in sys.argv:
        print(json.dumps(rows, indent=2, ensure_ascii=False))
        return
    print("| split | screen | secrets recovered (full + partial) | missed | words read | PNG KB |")
    print("|---|---|---|---|---|---|")
    totals = [0, 0, 0, 0, 0]
    for r in rows:
        missed = ", ".join(f"`{m}`" for m in r["missed"]) or "-"
        print(f"| {r['split']} | {r['screen']} | {len(r['recovered'])}/{r['secretsTotal']} "
              f"({len(r['recoveredFull'])} + {len(r['leaked'])}) | {missed} | {r['wordsRead']}/{r['wordsTotal']} | {r['kb']} |")
        totals = [a + b for a, b in zip(totals, (len(r["recovered"]), r["secretsTotal"], len(r["recoveredFull"]),
                                                 r["wordsRead"], r["wordsTotal"]))]
    print(f"| all | {len(rows)} screens | {totals[0]}/{totals[1]} ({totals[2]} full) | | {totals[3]}/{totals[4]} | |")


if __name__ == "__main__":
    main()
