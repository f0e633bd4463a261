"""Renders a template with python-docx-template (autoescape on), for the parity
test in tests/integration/parity.rs: python3 docxtpl_render.py TEMPLATE DATA.json OUT."""
import json
import sys

from docxtpl import DocxTemplate

template, data, out = sys.argv[1:4]
with open(data, encoding="utf-8") as f:
    context = json.load(f)
doc = DocxTemplate(template)
doc.render(context, autoescape=True)
doc.save(out)
