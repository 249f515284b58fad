#!/usr/bin/env python3
"""Writes a screen's ground truth and checks it against its source.

    python3 tools/corpus/truth.py SOURCE OUT.json

SOURCE is a page (*.html) carrying its truth in
<script type="application/json" id="screentrail-truth">, or a terminal screen's
*.json truth beside the *.sh that prints it. The check fails the build when a
secret or word is not in the source's visible text, a category is unknown, a card
fails Luhn, or an IBAN fails mod-97, so the truth cannot drift from the screens.
"""
import html.parser
import json
import pathlib
import re
import sys

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent))
from fakes import iban_ok, luhn_ok  # noqa: E402

CATEGORIES = {"PAYMENT_CARD", "EMAIL", "PHONE", "NATIONAL_ID", "BANK_ACCOUNT", "CLOUD_KEY", "API_TOKEN",
              "JWT", "PRIVATE_KEY", "URL_CREDENTIAL", "SECRET", "PASSWORD"}
TRUTH_ID = "screentrail-truth"
BOUNDARY = "\x00"  # where a tag began or ended: words break there, a secret may run across it


class PageText(html.parser.HTMLParser):
    """Collects the text a page shows (text nodes and input values) and its truth block."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.parts, self.truth, self._skip, self._in_truth = [], None, 0, False

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        self.parts.append(BOUNDARY)
        if tag in ("script", "style", "title"):
            self._skip += 1
            self._in_truth = attrs.get("id") == TRUTH_ID
        if tag == "input" and attrs.get("value"):
            self.parts.append(attrs["value"])
        if tag in ("br", "div", "p", "tr", "li", "td", "th"):
            self.parts.append("\n")

    def handle_endtag(self, tag):
        self.parts.append(BOUNDARY)
        if tag in ("script", "style", "title"):
            self._skip -= 1
            self._in_truth = False

    def handle_data(self, data):
        if self._in_truth:
            self.truth = json.loads(data)
        elif not self._skip:
            self.parts.append(data)


def load(source: pathlib.Path):
    """(truth, visible text) of a page or of a terminal screen."""
    if source.suffix == ".html":
        parser = PageText()
        parser.feed(source.read_text(encoding="utf-8"))
        if parser.truth is None:
            sys.exit(f"{source}: no <script id='{TRUTH_ID}'> block")
        return parser.truth, "".join(parser.parts)
    truth = json.loads(source.read_text(encoding="utf-8"))
    script = source.with_suffix(".sh")
    # A printf "\n" in a script separates the lines it prints.
    return truth, script.read_text(encoding="utf-8").replace("\\n", "\n")


def squash(text: str) -> str:
    return re.sub(r"\s+", " ", text)


def check(source: pathlib.Path, truth: dict, text: str) -> list:
    problems = []
    flat = squash(text.replace(BOUNDARY, ""))
    if len(truth["secrets"]) == 0:
        problems.append("no secrets")
    for s in truth["secrets"]:
        value, category = s["value"], s["category"]
        if category not in CATEGORIES:
            problems.append(f"unknown category {category} for {value}")
        if squash(value) not in flat:
            problems.append(f"secret not shown: {value}")
        digits = re.sub(r"\D", "", value)
        if category == "PAYMENT_CARD" and len(digits) >= 13 and not luhn_ok(value):
            problems.append(f"card fails Luhn: {value}")
        if category == "BANK_ACCOUNT" and re.match(r"^[A-Z]{2}\d\d", value) and not iban_ok(value):
            problems.append(f"IBAN fails mod-97: {value}")
    words = truth["words"]
    lowered = [w.lower() for w in words]
    duplicates = sorted({w for w in lowered if lowered.count(w) > 1})
    if duplicates:
        problems.append(f"duplicate words (compared case-insensitively): {duplicates}")
    if len(words) < 15:
        problems.append(f"only {len(words)} words, want at least 15")
    shown = set(re.findall(r"[a-z]+", text.replace(BOUNDARY, " ").lower()))
    for w in words:
        if not re.fullmatch(r"[A-Za-z]{4,}", w):
            problems.append(f"word is not 4+ letters: {w}")
        elif w.lower() not in shown:
            problems.append(f"word not shown: {w}")
    return [f"{source.name}: {p}" for p in problems]


def main():
    source, out = pathlib.Path(sys.argv[1]), pathlib.Path(sys.argv[2])
    truth, text = load(source)
    problems = check(source, truth, text)
    if problems:
        print("\n".join(problems), file=sys.stderr)
        sys.exit(1)
    out.parent.mkdir(parents=True, exist_ok=True)
    clean = {"secrets": [{"value": s["value"], "category": s["category"]} for s in truth["secrets"]],
             "words": truth["words"]}
    out.write_text(json.dumps(clean, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
