#!/usr/bin/env python3
"""The independent OCR attacker: how many planted secrets can Tesseract read off a screen?

    python3 tools/corpus/attack.py IMAGE TRUTH.json [--detail] [--text]

Runs the `tesseract` command (Debian's, not the engine's own OCR) four ways:
--psm 3 and --psm 11 on the image, and both again on a 2x upscale made with
ImageMagick (`convert -resize 200%`). A secret or word counts when ANY pass reads it.

Rule for a secret (documented in README.md):
  norm(s)   lowercase, keep only [a-z0-9], then fold the shapes OCR confuses:
            o -> 0, i and l -> 1, s -> 5, z -> 2, b -> 8. Spaces, dashes, dots,
            slashes, '@' and ':' all vanish, and the text of a pass is joined with no separator, so a value wrapped
            across two lines still matches.
  full      norm(value) occurs in norm(pass text), or is split in two pieces of 4+
            chars with some line of the pass ending in the first and some line
            starting with the second (a wrap whose halves OCR put apart, as when
            --psm 3 reads a neighbouring column in between). Values whose norm is shorter than
            8 chars (a CVC, an expiry) must instead equal 1 to 3 adjacent OCR tokens,
            so '737' is not found inside some unrelated number.
  core      PAYMENT_CARD and BANK_ACCOUNT only: the value's longest run of digits
            (spaces removed; for an IBAN the account digits, e.g. 0417164300 in
            NL91 ABNA 0417 1643 00) is 10+ digits long and occurs in norm(pass text).
  leak      random secrets only (CLOUD_KEY, API_TOKEN, JWT, PRIVATE_KEY, URL_CREDENTIAL,
            SECRET, PASSWORD): the value's core (without a public prefix such as
            sk_live_, ghp_, npm_, AKIA, AIza, xoxb-, glpat-; for a JWT its signature,
            since headers and claims repeat across tokens; for a URL credential the password after 'user:', itself without
            such a prefix) normalises to 16+ chars, and some 12-char run of it occurs in
            norm(pass text). Twelve random characters read off a screen is a leak even
            when the rest is blurred. Emails, phones and national IDs get no such rule:
            their pieces (a person's name, a 555 prefix) show up on screens legitimately.
  recovered = full or core or leak.
A word counts as read when it equals (case-insensitively) a run of letters in a pass.

Prints {"recovered": [values], "secretsTotal": n, "wordsRead": k, "wordsTotal": m}, plus
"recoveredFull", "leaked" (by the core or leak rule) and "missed" lists; --detail adds
"wordsMissed", --text adds the four OCR outputs.
"""
import concurrent.futures
import json
import os
import re
import shutil
import subprocess
import sys

FOLD = str.maketrans({"o": "0", "i": "1", "l": "1", "s": "5", "z": "2", "b": "8"})
PUBLIC_PREFIX = re.compile(r"^(sk_live_|sk_test_|sk-proj-|sk_|sk-|xoxb-|xoxp-|ghp_|gho_|github_pat_|glpat-|npm_|AIza|AKIA|ASIA)")
WINDOW = 12
LEAK_MIN_CORE = 16
SHORT = 8
WRAP_MIN_PIECE = 4
DIGITS_MIN_CORE = 10
DIGIT_CORE_CATEGORIES = {"PAYMENT_CARD", "BANK_ACCOUNT"}
RANDOM_CATEGORIES = {"CLOUD_KEY", "API_TOKEN", "JWT", "PRIVATE_KEY", "URL_CREDENTIAL", "SECRET", "PASSWORD"}


def norm(text: str) -> str:
    return re.sub(r"[^a-z0-9]", "", text.lower()).translate(FOLD)


def core(value: str, category: str) -> str:
    if category == "JWT" and value.count(".") == 2:
        return value.rsplit(".", 1)[1]  # header and claims repeat across tokens; the signature does not
    if category == "URL_CREDENTIAL" and ":" in value:
        value = value.split(":", 1)[1]
    return PUBLIC_PREFIX.sub("", value)


