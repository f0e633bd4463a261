#!/usr/bin/env python3
"""Inputs for the `render --each` memory figures (BENCHMARKS.md).

    python3 benches/make_records.py N OUT.json   # a JSON array of N records
    python3 benches/make_records.py N OUT.yaml   # a YAML stream of N documents

Each record is a small letter's data (~300 bytes); the template is
benches/fixtures/letter.docx (made by `make_records.py --template`, with
python-docx).
"""
import json
import sys


def record(i):
    return {
        "id": f"R-{i:06d}",
        "customer": {"name": f"Customer {i}", "city": "Oslo", "country": "NO"},
        "contact": f"Contact person {i}",
        "goal": f"Goal number {i}: move the reporting workload to Azure",
        "due": f"2026-{1 + i % 12:02d}-{1 + i % 28:02d}",
        "fee": 1000 + i % 5000,
        "notes": ["first note", "second note", "third note"],
    }


def template(path):
    import docx

    d = docx.Document()
    d.add_heading("Letter {{ id }}", 1)
    d.add_paragraph("Dear {{ contact }} of {{ customer.name }} ({{ customer.city }}),")
    d.add_paragraph("{{ goal }} is due on {{ due|date }}; the fee is {{ fee|money('EUR') }}.")
    d.add_paragraph("{%p for n in notes %}")
    d.add_paragraph("{{ loop.index }}. {{ n }}")
    d.add_paragraph("{%p endfor %}")
    d.save(path)


def main():
    if sys.argv[1] == "--template":
        template(sys.argv[2])
        return
    n, out = int(sys.argv[1]), sys.argv[2]
    with open(out, "w") as f:
        if out.endswith(".json"):
            f.write("[\n")
            for i in range(n):
                f.write(("," if i else "") + json.dumps(record(i)) + "\n")
            f.write("]\n")
        else:
            for i in range(n):
                f.write("---\n" + json.dumps(record(i)) + "\n")


main()
