#!/usr/bin/env python3
"""Writes the hostile inputs of issue 15 into a folder, for measuring
engagekit's peak memory and time on them (BENCHMARKS.md, "Hostile inputs"):

    python3 benches/hostile.py /tmp/hostile
    cd /tmp/hostile && for t in fmt mul cat rep join ind loop; do
        /usr/bin/time -f "$t %M KB %e s" engagekit render $t.docx d.yaml -o out-$t.docx
    done
    /usr/bin/time -f "xlsx %M KB %e s" engagekit check big.xlsx
    /usr/bin/time -f "ods %M KB %e s" engagekit check bomb.ods
"""
import os
import sys
import zipfile

out = sys.argv[1] if len(sys.argv) > 1 else "hostile"
root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
os.makedirs(out, exist_ok=True)
os.chdir(out)

CT = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>'
RELS = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>'


def doc(name, text):
    body = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body><w:p><w:r><w:t xml:space="preserve">%s</w:t></w:r></w:p></w:body></w:document>' % text
    with zipfile.ZipFile(name, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", CT)
        z.writestr("_rels/.rels", RELS)
        z.writestr("word/document.xml", body)


doc("fmt.docx", "{{ '%99999999999s'|format('a') }}")
doc("mul.docx", "{% for i in range(50) %}{{ 'x'*10**8 }}{% endfor %}")
doc("cat.docx", "{% set ns = namespace(s='x'*1000000) %}{% for i in range(40) %}{% set ns.s = ns.s ~ ns.s %}{% endfor %}{{ ns.s|length }}")
doc("rep.docx", "{{ ('a'*10**7)|replace('a', 'bbbbbbbbbb') }}")
doc("join.docx", "{{ range(100000)|join('x'*100000) }}")
doc("ind.docx", "{{ 'a\\nb'|indent(10**10) }}")
doc("loop.docx", "{% for i in range(100000) %}{% for j in range(100000) %}{% endfor %}{% endfor %}")
with open("d.yaml", "w") as f:
    f.write("customer:\n  name: Acme\n")

# The sample workbook with an unused 1 GiB shared string: a 1 MB file.
src = zipfile.ZipFile(os.path.join(root, "samples/contoso.xlsx"))
with zipfile.ZipFile("big.xlsx", "w", zipfile.ZIP_DEFLATED) as z:
    for info in src.infolist():
        data = src.read(info.filename)
        if info.filename != "xl/sharedStrings.xml":
            z.writestr(info, data)
            continue
        head = data.decode().rsplit("</sst>", 1)[0]
        zi = zipfile.ZipInfo(info.filename)
        zi.compress_type = zipfile.ZIP_DEFLATED
        with z.open(zi, "w", force_zip64=True) as w:
            w.write(head.encode() + b"<si><t>")
            chunk = b"x" * (1 << 20)
            for _ in range(1024):
                w.write(chunk)
            w.write(b"</t></si></sst>")

# 20,000 rows of a value repeated across 16,384 columns: an 11 KB .ods.
row = '<table:table-row><table:table-cell table:number-columns-repeated="16384" office:value-type="float" office:value="1"/></table:table-row>'
content = ('<?xml version="1.0" encoding="UTF-8"?><office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" office:version="1.2"><office:body><office:spreadsheet><table:table table:name="Engagement">'
           + row * 20000 + "</table:table></office:spreadsheet></office:body></office:document-content>")
with zipfile.ZipFile("bomb.ods", "w", zipfile.ZIP_DEFLATED) as z:
    z.writestr(zipfile.ZipInfo("mimetype"), "application/vnd.oasis.opendocument.spreadsheet")
    z.writestr("content.xml", content)