def convert_cmd() -> str:
    # Prefer ImageMagick's own binary over any stand-in earlier on PATH.
    for candidate in ("/usr/bin/convert", "/usr/bin/convert-im6.q16", shutil.which("convert")):
        if candidate and os.path.exists(candidate):
            return candidate
    sys.exit("attack.py: ImageMagick's convert is missing (apt-get install imagemagick)")


def ocr(image: str, psm: int, upscale: bool) -> str:
    env = dict(os.environ, OMP_THREAD_LIMIT="1")  # Debian's OpenMP build is ~5x slower without it
    cmd = ["tesseract", "stdin" if upscale else image, "stdout", "--psm", str(psm)]
    data = None
    if upscale:
        data = subprocess.run([convert_cmd(), image, "-resize", "200%", "png:-"],
                              check=True, capture_output=True).stdout
    run = subprocess.run(cmd, input=data, capture_output=True, env=env, check=True)
    return run.stdout.decode("utf-8", "replace")


def read_all(image: str) -> list:
    passes = [(3, False), (11, False), (3, True), (11, True)]
    with concurrent.futures.ThreadPoolExecutor(max_workers=max(2, os.cpu_count() or 2)) as pool:
        return list(pool.map(lambda p: ocr(image, *p), passes))


def found_wrapped(target: str, texts: list) -> bool:
    for text in texts:
        lines = [n for n in (norm(line) for line in text.splitlines()) if n]
        for k in range(WRAP_MIN_PIECE, len(target) - WRAP_MIN_PIECE + 1):
            head, tail = target[:k], target[k:]
            if any(line.endswith(head) for line in lines) and any(line.startswith(tail) for line in lines):
                return True
    return False


def found_full(value: str, texts: list, normed: list) -> bool:
    target = norm(value)
    if not target:
        return False
    if len(target) >= SHORT:
        return any(target in n for n in normed) or found_wrapped(target, texts)
    for text in texts:
        tokens = [norm(t) for t in text.split()]
        for i in range(len(tokens)):
            joined = ""
            for t in tokens[i:i + 3]:
                joined += t
                if joined == target:
                    return True
    return False


def found_digit_core(value: str, category: str, normed: list) -> bool:
    if category not in DIGIT_CORE_CATEGORIES:
        return False
    runs = re.findall(r"\d+", re.sub(r"\s", "", value))
    longest = max(runs, key=len, default="")
    return len(longest) >= DIGITS_MIN_CORE and any(longest in n for n in normed)


def found_leak(value: str, category: str, normed: list) -> bool:
    if category not in RANDOM_CATEGORIES:
        return False
    c = norm(core(value, category))
    if len(c) < LEAK_MIN_CORE:
        return False
    runs = {c[i:i + WINDOW] for i in range(len(c) - WINDOW + 1)}
    return any(r in n for n in normed for r in runs)


def attack(image: str, truth: dict, texts: list) -> dict:
    normed = [norm(t) for t in texts]
    full, leaked, missed = [], [], []
    for s in truth["secrets"]:
        if found_full(s["value"], texts, normed):
            full.append(s["value"])
        elif found_digit_core(s["value"], s["category"], normed) or found_leak(s["value"], s["category"], normed):
            leaked.append(s["value"])
        else:
            missed.append(s["value"])
    letters = set()
    for t in texts:
        letters.update(re.findall(r"[a-z]+", t.lower()))
    words_read = [w for w in truth["words"] if w.lower() in letters]
    return {
        "recovered": full + leaked,
        "secretsTotal": len(truth["secrets"]),
        "wordsRead": len(words_read),
        "wordsTotal": len(truth["words"]),
        "recoveredFull": full,
        "leaked": leaked,
        "missed": missed,
        "wordsMissed": [w for w in truth["words"] if w.lower() not in letters],
    }


def main():
    args = [a for a in sys.argv[1:] if not a.startswith("--")]
    if len(args) != 2:
        sys.exit(__doc__.split("\n\n")[1])
    image, truth_path = args
    with open(truth_path, encoding="utf-8") as f:
        truth = json.load(f)
    texts = read_all(image)
    result = attack(image, truth, texts)
    if "--detail" not in sys.argv:
        result.pop("wordsMissed")
    if "--text" in sys.argv:
        result["ocr"] = texts
    print(json.dumps(result, indent=2, ensure_ascii=False))


if __name__ == "__main__":
    main()
