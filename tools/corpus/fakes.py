#!/usr/bin/env python3
"""Makes the corpus's fake secrets, and checks them.

Every token here is random characters behind a real product's public prefix, drawn
from a seeded generator so the corpus can be remade byte for byte; none is copied
from anywhere. Cards are published test numbers (Luhn-valid), IBANs pass ISO 13616
mod-97, SSNs are from ranges never issued or long since voided.

    python3 tools/corpus/fakes.py            # print a fresh set (seed 'screentrail-corpus')
    python3 tools/corpus/fakes.py SEED       # another set, for new pages
Other scripts import luhn_ok / iban_ok to validate the truth files.
"""
import base64
import json
import random
import string
import sys

UPPER_DIGITS = string.ascii_uppercase + string.digits
ALNUM = string.ascii_letters + string.digits
B64 = ALNUM + "+/"
B64URL = ALNUM + "-_"


def luhn_ok(number: str) -> bool:
    digits = [int(c) for c in number if c.isdigit()]
    total = 0
    for i, d in enumerate(reversed(digits)):
        if i % 2:
            d *= 2
            if d > 9:
                d -= 9
        total += d
    return len(digits) >= 12 and total % 10 == 0


def iban_ok(iban: str) -> bool:
    s = "".join(iban.split()).upper()
    rearranged = s[4:] + s[:4]
    return int("".join(str(int(c, 36)) for c in rearranged)) % 97 == 1


def iban_with_check(country: str, bban: str) -> str:
    """An IBAN for country + bban, with the check digits that make mod-97 pass."""
    rearranged = bban + country + "00"
    check = 98 - int("".join(str(int(c, 36)) for c in rearranged)) % 97
    raw = f"{country}{check:02d}{bban}"
    return " ".join(raw[i:i + 4] for i in range(0, len(raw), 4))


def b64url(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def make(seed: str) -> dict:
    rnd = random.Random(seed)

    def pick(alphabet, n):
        return "".join(rnd.choice(alphabet) for _ in range(n))

    def jwt(payload: dict) -> str:
        header = b64url(json.dumps({"alg": "HS256", "typ": "JWT"}, separators=(",", ":")).encode())
        body = b64url(json.dumps(payload, separators=(",", ":")).encode())
        return f"{header}.{body}.{pick(B64URL, 43)}"

    pem_der = bytes.fromhex("308204be020100300d06092a864886f70d0101010500048204a8308204a40201000282010100")
    pem_body = base64.b64encode(pem_der + bytes(rnd.getrandbits(8) for _ in range(1190))).decode()
    return {
        "aws_access_key_id": "AKIA" + pick("ABCDEFGHIJKLMNOPQRSTUVWXYZ234567", 16),
        "aws_secret_access_key": pick(B64, 40),
        "stripe_secret_key": "sk_live_" + pick(ALNUM, 24),
        "openai_api_key": "sk-proj-" + pick(B64URL, 48),
        "slack_bot_token": f"xoxb-{pick(string.digits, 12)}-{pick(string.digits, 13)}-{pick(ALNUM, 24)}",
        "github_token": "ghp_" + pick(ALNUM, 36),
        "gitlab_token": "glpat-" + pick(B64URL, 20),
        "google_api_key": "AIza" + pick(B64URL, 35),
        "generic_api_key": "sk_" + pick(ALNUM, 32),
        "password": pick(ALNUM, 6) + rnd.choice("!#%&*") + pick(ALNUM, 5),
        "db_password": pick(ALNUM, 16),
        "jwt": jwt({"sub": str(rnd.randint(10**5, 10**6)), "name": "Test User", "iat": 1700000000 + rnd.randint(0, 10**7)}),
        "iban_gb": iban_with_check("GB", "NWBK" + pick(string.digits, 14)),
        "iban_de": iban_with_check("DE", pick(string.digits, 18)),
        "iban_nl": iban_with_check("NL", "ABNA" + pick(string.digits, 10)),
        "pem_lines": [pem_body[i:i + 64] for i in range(0, len(pem_body), 64)],
        "npm_token": "npm_" + pick(ALNUM, 36),
    }


if __name__ == "__main__":
    print(json.dumps(make(sys.argv[1] if len(sys.argv) > 1 else "screentrail-corpus"), indent=2))
