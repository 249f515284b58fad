#!/usr/bin/env python3
"""The page scene of run-leak-probe.sh: writes a long local HTML page holding fake sensitive
values (PAGE.html) and the list of those values (VALUES.tsv, one `kind<TAB>value` a line, read by
LeakProbe --values). The page has prose, a table and a form in each section; sections take turns
between two fonts (DejaVu Sans, DejaVu Serif) and four sizes (11, 13, 14, 16 px), all
anti-aliased. Its script scrolls by steps that cut lines at varying heights (37, 53, 120, 251 px,
a smooth 180 px, and 160 px in eight small steps), one step every 0.6 s, and starts over at the
bottom.

Usage: leak-page.py PAGE.html VALUES.tsv
"""
import random
import sys

page_path, values_path = sys.argv[1], sys.argv[2]

# Fake values, every one valid for its detector (Luhn, mod 97) and found nowhere else on the page.
VALUES = [
    ("card", "4539 1488 0343 6467"),
    ("card", "5425233430109903"),
    ("card", "3714 496353 98431"),
    ("email", "maria.keller@northwindmail.com"),
    ("email", "j.okafor88@contosobank.net"),
    ("ssn", "536-22-8417"),
    ("phone", "+1 (415) 555-0142"),
    ("phone", "+44 20 7946 0958"),
    ("iban", "DE89 3704 0044 0532 0130 00"),
    ("iban", "GB82 WEST 1234 5698 7654 32"),
    ("aws", "AKIA5Q2RZ7XTB3MHN4PL"),
    ("password", "Tr0ub4dor&3xq"),
]
card1, card2, card3, mail1, mail2, ssn, phone1, phone2, iban1, iban2, aws, pw = \
    [v for _, v in VALUES]

rnd = random.Random(11)
words = ("account invoice customer shipment order review quarter balance transfer branch "
         "support ticket region office contract renewal payment schedule meeting report "
         "update status partner service billing address delivery number notes team").split()


def sentence():
    s = " ".join(rnd.choice(words) for _ in range(rnd.randint(7, 15)))
    return s[0].upper() + s[1:] + "."


FONTS = ["'DejaVu Sans', sans-serif", "'DejaVu Serif', serif"]
SIZES = [11, 13, 14, 16]
parts = ["<!doctype html><html><head><meta charset=utf-8><title>Customer records</title><style>",
         "body{margin:20px 36px;color:#1e1e1e;background:#fff}",
         "td,th{border:1px solid #bbb;padding:2px 8px;text-align:left}",
         "table{border-collapse:collapse;margin:8px 0}",
         "input{font:inherit;padding:2px 4px;width:22em}label{display:inline-block;width:9em}",
         "form div{margin:4px 0}</style></head><body>"]
for sec in range(1, 25):
    font = FONTS[sec % 2]
    size = SIZES[(sec // 2) % 4]
    parts.append(f"<section style=\"font:{size}px/1.4 {font}\">")
    parts.append(f"<h3>{sec}. {rnd.choice(words).title()} {rnd.choice(words)}</h3>")
    kind = sec % 4
    if kind == 0:
        parts.append(f"<p>{sentence()} The customer paid with card {card1} and asked for a "
                     f"receipt at {mail1}. {sentence()}</p>")
        parts.append(f"<p>{sentence()} Call back on {phone1} about the refund. Her SSN "
                     f"{ssn} is on file. {sentence()}</p>")
    elif kind == 1:
        parts.append(f"<p>{sentence()} Wire the balance to IBAN {iban1} before Friday; the "
                     f"second card {card2} stays blocked. {sentence()}</p>")
        parts.append(f"<p>{sentence()} The deploy job still uses the key {aws}, and the "
                     f"shared login is password: {pw} for now. {sentence()}</p>")
    elif kind == 2:
        parts.append(f"<p>{sentence()} {sentence()} Contact {mail2} or {phone2}. "
                     f"{sentence()}</p>")
        parts.append(f"<p>{sentence()} Amex {card3} was charged twice. {sentence()}</p>")
    else:
        parts.append(f"<p>{sentence()} Refunds go to {iban2}. {sentence()} {sentence()}</p>")
    if sec % 2 == 0:
        parts.append("<table><tr><th>name</th><th>e-mail</th><th>card</th><th>SSN</th>"
                     "<th>phone</th></tr>")
        parts.append(f"<tr><td>Maria Keller</td><td>{mail1}</td><td>{card1}</td>"
                     f"<td>{ssn}</td><td>{phone1}</td></tr>")
        parts.append(f"<tr><td>{rnd.choice(words).title()} office</td><td>none</td>"
                     f"<td>{rnd.randint(100, 999)} units</td><td>n/a</td><td>ext. "
                     f"{rnd.randint(10, 99)}</td></tr>")
        parts.append(f"<tr><td>John Okafor</td><td>{mail2}</td><td>{card2}</td>"
                     f"<td>n/a</td><td>{phone2}</td></tr>")
        parts.append("</table>")
    else:
        parts.append("<form>")
        parts.append(f"<div><label>Card number</label><input value=\"{card2}\"></div>")
        parts.append(f"<div><label>E-mail</label><input value=\"{mail1}\"></div>")
        parts.append(f"<div><label>IBAN</label><input value=\"{iban1}\"></div>")
        parts.append(f"<div><label>password:</label><input value=\"{pw}\"></div>")
        parts.append(f"<div><label>Access key</label><input value=\"{aws}\"></div>")
        parts.append("</form>")
    parts.append(f"<p>{sentence()} {sentence()}</p>")
    parts.append("</section>")

parts.append("""<script>
// Steps that end at varying heights, so lines are cut at the viewport's edges at every height;
// the smooth ones leave frames in mid-scroll.
var steps = [37, 53, 120, 251, 's180', 'p160'];
var n = 0;
function partial(total, k) {
  if (k >= 8) return;
  window.scrollBy(0, total / 8);
  setTimeout(function () { partial(total, k + 1); }, 40);
}
setInterval(function () {
  if (window.innerHeight + window.scrollY >= document.body.scrollHeight - 2) {
    window.scrollTo(0, 0);
    return;
  }
  var s = steps[n++ % steps.length];
  if (typeof s === 'number') window.scrollBy(0, s);
  else if (s[0] === 's') window.scrollBy({top: +s.slice(1), behavior: 'smooth'});
  else partial(+s.slice(1), 0);
}, 600);
</script></body></html>""")
with open(page_path, "w") as f:
    f.write("\n".join(parts))
with open(values_path, "w") as f:
    f.write("".join(f"{k}\t{v}\n" for k, v in VALUES))
